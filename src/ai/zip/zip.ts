/**
 * A bounded zip reader over a ByteSource: it parses the central directory (zip64 included) and
 * hands out entries as byte sources (stored entries as slices of the archive, deflated ones
 * inflated in memory under an output limit). Nothing is ever written to disk. Limits bound the
 * entry count, each entry's and the archive's total inflated size, and the compression ratio;
 * nesting depth is the caller's (an entry that is itself a zip is opened by the caller).
 */
import { constants, inflateRawSync } from 'node:zlib';
import { BufferSource, type ByteSource, SliceSource } from '../source.js';

export interface ZipLimits {
  maxEntries: number;
  /** Largest inflated entry read into memory. */
  maxEntryBytes: number;
  /** Total bytes inflated from one archive. */
  maxTotalInflated: number;
  /** Largest uncompressed/compressed ratio accepted for entries over 1 MiB. */
  maxRatio: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 100_000,
  maxEntryBytes: 1024 * 1024 * 1024,
  maxTotalInflated: 4 * 1024 * 1024 * 1024,
  maxRatio: 200,
};

export interface ZipEntry {
  name: string;
  method: number;
  encrypted: boolean;
  compressedSize: number;
  size: number;
  /** Offset of the local file header. */
  headerOffset: number;
}

export class ZipError extends Error {}

const EOCD = 0x06054b50;
const EOCD64 = 0x06064b50;
const EOCD64_LOCATOR = 0x07064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX_COMMENT = 0xffff;

export function looksLikeZip(head: Buffer): boolean {
  return head.length >= 4 && head.readUInt32LE(0) === LOCAL;
}

function safeNumber(n: bigint, what: string): number {
  if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipError(`${what} is impossibly large`);
  return Number(n);
}

export class ZipArchive {
  readonly entries: ZipEntry[] = [];
  private inflated = 0;

  constructor(
    private readonly src: ByteSource,
    private readonly limits: ZipLimits = DEFAULT_ZIP_LIMITS,
  ) {
    this.readDirectory();
  }

