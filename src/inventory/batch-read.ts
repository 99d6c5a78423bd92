/**
 * Reading many files of the inventory one after another, for scanners that look at every file
 * (the secret scanner). The confinement is the one readInsideRoot applies (the path resolves to
 * a regular file inside the root, reads are bounded, special files never read), done cheaper:
 *
 * - a file the walk saw (its device and inode, see FileIdentity) is opened by its path under the
 *   root with O_NOFOLLOW and kept only if it is that same file, as readInsideRoot does: no
 *   realpath, which cost a readlink per path component of every directory (18,000 on the bench
 *   tree);
 * - any other file: its directory's real path is resolved once and checked to lie inside the
 *   root, and the file is opened by name in it with O_NOFOLLOW, so a symlinked file is never
 *   followed here;
 * - the calls are synchronous: one small file costs open, fstat, read and close on this thread,
 *   instead of five thread-pool round trips and a FileHandle to collect;
 * - the bytes land in one reused buffer (a view is returned, valid until the next read).
 *
 * Anything this path does not handle (a symlink, a name that is not valid UTF-8, an error) is
 * `undefined`: the caller then uses the inventory's own reader, which explains refusals.
 * Measured on the 20,788-file bench tree: 1.2 s of CPU instead of 3.6 to 5.1 s for reading every
 * file through readBytes (load average 20 on 2 cores).
 */
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync } from 'node:fs';
import { type FileIdentity, isInside, SNIFF_BYTES } from './read.js';

const OPEN_FLAGS =
  constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);

export type BatchRead =
  /** The first bytes (at most SNIFF_BYTES) contain a NUL: binary, not read further. */
  | { binary: true; size: number }
  /** The bytes read (a view into the reader's buffer, valid until the next read). */
  | { binary: false; bytes: Buffer; size: number };

export class BatchReader {
  private readonly rootBytes: Buffer;
  /** Relative directory -> its real path, or null when it resolves outside the root or fails. */
  private readonly dirs = new Map<string, string | null>();
  private buffer = Buffer.allocUnsafe(256 * 1024);

  /**
   * `root`: the inventory's root (absolute, real). `walked`: what the walk saw at a path, when it
   * saw a regular file there (Inventory.identity).
   */
  constructor(
    private readonly root: string,
    private readonly walked?: (path: string) => FileIdentity | undefined,
  ) {
    this.rootBytes = Buffer.from(root);
  }

  private dirReal(dir: string): string | null {
    let real = this.dirs.get(dir);
    if (real !== undefined) return real;
    try {
      const resolved = realpathSync.native(dir === '' ? this.root : `${this.root}/${dir}`, {
        encoding: 'buffer',
      });
      real = isInside(this.rootBytes, resolved) ? resolved.toString() : null;
      // A real path that does not survive the round trip through a string cannot be opened by it.
      if (real !== null && !Buffer.from(real).equals(resolved)) real = null;
    } catch {
      real = null;
    }
    this.dirs.set(dir, real);
    return real;
  }

  /**
   * At most `maxBytes` of the file at `path` (relative, as the inventory lists it), refusing
   * files over `maxFileBytes`; stops after the sniff when the head holds a NUL byte. undefined:
   * not handled here (see the module comment).
   */
  read(path: string, maxBytes: number, maxFileBytes: number): BatchRead | undefined {
    if (path.includes('\uFFFD')) return undefined;
    const walked = this.walked?.(path);
    let abs: string;
    if (walked) abs = `${this.root}/${path}`;
    else {
      const slash = path.lastIndexOf('/');
      const dir = this.dirReal(slash < 0 ? '' : path.slice(0, slash));
      if (dir === null) return undefined;
      abs = `${dir}/${path.slice(slash + 1)}`;
    }
    let fd: number;
    try {
      fd = openSync(abs, OPEN_FLAGS);
    } catch {
      return undefined;
    }
    try {
      const st = fstatSync(fd);
      if (!st.isFile() || st.size > maxFileBytes) return undefined;
      // Another file than the walk saw (a folder on the way swapped for a link): the inventory's reader decides.
      if (walked && (st.dev !== walked.dev || st.ino !== walked.ino)) return undefined;
      const want = Math.max(0, Math.min(maxBytes, st.size));
      if (want > this.buffer.length) this.buffer = Buffer.allocUnsafe(want);
      const buf = this.buffer;
      let filled = 0;
      let sniffed = false;
      while (filled < want) {
        // The sniff is read on its own first, so a binary file costs one short read.
        const chunk = sniffed ? want - filled : Math.min(SNIFF_BYTES, want) - filled;
        const n = readSync(fd, buf, filled, chunk, filled);
        if (n === 0) break;
        filled += n;
        if (!sniffed && filled >= Math.min(SNIFF_BYTES, want)) {
          sniffed = true;
          if (buf.subarray(0, filled).includes(0)) return { binary: true, size: st.size };
        }
      }
      if (!sniffed && buf.subarray(0, filled).includes(0)) return { binary: true, size: st.size };
      return { binary: false, bytes: buf.subarray(0, filled), size: st.size };
    } catch {
      return undefined;
    } finally {
      closeSync(fd);
    }
  }
}
