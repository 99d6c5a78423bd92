/**
 * UUIDs for SBOM serial numbers. Random ones come from the operating system's random source:
 * node:crypto would do, but loading it costs ~4 ms of every `vouch sbom` (a tenth of what lies
 * between vouch and a bare JSON parse of the lockfile), while reading /dev/urandom costs
 * microseconds. Where there is none (Windows), node:crypto supplies the bytes.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { requireCommonJs } from './commonjs.js';

/** node:crypto, loaded on first use. */
export function nodeCrypto(): typeof import('node:crypto') {
  return requireCommonJs('node:crypto') as typeof import('node:crypto');
}

/** `n` bytes from /dev/urandom, or undefined where it cannot be read. */
export function osRandomBytes(n: number): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = openSync('/dev/urandom', 'r');
    const bytes = Buffer.alloc(n);
    return readSync(fd, bytes, 0, n, null) === n ? bytes : undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The 8-4-4-4-12 form of the first 16 bytes, with the given version and the RFC 4122 variant. */
export function formatUuid(bytes: Uint8Array, version: number): string {
  const b = Buffer.from(bytes.subarray(0, 16));
  if (b.length !== 16) throw new Error('a UUID needs 16 bytes');
  b[6] = ((b[6] as number) & 0x0f) | (version << 4);
  b[8] = ((b[8] as number) & 0x3f) | 0x80;
  const x = b.toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/** A version 4 (random) UUID. `randomBytes` is for tests. */
export function randomUuid(randomBytes: (n: number) => Uint8Array | undefined = osRandomBytes): string {
  return formatUuid(randomBytes(16) ?? nodeCrypto().randomBytes(16), 4);
}