  private readDirectory(): void {
    const size = this.src.size;
    const tailLen = Math.min(size, 22 + MAX_COMMENT);
    const tail = this.src.read(size - tailLen, tailLen);
    let at = -1;
    for (let i = tail.length - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD) {
        at = i;
        break;
      }
    }
    if (at < 0) throw new ZipError('no end of central directory record (truncated or not a zip)');
    let count = tail.readUInt16LE(at + 10);
    let cdSize = tail.readUInt32LE(at + 12);
    let cdOffset = tail.readUInt32LE(at + 16);
    const eocdOffset = size - tailLen + at;
    if ((count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) && eocdOffset >= 20) {
      const loc = this.src.read(eocdOffset - 20, 20);
      if (loc.length === 20 && loc.readUInt32LE(0) === EOCD64_LOCATOR) {
        const rec64At = safeNumber(loc.readBigUInt64LE(8), 'zip64 record offset');
        const rec = this.src.read(rec64At, 56);
        if (rec.length < 56 || rec.readUInt32LE(0) !== EOCD64)
          throw new ZipError('bad zip64 end of central directory');
        count = safeNumber(rec.readBigUInt64LE(32), 'entry count');
        cdSize = safeNumber(rec.readBigUInt64LE(40), 'central directory size');
        cdOffset = safeNumber(rec.readBigUInt64LE(48), 'central directory offset');
      }
    }
    if (count > this.limits.maxEntries)
      throw new ZipError(`${count} entries, over the limit of ${this.limits.maxEntries}`);
    if (cdOffset + cdSize > size) throw new ZipError('central directory lies outside the file');
    // Every central record is at least 46 bytes: a count the directory cannot hold is a lie.
    if (count * 46 > cdSize)
      throw new ZipError(`central directory of ${cdSize} bytes cannot hold ${count} entries`);
    const cd = this.src.read(cdOffset, cdSize);
    let p = 0;
    for (let i = 0; i < count; i++) {
      if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL)
        throw new ZipError(`central directory entry ${i} is malformed`);
      const flags = cd.readUInt16LE(p + 8);
      const method = cd.readUInt16LE(p + 10);
      let compressedSize = cd.readUInt32LE(p + 20);
      let uncompressed = cd.readUInt32LE(p + 24);
      const nameLen = cd.readUInt16LE(p + 28);
      const extraLen = cd.readUInt16LE(p + 30);
      const commentLen = cd.readUInt16LE(p + 32);
      let headerOffset = cd.readUInt32LE(p + 42);
      const end = p + 46 + nameLen + extraLen + commentLen;
      if (end > cd.length) throw new ZipError(`central directory entry ${i} runs past the directory`);
      const name = cd.toString('utf8', p + 46, p + 46 + nameLen);
      // zip64 extended information: the 0xffffffff fields, in order.
      let e = p + 46 + nameLen;
      const extraEnd = e + extraLen;
      while (e + 4 <= extraEnd) {
        const id = cd.readUInt16LE(e);
        const len = cd.readUInt16LE(e + 2);
        if (id === 0x0001) {
          let q = e + 4;
          const next = (what: string) => {
            if (q + 8 > e + 4 + len) throw new ZipError(`zip64 field of ${name} is short`);
            const v = safeNumber(cd.readBigUInt64LE(q), what);
            q += 8;
            return v;
          };
          if (uncompressed === 0xffffffff) uncompressed = next('entry size');
          if (compressedSize === 0xffffffff) compressedSize = next('compressed size');
          if (headerOffset === 0xffffffff) headerOffset = next('header offset');
        }
        e += 4 + len;
      }
      this.entries.push({
        name,
        method,
        encrypted: (flags & 1) !== 0,
        compressedSize,
        size: uncompressed,
        headerOffset,
      });
      p = end;
    }
  }

  /** Where the entry's data starts (after its local header), checked against the archive. */
  private dataStart(entry: ZipEntry): number {
    const h = this.src.read(entry.headerOffset, 30);
    if (h.length < 30 || h.readUInt32LE(0) !== LOCAL)
      throw new ZipError(`${entry.name}: no local header at its offset`);
    const start = entry.headerOffset + 30 + h.readUInt16LE(26) + h.readUInt16LE(28);
    if (start + entry.compressedSize > this.src.size)
      throw new ZipError(`${entry.name}: data runs past the end of the archive`);
    return start;
  }

  /** Why the entry cannot be read, or undefined when it can. */
  unreadable(entry: ZipEntry): string | undefined {
    if (entry.encrypted) return 'encrypted';
    if (entry.method !== 0 && entry.method !== 8)
      return `compression method ${entry.method} is not supported`;
    if (entry.method === 0 && entry.size !== entry.compressedSize) return 'stored entry with differing sizes';
    if (entry.method === 8) {
      if (entry.size > this.limits.maxEntryBytes)
        return `inflates to ${entry.size} bytes, over the limit of ${this.limits.maxEntryBytes}`;
      if (entry.size > 1 << 20 && entry.size / Math.max(1, entry.compressedSize) > this.limits.maxRatio) {
        return `compression ratio ${Math.round(entry.size / Math.max(1, entry.compressedSize))}:1 over the limit of ${this.limits.maxRatio}:1`;
      }
      if (this.inflated + entry.size > this.limits.maxTotalInflated)
        return `archive inflates past ${this.limits.maxTotalInflated} bytes in total`;
    }
    return undefined;
  }

  /** The entry's bytes as a source; throws ZipError when unreadable or when it inflates past its declared size. */
  open(entry: ZipEntry): ByteSource {
    const why = this.unreadable(entry);
    if (why) throw new ZipError(`${entry.name}: ${why}`);
    const start = this.dataStart(entry);
    if (entry.method === 0) return new SliceSource(this.src, start, entry.size);
    this.inflated += entry.size;
    let out: Buffer;
    try {
      out = inflateRawSync(this.src.read(start, entry.compressedSize), {
        maxOutputLength: Math.max(1, entry.size),
      });
    } catch (e) {
      throw new ZipError(
        `${entry.name}: cannot inflate (${(e as Error).message}); declared ${entry.size} bytes`,
      );
    }
    if (out.length !== entry.size)
      throw new ZipError(`${entry.name}: inflates to ${out.length} bytes, declared ${entry.size}`);
    return new BufferSource(out);
  }

  /** The first `n` bytes of the entry (for content sniffing) without inflating all of it. */
  head(entry: ZipEntry, n: number): Buffer {
    if (this.unreadable(entry)) return Buffer.alloc(0);
    const start = this.dataStart(entry);
    if (entry.method === 0) return this.src.read(start, Math.min(n, entry.size));
    const chunk = this.src.read(start, Math.min(entry.compressedSize, 4096));
    try {
      const out = inflateRawSync(chunk, {
        finishFlush: constants.Z_SYNC_FLUSH,
        maxOutputLength: 8 * 1024 * 1024,
      });
      return out.subarray(0, n);
    } catch {
      return Buffer.alloc(0);
    }
  }
}
