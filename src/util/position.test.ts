import { describe, expect, it } from 'vitest';
import { jsonPathPosition, jsonPositions } from './position.js';

describe('JSON-path positions', () => {
  const text =
    '{\n  "name": "x",\n  "deps": {\n    "a": "1",\n    "b\\"c": "2"\n  },\n  "list": [1, {"k": true}]\n}\n';

  it('gives the line and column of a member key, an array element and the root', () => {
    expect(jsonPathPosition(text, ['name'])).toEqual({ line: 2, column: 3 });
    expect(jsonPathPosition(text, ['deps', 'a'])).toEqual({ line: 4, column: 5 });
    expect(jsonPathPosition(text, ['deps', 'b"c'])).toEqual({ line: 5, column: 5 });
    expect(jsonPathPosition(text, ['list', 1])).toEqual({ line: 7, column: 15 });
    expect(jsonPathPosition(text, ['list', 1, 'k'])).toEqual({ line: 7, column: 16 });
    expect(jsonPathPosition(text, [])).toEqual({ line: 1, column: 1 });
  });

  it('says undefined for a path the document does not hold, and reads JSONC and broken text', () => {
    const find = jsonPositions(text);
    expect(find(['deps', 'z'])).toBeUndefined();
    expect(find(['name', 'x'])).toBeUndefined();
    expect(jsonPathPosition('{\n  // c\n  "a": 1,\n}', ['a'])).toEqual({ line: 3, column: 3 });
    expect(jsonPathPosition('{"a": 1, "b": ', ['a'])).toEqual({ line: 1, column: 2 });
  });
});
