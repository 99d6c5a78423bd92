import { describe, expect, it } from 'vitest';
import { positionOf } from '../../../util/position.js';
import { base64ToHex, parseJson, scanJsonKeys } from './json-keys.js';

describe('scanJsonKeys', () => {
  it('reports each key with its path and line, past tricky strings', () => {
    const text = [
      '{',
      '  "a": "x\\"}{[,",',
      '  "list": [',
      '    {"name": "one", "v": "\\\\"},',
      '    {"n\\u0061me": "two"}',
      '  ],',
      '  "b": {"c": [1, {"d": null}]}',
      '}',
    ].join('\n');
    JSON.parse(text);
    const seen: string[] = [];
    scanJsonKeys(text, (path, key, line) => seen.push(`${path.join('.')}|${key}|${line}`));
    expect(seen).toEqual([
      '|a|2',
      '|list|3',
      'list.0|name|4',
      'list.0|v|4',
      'list.1|name|5',
      '|b|7',
      'b|c|7',
      'b.c.1|d|7',
    ]);
  });

  it('skips keys deeper than maxDepth', () => {
    const seen: string[] = [];
    scanJsonKeys('{"a": {"b": {"c": 1}}}', (_p, key) => seen.push(key), 1);
    expect(seen).toEqual(['a', 'b']);
  });
});

describe('json helpers', () => {
  it('locates parse errors', async () => {
    expect((await parseJson('{\n  "a": 1,\n  "b": }')).error).toMatch(/^invalid JSON at 3:8/);
    expect((await parseJson('')).error).toMatch(/^invalid JSON/);
    expect((await parseJson('[1]')).value).toEqual([1]);
    expect(positionOf('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });

  it('converts base64 to hex and rejects non-base64', () => {
    expect(base64ToHex('AAEC')).toBe('000102');
    expect(base64ToHex('not base64!')).toBeUndefined();
    expect(base64ToHex('abc')).toBeUndefined();
  });
});
