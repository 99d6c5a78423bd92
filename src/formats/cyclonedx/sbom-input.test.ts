import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { formatUuid, osRandomBytes, randomUuid } from './sbom-input.js';

const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('randomUuid', () => {
  it('gives distinct version 4 UUIDs in the form node:crypto gives them', () => {
    const many = Array.from({ length: 500 }, () => randomUuid());
    for (const u of many) expect(u).toMatch(V4);
    expect(randomUUID()).toMatch(V4);
    expect(new Set(many).size).toBe(many.length);
  });

  it('reads the operating system source where there is one, else falls back to node:crypto', () => {
    if (process.platform !== 'win32') expect(osRandomBytes(16)?.length).toBe(16);
    expect(randomUuid(() => undefined)).toMatch(V4);
  });

  it('sets the version and variant bits and keeps every other bit of the bytes', () => {
    expect(randomUuid(() => new Uint8Array(16).fill(0xff))).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff');
    expect(randomUuid(() => new Uint8Array(16))).toBe('00000000-0000-4000-8000-000000000000');
    expect(formatUuid(new Uint8Array(20).fill(0x11), 5)).toBe('11111111-1111-5111-9111-111111111111');
    expect(() => formatUuid(new Uint8Array(8), 4)).toThrow(/16 bytes/);
  });
});
