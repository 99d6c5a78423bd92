/**
 * Sequential reads over a ByteSource through a bounded window, so a long stream is read once in
 * chunks and a large payload that needs no inspection (tensor bytes in a pickle) is skipped
 * without being read at all.
 */
import type { ByteSource } from './source.js';

// Windows grow from MIN_WINDOW to MAX_WINDOW while reading goes on from the end of the last one,
// so dense opcodes cost one read per MAX_WINDOW; a read after a skipped payload (a jump past more
// than a window) starts small again and fetches little it does not need.
const MIN_WINDOW = 4 * 1024;
const MAX_WINDOW = 256 * 1024;
const EMPTY = Buffer.alloc(0);

export class Reader {
  pos: number;
  /**
   * The bytes read last and the stream offset of their first byte. Read-only outside this class:
   * a decoding loop may index them directly between calls to `ensure` (see the pickle fast path).
   */
  win: Buffer = EMPTY;
  winStart = 0;
  private windowSize = MIN_WINDOW;
  /**
   * The memory windows are read into, when the source can read into a buffer: reused, since fresh
   * memory for every window of a long stream cost more in page faults than the reads themselves.
   * A view from `take` or `line` is therefore valid only until the next read moves the window.
   */
  private scratch: Buffer = EMPTY;

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
    // Reading on from the window (from its tail or just past its end) is sequential: the window grows.
    const gap = this.pos - (this.winStart + this.win.length);
    this.windowSize =
      this.pos >= this.winStart && gap < this.windowSize
        ? Math.min(2 * this.windowSize, MAX_WINDOW)
        : MIN_WINDOW;
    const want = Math.min(Math.max(n, this.windowSize), this.end - this.pos);
    if (this.src.readInto) {
      if (this.scratch.length < want)
        this.scratch = Buffer.allocUnsafe(Math.max(want, 2 * this.scratch.length));
      this.win = this.scratch.subarray(0, this.src.readInto(this.pos, want, this.scratch));
    } else this.win = this.src.read(this.pos, want);
    this.winStart = this.pos;
    return this.win.length >= n;
  }

  /** Makes the next `n` bytes available in `win` without consuming them; false when the source ends first. */
  ensure(n: number): boolean {
    return this.fill(n);
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

  /** The next byte without consuming it, or -1 at the end. */
  peek(): number {
    const i = this.pos - this.winStart;
    if (i >= 0 && i < this.win.length && this.pos < this.end) return this.win[i]!;
    if (!this.fill(1)) return -1;
    return this.win[this.pos - this.winStart]!;
  }

  /** The window offset of the next `n` bytes, consumed; -1 when the source ends first. Avoids a view per read. */
  private at(n: number): number {
    if (!this.fill(n)) return -1;
    const i = this.pos - this.winStart;
    this.pos += n;
    return i;
  }

  /** Little-endian unsigned 16-bit; -1 at the end. */
  u16(): number {
    const i = this.at(2);
    return i < 0 ? -1 : this.win.readUInt16LE(i);
  }

  /** Little-endian unsigned 32-bit; -1 at the end. */
  u32(): number {
    const i = this.at(4);
    return i < 0 ? -1 : this.win.readUInt32LE(i);
  }

  /** Little-endian signed 32-bit; undefined at the end. */
  i32(): number | undefined {
    const i = this.at(4);
    return i < 0 ? undefined : this.win.readInt32LE(i);
  }

  /** Little-endian unsigned 64-bit, saturated at Number.MAX_SAFE_INTEGER; -1 at the end. */
  u64(): number {
    const i = this.at(8);
    if (i < 0) return -1;
    const lo = this.win.readUInt32LE(i);
    const hi = this.win.readUInt32LE(i + 4);
    return hi >= 0x200000 ? Number.MAX_SAFE_INTEGER : hi * 0x100000000 + lo;
  }

  /** The next `n` bytes as latin-1 text; undefined when the source ends first. */
  latin1(n: number): string | undefined {
    const i = this.at(n);
    return i < 0 ? undefined : this.win.toString('latin1', i, i + n);
  }

  /** The next `n` bytes as UTF-8 text (invalid sequences replaced); undefined when the source ends first. */
  utf8(n: number): string | undefined {
    const i = this.at(n);
    if (i < 0) return undefined;
    // ASCII, the usual case, decodes faster as latin-1.
    for (let k = i; k < i + n; k++) if (this.win[k]! >= 0x80) return this.win.toString('utf8', i, i + n);
    return this.win.toString('latin1', i, i + n);
  }

  /**
   * `n` bytes at `offset` (already passed, so known to be in the source) as text, like `utf8` or
   * `latin1`, without moving: from the window when they are still in it, else read again.
   */
  textAt(offset: number, n: number, utf8: boolean): string {
    const i = offset - this.winStart;
    const inWindow = i >= 0 && i + n <= this.win.length;
    const buf = inWindow ? this.win : this.src.read(offset, n);
    const from = inWindow ? i : 0;
    const to = from + Math.min(n, buf.length - from);
    if (utf8) for (let k = from; k < to; k++) if (buf[k]! >= 0x80) return buf.toString('utf8', from, to);
    return buf.toString('latin1', from, to);
  }

  /**
   * The next `n` bytes (a view into the window, valid until the next read), or undefined when the
   * source ends first.
   */
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
