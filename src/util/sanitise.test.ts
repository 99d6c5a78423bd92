import { describe, expect, it } from 'vitest';
import { escapeUnsafe, hasUnsafeChars, oneLine, toSafeJson } from './sanitise.js';

// One of each class the sanitiser must catch, by code point.
const UNSAFE = [
  0x00, 0x07, 0x1b, 0x7f, 0x85, 0x9b, 0x61c, 0x200b, 0x200c, 0x200d, 0x200e, 0x200f, 0x2028, 0x2029, 0x202a,
  0x202b, 0x202c, 0x202d, 0x202e, 0x2060, 0x2066, 0x2067, 0x2068, 0x2069, 0xfeff,
];

describe('the shared sanitiser', () => {
  it('shows every control, bidi, separator and zero-width character as a visible escape', () => {
    for (const cp of UNSAFE) {
      const c = String.fromCharCode(cp);
      expect(hasUnsafeChars(`a${c}b`), cp.toString(16)).toBe(true);
      const hex = cp.toString(16).toUpperCase().padStart(4, '0');
      expect(escapeUnsafe(`a${c}b`)).toBe(`a\\u${hex}b`);
    }
  });

  it('leaves ordinary text, accents, other scripts and emoji alone', () => {
    for (const s of ['plain', 'café', '日本語', 'עברית', '🙂']) {
      expect(hasUnsafeChars(s)).toBe(false);
      expect(escapeUnsafe(s)).toBe(s);
    }
  });

  it('oneLine turns tabs and line breaks into a space and cuts to the limit', () => {
    expect(oneLine('a\r\n\tb')).toBe('a b');
    expect(oneLine('x'.repeat(50), 10)).toBe(`${'x'.repeat(9)}…`);
  });

  it('toSafeJson writes unsafe characters as \\u escapes and round-trips the value', () => {
    const value = { name: `evil\u2028\u200F\u202E\u0085\u0007.json` };
    const text = toSafeJson(value, 2);
    expect(hasUnsafeChars(text.replace(/\n/g, ''))).toBe(false);
    expect(text).toContain('evil\\u2028\\u200F\\u202E\\u0085\\u0007.json');
    expect(JSON.parse(text)).toEqual(value);
  });

  it('toSafeJson escapes DEL in otherwise ASCII text, and unsafe characters among other non-ASCII text', () => {
    expect(toSafeJson({ a: 'x\u007fy' })).toBe('{"a":"x\\u007Fy"}');
    expect(toSafeJson({ a: 'café' })).toBe('{"a":"café"}');
    expect(toSafeJson({ a: 'café\u2066' })).toBe('{"a":"café\\u2066"}');
    expect(toSafeJson({ a: 'plain' })).toBe('{"a":"plain"}');
  });
});
