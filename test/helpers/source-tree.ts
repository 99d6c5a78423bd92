/**
 * A copy of vouch's own source tree (what running from source needs, node_modules linked), and a
 * digest of every file in it, for tests that show which files a change touches.
 */
import { createHash } from 'node:crypto';
import { cpSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repoRoot } from './bin.js';

/** Copies src, catalogue, rules, schemas, package.json and tsconfig.json to `tree`; links node_modules. */
export function copySourceTree(tree: string): void {
  for (const part of ['src', 'catalogue', 'rules', 'schemas', 'package.json', 'tsconfig.json']) {
    cpSync(join(repoRoot, part), join(tree, part), { recursive: true });
  }
  symlinkSync(join(repoRoot, 'node_modules'), join(tree, 'node_modules'), 'dir');
}

/** SHA-256 of every file below `root` (node_modules left out), by relative path. */
export function hashTree(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.name === 'node_modules') continue;
      if (entry.isDirectory()) walk(path);
      else out.set(relative(root, path), createHash('sha256').update(readFileSync(path)).digest('hex'));
    }
  };
  walk(root);
  return out;
}
