/**
 * Reading one file of a hostile tree: the path must resolve (symlinks included) to a regular file
 * inside the root, reads are bounded, and special files are never read (a FIFO would block).
 */
import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { open, realpath } from 'node:fs/promises';

/** How much of a file decides whether it is binary (as git does: a NUL early on). */
export const SNIFF_BYTES = 8192;

const OPEN_FLAGS =
  constants.O_RDONLY |
  (constants.O_NOFOLLOW ?? 0) |
  // Opening a FIFO for reading would otherwise wait for a writer.
  (constants.O_NONBLOCK ?? 0) |
  (constants.O_NOCTTY ?? 0);

/** True when `real` is `root` or below it (both real paths, as bytes so that any name compares exactly). */
export function isInside(rootReal: Buffer, real: Buffer): boolean {
  if (real.length === rootReal.length) return real.equals(rootReal);
  // The root "/" is its own separator.
  const prefix = rootReal.length === 1 ? 0 : rootReal.length;
  return (
    real.length > prefix &&
    real[prefix] === 0x2f &&
    real.subarray(0, prefix).equals(rootReal.subarray(0, prefix))
  );
}

export interface BoundedRead {
  bytes: Buffer;
  /** Size of the file when it was opened. */
  size: number;
}

/** Which file the walk saw at a path: its device and inode (from lstat, never through a link). */
export interface FileIdentity {
  dev: number;
  ino: number;
}

/** The real path of `abs`, checked to be inside `rootReal`. Throws an Error meant for people. */
async function realInsideRoot(rootReal: Buffer, abs: string | Buffer, shown: string): Promise<Buffer> {
  let real: Buffer;
  try {
    real = await realpath(abs, { encoding: 'buffer' });
  } catch (e) {
    throw new Error(`cannot read ${shown}: ${describeFsError(e)}`);
  }
  if (!isInside(rootReal, real))
    throw new Error(`refusing to read ${shown}: it resolves outside the repository`);
  return real;
}

/** Opens the file at `abs` for reading after checking that its real path is inside `rootReal`. */
async function openInsideRoot(
  rootReal: Buffer,
  abs: string | Buffer,
  shown: string,
): Promise<Awaited<ReturnType<typeof open>>> {
  const real = await realInsideRoot(rootReal, abs, shown);
  try {
    // The real path's last component is not a symlink; O_NOFOLLOW makes sure it was not swapped for one.
    return await open(real, OPEN_FLAGS);
  } catch (e) {
    throw new Error(`cannot read ${shown}: ${describeFsError(e)}`);
  }
}

/**
 * Reads at most `maxBytes` of the file at `abs` (a path inside the root, as a string or raw bytes),
 * after checking that it really is a regular file inside `rootReal` no larger than `maxFileBytes`.
 * Throws an Error with a message meant for people.
 *
 * With `walked` (the identity the walk saw at this path), the file is opened directly and kept
 * only if it is that same file: a swapped path component (a folder replaced by a link to outside)
 * would open another inode. This skips realpath, which costs a readlink for every component of
 * the path (about ten system calls per file on a usual tree). Any mismatch goes the realpath way.
 */
export async function readInsideRoot(
  rootReal: Buffer,
  abs: string | Buffer,
  shown: string,
  maxBytes: number,
  maxFileBytes: number,
  walked?: FileIdentity,
): Promise<BoundedRead> {
  if (walked) {
    const read = readOpened(abs, shown, maxBytes, maxFileBytes, walked);
    if (read) return read;
  }
  const real = await realInsideRoot(rootReal, abs, shown);
  // The real path's last component is not a symlink; O_NOFOLLOW makes sure it was not swapped for one.
  return readOpened(real, shown, maxBytes, maxFileBytes)!;
}

/**
 * Opens and reads one file, synchronously, like the walk's own lstat calls: four thread-pool round
 * trips per small file cost more than the reads themselves. With `walked`, returns undefined
 * instead of throwing when the path does not open to that same regular file (the caller then
 * checks it the long way).
 */
function readOpened(
  path: string | Buffer,
  shown: string,
  maxBytes: number,
  maxFileBytes: number,
  walked?: FileIdentity,
): BoundedRead | undefined {
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch (e) {
    if (walked) return undefined;
    throw new Error(`cannot read ${shown}: ${describeFsError(e)}`);
  }
  try {
    const st = fstatSync(fd);
    if (walked && (!st.isFile() || st.dev !== walked.dev || st.ino !== walked.ino)) return undefined;
    if (!st.isFile()) throw new Error(`refusing to read ${shown}: not a regular file`);
    if (st.size > maxFileBytes) {
      throw new Error(
        `refusing to read ${shown}: it is ${st.size} bytes, over the ${maxFileBytes}-byte limit for one file`,
      );
    }
    const want = Math.max(0, Math.min(maxBytes, st.size));
    const bytes = Buffer.allocUnsafe(want);
    let filled = 0;
    // The file may shrink while being read; stop at end of file (only the bytes read are returned).
    while (filled < want) {
      const n = readSync(fd, bytes, filled, want - filled, filled);
      if (n === 0) break;
      filled += n;
    }
    return { bytes: filled === want ? bytes : bytes.subarray(0, filled), size: st.size };
  } finally {
    closeSync(fd);
  }
}

/** Chunk size of a streamed hash: large enough for few system calls, small enough to stay off the heap's large-object path. */
const HASH_CHUNK = 1024 * 1024;

/**
 * SHA-256 of a whole file inside the root, read in chunks (model files run to gigabytes, and are
 * hashed without being held in memory), with the same path checks as readInsideRoot.
 */
export async function hashInsideRoot(
  rootReal: Buffer,
  abs: string | Buffer,
  shown: string,
): Promise<{ sha256: string; size: number }> {
  const handle = await openInsideRoot(rootReal, abs, shown);
  try {
    const st = await handle.stat();
    if (!st.isFile()) throw new Error(`refusing to read ${shown}: not a regular file`);
    const hash = createHash('sha256');
    const chunk = Buffer.allocUnsafe(HASH_CHUNK);
    let size = 0;
    for (;;) {
      const { bytesRead } = await handle.read(chunk, 0, HASH_CHUNK, size);
      if (bytesRead === 0) break;
      hash.update(chunk.subarray(0, bytesRead));
      size += bytesRead;
    }
    return { sha256: hash.digest('hex'), size };
  } finally {
    await handle.close().catch(() => {});
  }
}

/** Binary as git decides it: a NUL byte among the first 8 KiB. */
export function looksBinary(head: Buffer): boolean {
  return head.subarray(0, SNIFF_BYTES).includes(0);
}

export function describeFsError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err?.code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'ENOTDIR':
      return 'a path component is not a directory';
    case 'ENAMETOOLONG':
      return 'path too long';
    case 'EISDIR':
      return 'is a directory';
    default:
      return err?.message ?? String(e);
  }
}
