import { describe, expect, it } from 'vitest';
import { formatUuid, uuidV5 } from './sbom-input.js';

describe('formatUuid', () => {
  it('sets the version and variant bits and keeps every other bit of the bytes', () => {
    expect(formatUuid(new Uint8Array(16).fill(0xff), 4)).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff');
    expect(formatUuid(new Uint8Array(16), 4)).toBe('00000000-0000-4000-8000-000000000000');
    expect(formatUuid(new Uint8Array(20).fill(0x11), 5)).toBe('11111111-1111-5111-9111-111111111111');
    expect(() => formatUuid(new Uint8Array(8), 4)).toThrow(/16 bytes/);
  });
});

describe('uuidV5', () => {
  it('gives the same version 5 UUID for the same name and another for another name', () => {
    const V5 = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(uuidV5('a')).toMatch(V5);
    expect(uuidV5('a')).toBe(uuidV5('a'));
    expect(uuidV5('b')).not.toBe(uuidV5('a'));
  });
});
