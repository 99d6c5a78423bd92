/**
 * Git's ignore rules for the walk: one scope per directory that has a .gitignore, chained to
 * the scopes above it. Deeper files override shallower ones, as in git, and .git/info/exclude
 * sits below the root .gitignore.
 */
import type { Ignore } from 'ignore';
import { requireCommonJs } from '../util/commonjs.js';

type IgnoreFactory = typeof import('ignore');
let ignoreFactory: IgnoreFactory | undefined;

/** The `ignore` package, loaded on the first rules to compile (~5 ms a walk without any skips). */
function newRules(): Ignore {
  ignoreFactory ??= requireCommonJs('ignore') as IgnoreFactory;
  return ignoreFactory();
}

export interface IgnoreScope {
  /** Directory the rules belong to, relative to the root ("" for the root). */
  base: string;
  rules: Ignore;
  /**
   * Every pattern is a bare name (no "/" but a trailing one), so it matches a base name at any
   * depth and base names can be tested alone: far cheaper than full paths, and repeated names
   * hit the library's cache.
   */
  namesOnly: boolean;
  parent: IgnoreScope | undefined;
}

function isNamePattern(line: string): boolean {
  let pattern = line.trim();
  if (pattern === '' || pattern.startsWith('#')) return true;
  if (pattern.startsWith('!')) pattern = pattern.slice(1);
  if (pattern.endsWith('/')) pattern = pattern.slice(0, -1);
  return !pattern.includes('/');
}

export function scopeFromText(base: string, text: string, parent: IgnoreScope | undefined): IgnoreScope {
  // A BOM would become part of the first pattern.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return { base, rules: newRules().add(body), namesOnly: body.split('\n').every(isNamePattern), parent };
}

/**
 * Whether the rules ignore `rel` (a path relative to the root) itself. Whether a parent directory
 * is ignored is the caller's business: the walk does not enter ignored directories.
 */
export function isIgnored(scope: IgnoreScope | undefined, rel: string, isDir: boolean): boolean {
  for (let s = scope; s; s = s.parent) {
    const sub = s.namesOnly
      ? rel.slice(rel.lastIndexOf('/') + 1)
      : s.base === ''
        ? rel
        : rel.slice(s.base.length + 1);
    if (sub === '') continue;
    let verdict: { ignored: boolean; unignored: boolean };
    try {
      // A trailing slash lets directory-only patterns ("build/") match directories only.
      verdict = s.rules.test(isDir ? `${sub}/` : sub);
    } catch {
      // The library refuses paths it cannot express; such a path is simply not ignored.
      continue;
    }
    // The deepest scope with an opinion decides.
    if (verdict.ignored) return true;
    if (verdict.unignored) return false;
  }
  return false;
}
