/**
 * Random-access bytes for the model scanners: a file read by ranges (so a safetensors file costs
 * its header, and a PyTorch zip its central directory and pickles), a buffer, or a slice of
 * either (a stored zip entry). Reads are synchronous and bounded by the caller.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

export interface ByteSource {
  readonly size: number;
  /** Up to `length` bytes from `offset`; shorter only at the end of the source. */
  read(offset: number, length: number): Buffer;
}

export class BufferSource implements ByteSource {
  readonly size: number;
  constructor(private readonly buf: Buffer) {
    this.size = buf.length;
  }
  read(offset: number, length: number): Buffer {
    return this.buf.subarray(offset, Math.min(this.buf.length, offset + length));
  }
}

export class SliceSource implements ByteSource {
  constructor(
    private readonly parent: ByteSource,
    private readonly start: number,
    readonly size: number,
  ) {}
  read(offset: number, length: number): Buffer {
    const end = Math.min(this.size, offset + length);
    if (end <= offset) return Buffer.alloc(0);
    return this.parent.read(this.start + offset, end - offset);
  }
}

/** A file opened for ranged reads; close it when done. */
export class FileSource implements ByteSource {
  readonly size: number;
  private readonly fd: number;
  constructor(path: string) {
    this.fd = openSync(path, 'r');
    try {
      this.size = fstatSync(this.fd).size;
    } catch (e) {
      closeSync(this.fd);
      throw e;
    }
  }
  read(offset: number, length: number): Buffer {
    const n = Math.max(0, Math.min(length, this.size - offset));
    const buf = Buffer.allocUnsafe(n);
    let got = 0;
    while (got < n) {
      const r = readSync(this.fd, buf, got, n - got, offset + got);
      if (r === 0) break;
      got += r;
    }
    return got === n ? buf : buf.subarray(0, got);
  }
  close(): void {
    closeSync(this.fd);
  }
}
