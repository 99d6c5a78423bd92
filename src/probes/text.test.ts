import { describe, expect, it } from 'vitest';
import { list, oneLine, plural, quote } from './text.js';

describe('message text helpers', () => {
  it('keeps one line and replaces control, bidi and zero-width characters', () => {
    expect(oneLine('  a\r\nb\tc   d ')).toBe('a b c d');
    // A line separator is not ordinary whitespace in a name: it is shown, not flattened.
    expect(oneLine('c\u2028d')).toBe('c\\u2028d');
    expect(oneLine('x\u001b[31my\u0000z\u202e\u200bw')).toBe('x\\u001B[31my\\u0000z\\u202E\\u200Bw');
    expect(oneLine('<b>html</b> stays text')).toBe('<b>html</b> stays text');
  });

  it('truncates', () => {
    expect(oneLine('abcdef', 4)).toBe('abc…');
    expect(quote('a`b', 10)).toBe("`a'b`");
  });

  it('lists and pluralises', () => {
    expect(list([])).toBe('');
    expect(list(['a'])).toBe('a');
    expect(list(['a', 'b', 'c'])).toBe('a, b and c');
    expect(list(['a', 'b', 'c', 'd'], 2)).toBe('a, b and 2 more');
    expect(plural(1, 'file')).toBe('1 file');
    expect(plural(2, 'entry', 'entries')).toBe('2 entries');
  });
});
