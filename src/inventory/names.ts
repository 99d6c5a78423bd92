/**
 * File names from a hostile tree: decoding raw name bytes, flagging names that would mislead a
 * reader, and checking the relative paths callers ask the inventory to read.
 */
import { hasUnsafeChars } from '../util/sanitise.js';

export interface DecodedName {
  name: string;
  /** False when the bytes were not valid UTF-8: `name` has U+FFFD in their place and cannot reopen the file. */
  exact: boolean;
}

export function decodeName(raw: Buffer): DecodedName {
  const name = raw.toString('utf8');
  // A U+FFFD is either a replaced byte or a genuine U+FFFD in the name; only re-encoding tells them apart.
  if (!name.includes('\uFFFD')) return { name, exact: true };
  return { name, exact: Buffer.from(name, 'utf8').equals(raw) };
}

/** Why a file name is unsafe to show as is, or undefined when it is fine. */
export function unsafeNameReason(decoded: DecodedName): string | undefined {
  if (!decoded.exact) return 'name is not valid UTF-8 (invalid bytes shown as U+FFFD)';
  if (hasUnsafeChars(decoded.name))
    return 'name contains control, bidirectional, line-separator or zero-width characters';
  return undefined;
}

/**
 * Checks a path handed to readText/readBytes: POSIX, relative, no empty, "." or ".." segment, no NUL.
 * Returns an error message, or undefined when the path is acceptable.
 */
export function relativePathError(path: unknown): string | undefined {
  if (typeof path !== 'string' || path === '') return 'path must be a non-empty string';
  if (path.includes('\0')) return 'path contains a NUL byte';
  if (path.startsWith('/')) return `path must be relative to the repository root: ${JSON.stringify(path)}`;
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.' || segment === '..') {
      return `path must not contain empty, "." or ".." segments: ${JSON.stringify(path)}`;
    }
  }
  return undefined;
}
