/**
 * Small helpers shared by the collectors: bounded reads that return errors as values, file
 * selection by glob, and offset -> (line, column) positions.
 */
import type { Inventory, InventoryFile } from '../inventory/types.js';
import { matchesAny } from './glob.js';

/** Largest configuration file a collector reads (CI, policy, manifests). Bigger files are reported, not read. */
export const MAX_CONFIG_BYTES = 4 * 1024 * 1024;
/** Largest prose file (policy, CODEOWNERS) read; the rest is cut off. */
export const MAX_TEXT_BYTES = 512 * 1024;

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export type ReadResult = { text: string; truncated: boolean } | { error: string };

/**
 * Reads a file as text. Files over `limit` are refused (`refuse`) or cut (`cut`): configuration
 * parsed as a whole must be complete, prose can be read in part.
 */
export async function readBounded(
  inventory: Inventory,
  path: string,
  limit: number,
  mode: 'refuse' | 'cut',
): Promise<ReadResult> {
  const file = inventory.get(path);
  if (file?.binary) return { error: 'binary content' };
  if (file && file.size > limit && mode === 'refuse') {
    return { error: `file is ${file.size} bytes, over the ${limit}-byte limit for configuration files` };
  }
  try {
    const text = await inventory.readText(path, limit);
    const truncated = (file?.size ?? 0) > limit;
    // A UTF-8 BOM is not content.
    return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, truncated };
  } catch (e) {
    return { error: `cannot read: ${errorText(e)}` };
  }
}

/** Path segments of a POSIX relative path. */
export function segments(path: string): string[] {
  return path === '' ? [] : path.split('/');
}

const dirTests = new WeakMap<ReadonlySet<string>, RegExp>();

/** True when any directory segment of `path` (not its base name) is in `dirs`. */
export function underAny(path: string, dirs: ReadonlySet<string>): boolean {
  let re = dirTests.get(dirs);
  if (!re) {
    const names = [...dirs].map((d) => d.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&'));
    re = new RegExp(names.length ? `(?:^|/)(?:${names.join('|')})/` : '(?!)');
    dirTests.set(dirs, re);
  }
  return re.test(path);
}

export function filesMatching(
  inventory: Inventory,
  patterns: readonly string[],
  opts: { caseInsensitive?: boolean; skipDirs?: ReadonlySet<string> } = {},
): InventoryFile[] {
  return inventory.files.filter(
    (f) =>
      !(opts.skipDirs && underAny(f.path, opts.skipDirs)) &&
      matchesAny(patterns, f.path, opts.caseInsensitive ?? false),
  );
}

/** Offsets at which each line starts, for offset -> position lookups. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** 1-based line and column (in UTF-16 code units) of `offset`. */
export function positionAt(starts: readonly number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo]! + 1 };
}

/** The line of `text` that contains `offset`, without its line break. */
export function lineAround(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  let end = text.indexOf('\n', offset);
  if (end < 0) end = text.length;
  return text.slice(start, end).replace(/\r$/, '');
}
