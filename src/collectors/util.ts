/**
 * Small helpers shared by the collectors: bounded reads that return errors as values, file
 * selection by glob. Positions live in util/position.ts.
 */
import { excludedFor, type ScopeUse } from '../inventory/scope.js';
import type { Inventory, InventoryFile } from '../inventory/types.js';
import { baseMayMatch, globSet } from '../util/glob.js';

export {
  errorText,
  MAX_CONFIG_BYTES,
  MAX_TEXT_BYTES,
  type ReadResult,
  readBounded,
} from '../inventory/documents.js';

/** Positions of an inventory's files by base name, exact and lower-cased; built once per file list. */
interface BaseIndex {
  length: number;
  exact: Map<string, number[]>;
  lower: Map<string, number[]>;
}

const baseIndexes = new WeakMap<readonly InventoryFile[], BaseIndex>();

function baseIndex(files: readonly InventoryFile[]): BaseIndex {
  const known = baseIndexes.get(files);
  if (known && known.length === files.length) return known;
  const index: BaseIndex = { length: files.length, exact: new Map(), lower: new Map() };
  const add = (map: Map<string, number[]>, key: string, i: number) => {
    const list = map.get(key);
    if (list) list.push(i);
    else map.set(key, [i]);
  };
  for (let i = 0; i < files.length; i++) {
    const path = files[i]!.path;
    const base = path.slice(path.lastIndexOf('/') + 1);
    add(index.exact, base, i);
    add(index.lower, base.toLowerCase(), i);
  }
  baseIndexes.set(files, index);
  return index;
}

/**
 * The inventory's files whose base name passes `test`, in inventory order. `test` runs once per
 * distinct base name (on the lower-cased name when `caseInsensitive`), not once per file.
 */
export function filesWithBase(
  inventory: Inventory,
  test: (base: string) => boolean,
  caseInsensitive = false,
): InventoryFile[] {
  const files = inventory.files;
  const index = baseIndex(files);
  const positions: number[] = [];
  for (const [base, list] of caseInsensitive ? index.lower : index.exact) {
    if (test(base)) for (const i of list) positions.push(i);
  }
  positions.sort((a, b) => a - b);
  return positions.map((i) => files[i]!);
}

/**
 * The inventory's files whose path matches any of `patterns`, in inventory order. Most rule globs
 * name a base name or an extension, so only files whose base name can match are tested (found
 * through an index of base names shared by every collector), not every file with every regex.
 */
export function filesMatching(
  inventory: Inventory,
  patterns: readonly string[],
  opts: { caseInsensitive?: boolean; outOfScopeFor?: ScopeUse } = {},
): InventoryFile[] {
  const set = globSet(patterns, opts.caseInsensitive ?? false);
  const files = inventory.files;
  const keep = (f: InventoryFile) =>
    set.regex.test(f.path) && !(opts.outOfScopeFor && excludedFor(opts.outOfScopeFor, f.path));
  if (set.anyBase) return files.filter(keep);
  const index = baseIndex(files);
  const byBase = set.caseInsensitive ? index.lower : index.exact;
  const positions: number[] = [];
  const take = (list: readonly number[] | undefined) => {
    if (list) for (const i of list) positions.push(i);
  };
  for (const name of set.names) take(byBase.get(name));
  if (set.affixes.length > 0) {
    for (const [base, list] of byBase) if (!set.names.has(base) && baseMayMatch(set, base)) take(list);
  }
  positions.sort((a, b) => a - b);
  const out: InventoryFile[] = [];
  for (const i of positions) if (keep(files[i]!)) out.push(files[i]!);
  return out;
}
