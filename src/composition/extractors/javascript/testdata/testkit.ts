/**
 * Helpers for the JavaScript extractor tests: inputs backed by a folder on disk or by an in-memory
 * map, and the hostile inputs every extractor must survive. Test-only (testdata is not built).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SHARED } from '../../../../../test/helpers/lockfile-peer-suite.js';
import type { ExtractInput } from '../../../component.js';

export const JS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
export const REAL = join(SHARED, 'peer-suites/real-lockfiles');

/** An input for `path` (repository-relative) whose siblings are read from `files`, else from disk under `root`. */
export function inputFor(path: string, text: string, files: Record<string, string> = {}, root?: string): ExtractInput {
  return {
    path,
    text,
    readSibling: async (p: string) => {
      const norm = posix.normalize(p);
      if (Object.hasOwn(files, norm)) return files[norm];
      if (root) {
        const abs = join(root, norm);
        if (existsSync(abs)) return readFileSync(abs, 'utf8');
      }
      return undefined;
    },
  };
}

/** A fixture of a format folder's testdata, as a repository-relative input rooted at that folder. */
export function fixtureInput(format: string, rel: string): ExtractInput {
  const root = join(JS_DIR, format);
  return inputFor(rel, readFileSync(join(root, rel), 'utf8'), {}, root);
}

export function readReal(rel: string): string {
  return readFileSync(join(REAL, rel), 'utf8');
}

/** 100 MiB on one line, built in memory. */
export function hugeSingleLine(): string {
  return 'x'.repeat(100 * 1024 * 1024);
}

/** The YAML "billion laughs": each level aliases the previous one ten times. */
export function yamlAliasBomb(prefix: string): string {
  const lines = [prefix, 'a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i < 10; i++) {
    lines.push(`a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(', ')}]`);
  }
  return `${lines.join('\n')}\n`;
}

export async function timed<T>(fn: () => Promise<T> | T): Promise<[T, number]> {
  const start = performance.now();
  const r = await fn();
  return [r, performance.now() - start];
}
