/**
 * Small helpers shared by the Python, Go and Rust extractors: size limits, line lookup, hashes,
 * sibling paths. Everything here is linear in the input and never throws on hostile text.
 */
import { posix } from 'node:path';
import { limitFor } from '../../../inventory/scope.js';
import type { Hash } from '../../component.js';

export { LineIndex } from '../../../util/position.js';

/** Files above this are refused with an error rather than parsed (the scope policy's bound). */
export const MAX_FILE_CHARS = limitFor('composition');

/** An error message when the text is too big to parse, else undefined. */
export function sizeError(path: string, text: string): string | undefined {
  if (text.length <= MAX_FILE_CHARS) return undefined;
  return `could not extract ${path}: file is ${text.length} characters, over the ${MAX_FILE_CHARS} limit`;
}

/** Splits text into lines without a trailing '\r'. */
export function splitLines(text: string): string[] {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.endsWith('\r')) lines[i] = l.slice(0, -1);
  }
  return lines;
}

const ALGORITHMS: Record<string, { alg: string; hexLength: number }> = {
  sha1: { alg: 'SHA-1', hexLength: 40 },
  sha256: { alg: 'SHA-256', hexLength: 64 },
  sha384: { alg: 'SHA-384', hexLength: 96 },
  sha512: { alg: 'SHA-512', hexLength: 128 },
  md5: { alg: 'MD5', hexLength: 32 },
};

function isHex(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70))) return false;
  }
  return s.length > 0;
}

/**
 * "sha256:abcd…" (pip, Poetry, uv, Pipfile.lock, PDM) to a Hash; undefined when the algorithm is
 * unknown or the digest is not hex of the right length (such values are still kept as text by callers
 * that need them, never as a hash).
 */
export function parseAlgColonHex(value: unknown): Hash | undefined {
  if (typeof value !== 'string') return undefined;
  const i = value.indexOf(':');
  if (i <= 0) return undefined;
  return hexHash(value.slice(0, i), value.slice(i + 1));
}

/** A hex digest with a named algorithm ("sha256") to a Hash, when well-formed. */
export function hexHash(algorithm: string, hex: string): Hash | undefined {
  const a = ALGORITHMS[algorithm.toLowerCase()];
  if (!a || hex.length !== a.hexLength || !isHex(hex)) return undefined;
  return { alg: a.alg, content: hex.toLowerCase() };
}

/** Distinct well-formed hashes from "alg:hex" values, in first-seen order. */
export function hashesFrom(values: Iterable<unknown>): Hash[] {
  const seen = new Set<string>();
  const out: Hash[] = [];
  for (const v of values) {
    const h = parseAlgColonHex(v);
    if (!h) continue;
    const key = `${h.alg}:${h.content}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(h);
  }
  return out;
}

/** Path of a file next to `path` (both relative to the repository root, POSIX). */
export function siblingPath(path: string, name: string): string {
  return posix.join(posix.dirname(path), name);
}

/** Reads a sibling without letting a failing reader break the extraction. */
export async function readOptional(
  read: (p: string) => Promise<string | undefined>,
  path: string,
): Promise<string | undefined> {
  try {
    const text = await read(path);
    return typeof text === 'string' && text.length <= MAX_FILE_CHARS ? text : undefined;
  } catch {
    return undefined;
  }
}

/** The base name of a POSIX path. */
export function baseName(path: string): string {
  const i = path.lastIndexOf('/');
  return i >= 0 ? path.slice(i + 1) : path;
}

/**
 * Offset of a TOML key written at the start of a line (`name =`, `"name" =`, or dotted `name.sub =`),
 * searching from `from`; -1 when absent. Linear from `from`.
 */
export function findKeyOffset(text: string, key: string, from: number): number {
  for (let i = text.indexOf(key, from); i >= 0; i = text.indexOf(key, i + 1)) {
    let b = i - 1;
    if (text[b] === '"' || text[b] === "'") b--;
    while (b >= 0 && (text[b] === ' ' || text[b] === '\t')) b--;
    if (b >= 0 && text[b] !== '\n') continue;
    let a = i + key.length;
    if (text[a] === '"' || text[a] === "'") a++;
    while (text[a] === ' ' || text[a] === '\t') a++;
    if (text[a] === '=' || text[a] === '.') return i;
  }
  return -1;
}
