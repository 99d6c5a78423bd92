import { describe, expect, it } from 'vitest';
import { insideNodeModules, KeyFinder, parseJson, siblingPath, tooLarge } from './text.js';

describe('KeyFinder', () => {
  const text = [
    '{',
    '  "deps": {"a": "1"},',
    '  "a": {',
    '    "x": 1',
    '  },',
    '  "b\\"q": {},',
    '  "c": []',
    '}',
  ].join('\n');

  it('finds keys that open an object, in order, skipping string values', () => {
    const f = new KeyFinder(text, 0, '{');
    expect(f.line('deps')).toBe(2);
    expect(f.line('a')).toBe(3);
    expect(f.line('b"q')).toBe(6);
    // "c" opens an array, not an object.
    expect(f.line('c')).toBeUndefined();
  });

  it('finds array-valued and string-valued keys when asked', () => {
    expect(new KeyFinder(text, 0, '[').line('c')).toBe(7);
    const f = new KeyFinder(text, text.indexOf('"deps"'), '"');
    expect(f.find('a')).toBe(text.indexOf('"a": "1"'));
  });

  it('stops searching after repeated misses', () => {
    const f = new KeyFinder(text, 0, '{');
    for (let i = 0; i < 21; i++) expect(f.line(`missing${i}`)).toBeUndefined();
    expect(f.line('a')).toBeUndefined();
  });
});

describe('parseJson', () => {
  it.each([
    ['{"a": 1,}', 1, 9],
    ['{\n  "a": 1\n  "b": 2\n}', 3, 3],
    ['oops', 1, 1],
    ['{"a": ', 1, 7],
  ])('%j fails at %i:%i', (text, line, col) => {
    const r = parseJson(text);
    expect('error' in r && r.error).toMatch(new RegExp(`^invalid JSON at ${line}:${col}: `));
  });

  it('returns values and reports empty files', () => {
    expect(parseJson('[1]')).toEqual({ value: [1] });
    expect(parseJson('  ')).toEqual({ error: 'invalid JSON: the file is empty' });
  });
});

describe('paths and limits', () => {
  it('joins siblings and spots node_modules directories', () => {
    expect(siblingPath('a/b/yarn.lock', 'package.json')).toBe('a/b/package.json');
    expect(siblingPath('yarn.lock', 'package.json')).toBe('package.json');
    expect(insideNodeModules('x/node_modules/y/package-lock.json')).toBe(true);
    expect(insideNodeModules('node_modules.lock/package-lock.json')).toBe(false);
    expect(tooLarge('small', 'f')).toBeUndefined();
  });
});
