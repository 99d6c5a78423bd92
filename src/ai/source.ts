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
  /**
   * Up to `length` bytes from `offset` into the start of `target` (at least `length` long); the
   * count read, shorter only at the end of the source. Sources that must copy to return bytes
   * offer it, so a sequential reader can reuse one buffer instead of allocating one per read.
   */
  readInto?(offset: number, length: number, target: Buffer): number;
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
  readInto(offset: number, length: number, target: Buffer): number {
    const end = Math.min(this.size, offset + length);
    if (end <= offset) return 0;
    if (this.parent.readInto) return this.parent.readInto(this.start + offset, end - offset, target);
    return this.parent.read(this.start + offset, end - offset).copy(target, 0);
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
    const buf = Buffer.allocUnsafe(Math.max(0, Math.min(length, this.size - offset)));
    const got = this.readInto(offset, buf.length, buf);
    return got === buf.length ? buf : buf.subarray(0, got);
  }
  readInto(offset: number, length: number, target: Buffer): number {
    const n = Math.max(0, Math.min(length, this.size - offset, target.length));
    let got = 0;
    while (got < n) {
      const r = readSync(this.fd, target, got, n - got, offset + got);
      if (r === 0) break;
      got += r;
    }
    return got;
  }
  close(): void {
    closeSync(this.fd);
  }
}
