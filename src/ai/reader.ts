/**
 * Sequential reads over a ByteSource through a bounded window, so a long stream is read once in
 * chunks and a large payload that needs no inspection (tensor bytes in a pickle) is skipped
 * without being read at all.
 */
import type { ByteSource } from './source.js';

const WINDOW = 1 << 20;
const EMPTY = Buffer.alloc(0);

export class Reader {
  pos: number;
  private win: Buffer = EMPTY;
  private winStart = 0;

  constructor(
    private readonly src: ByteSource,
    start = 0,
    readonly end: number = src.size,
  ) {
    this.pos = start;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  /** Makes [pos, pos + n) available in the window; false when the source ends first. */
  private fill(n: number): boolean {
    if (this.pos + n > this.end) return false;
    if (this.pos >= this.winStart && this.pos + n <= this.winStart + this.win.length) return true;
    this.win = this.src.read(this.pos, Math.min(Math.max(n, WINDOW), this.end - this.pos));
    this.winStart = this.pos;
    return this.win.length >= n;
  }

  /** The next byte, or -1 at the end. */
  u8(): number {
    const i = this.pos - this.winStart;
    if (i >= 0 && i < this.win.length && this.pos < this.end) {
      this.pos++;
      return this.win[i]!;
    }
    if (!this.fill(1)) return -1;
    return this.win[this.pos++ - this.winStart]!;
  }

  /** The next `n` bytes (a view into the window), or undefined when the source ends first. */
  take(n: number): Buffer | undefined {
    if (n < 0 || !this.fill(n)) return undefined;
    const i = this.pos - this.winStart;
    this.pos += n;
    return this.win.subarray(i, i + n);
  }

  /** Moves past `n` bytes without reading them; false when the source ends first. */
  skip(n: number): boolean {
    if (n < 0 || this.pos + n > this.end) return false;
    this.pos += n;
    return true;
  }

  /** The bytes up to the next "\n" (consumed, not returned); undefined at the end or past `max` bytes. */
  line(max: number): Buffer | undefined {
    const start = this.pos;
    for (;;) {
      if (!this.fill(1)) {
        this.pos = start;
        return undefined;
      }
      const i = this.pos - this.winStart;
      const nl = this.win.indexOf(10, i);
      if (nl >= 0 && nl - i + (this.pos - start) <= max) {
        const len = this.pos - start + (nl - i);
        this.pos = start;
        // The line may span windows: read it as one piece (bounded by max).
        const bytes = this.take(len + 1);
        return bytes?.subarray(0, len);
      }
      const scanned = this.pos - start + (this.win.length - i);
      if (nl >= 0 || scanned > max) {
        this.pos = start;
        return undefined;
      }
      this.pos = this.winStart + this.win.length;
    }
  }
}
