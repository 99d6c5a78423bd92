/**
 * An inventory built from an in-memory map of path -> content. For tests of collectors and
 * probes that do not need a real tree; the real walk lives in walk.ts.
 */
import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import type { GitFacts, Inventory, InventoryFile } from './types.js';

export function memoryInventory(
  files: Record<string, string | Buffer>,
  git: Partial<GitFacts> = {},
): Inventory {
  const list: InventoryFile[] = Object.entries(files)
    .map(([path, content]) => ({ path, size: Buffer.byteLength(content), binary: Buffer.isBuffer(content) }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const byPath = new Map(list.map((f) => [f.path, f]));
  const dirs = new Set<string>(['']);
  for (const f of list) {
    let d = posix.dirname(f.path);
    while (d !== '.' && !dirs.has(d)) {
      dirs.add(d);
      d = posix.dirname(d);
    }
  }
  const bytes = (path: string): Buffer => {
    const c = files[path];
    if (c === undefined) throw new Error(`not in inventory: ${path}`);
    return Buffer.isBuffer(c) ? c : Buffer.from(c, 'utf8');
  };
  return {
    root: '/memory',
    files: list,
    dirs,
    problems: [],
    git: { recentCommitDates: [], ...git },
    has: (p) => byPath.has(p),
    get: (p) => byPath.get(p),
    byName: (name, opts) => {
      const n = opts?.ci ? name.toLowerCase() : name;
      return list.filter((f) => {
        const b = posix.basename(f.path);
        return (opts?.ci ? b.toLowerCase() : b) === n;
      });
    },
    readText: async (p, max) =>
      bytes(p)
        .subarray(0, max ?? Number.POSITIVE_INFINITY)
        .toString('utf8'),
    readBytes: async (p, max) => bytes(p).subarray(0, max ?? Number.POSITIVE_INFINITY),
    readHead: async (p, max) => bytes(p).subarray(0, max),
    sha256: async (p) => createHash('sha256').update(bytes(p)).digest('hex'),
  };
}
