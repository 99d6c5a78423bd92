import { describe, expect, it } from 'vitest';
import { hexHash, LineIndex, parseAlgColonHex } from './text.js';

describe('hashes and lines', () => {
  it('accepts only well-formed hex digests', () => {
    expect(parseAlgColonHex(`sha256:${'AB'.repeat(32)}`)).toEqual({
      alg: 'SHA-256',
      content: 'ab'.repeat(32),
    });
    expect(parseAlgColonHex('sha256:123')).toBeUndefined();
    expect(parseAlgColonHex(`whirlpool:${'a'.repeat(128)}`)).toBeUndefined();
    expect(hexHash('sha512', 'f'.repeat(128))?.alg).toBe('SHA-512');
  });

  it('maps offsets to 1-based lines', () => {
    const idx = new LineIndex('a\nbc\n\nd');
    expect([0, 1, 2, 4, 5, 6].map((o) => idx.lineAt(o))).toEqual([1, 1, 2, 2, 3, 4]);
  });
});
