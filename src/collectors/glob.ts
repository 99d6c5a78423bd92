/**
 * A small glob matcher for the path patterns in rules/*.yaml and in workspace declarations:
 * `*` and `?` stay inside one path segment, `**` spans segments, `{a,b}` is alternation.
 * Patterns are POSIX paths relative to the repository root (or to a manifest's directory).
 */

const cache = new Map<string, RegExp>();

function escapeChar(c: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(c) ? `\\${c}` : c;
}

/** The regex source (unanchored) for one glob. */
function globSource(pattern: string): string {
  let p = pattern.replace(/^\.\//, '');
  // A trailing "/" means "this directory and everything below it".
  if (p.endsWith('/')) p += '**';
  let out = '';
  let braces = 0;
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === '*') {
      if (p[i + 1] === '*') {
        const atStart = i === 0 || p[i - 1] === '/';
        const atEnd = i + 2 === p.length || p[i + 2] === '/';
        if (atStart && atEnd) {
          // "**/" matches zero or more whole segments; a final "**" matches the rest.
          if (p[i + 2] === '/') {
            out += '(?:[^/]+/)*';
            i += 2;
          } else {
            out += '.*';
            i += 1;
          }
          continue;
        }
        out += '[^/]*';
        i += 1;
        continue;
      }
      out += '[^/]*';
    } else if (c === '?') {
      out += '[^/]';
    } else if (c === '{') {
      braces++;
      out += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      out += ')';
    } else if (c === ',' && braces > 0) {
      out += '|';
    } else {
      out += escapeChar(c);
    }
  }
  // An unbalanced "{" is closed so the regex stays valid.
  return out + ')'.repeat(braces);
}

export function globToRegExp(pattern: string, caseInsensitive = false): RegExp {
  const cacheKey = `${caseInsensitive ? 'i' : 's'}:${pattern}`;
  let re = cache.get(cacheKey);
  if (!re) {
    re = new RegExp(`^${globSource(pattern)}$`, caseInsensitive ? 'i' : '');
    cache.set(cacheKey, re);
  }
  return re;
}

export function globMatch(pattern: string, path: string, caseInsensitive = false): boolean {
  return globToRegExp(pattern, caseInsensitive).test(path);
}

// Pattern lists from the rules are long-lived arrays: one combined regex per list, found by identity.
const listCache = [new WeakMap<readonly string[], RegExp>(), new WeakMap<readonly string[], RegExp>()];

/** One regex matching any of `patterns`, compiled once per (array, case) pair. */
export function globsToRegExp(patterns: readonly string[], caseInsensitive = false): RegExp {
  const byList = listCache[caseInsensitive ? 1 : 0]!;
  let re = byList.get(patterns);
  if (!re) {
    const body = patterns.length ? patterns.map(globSource).join('|') : '(?!)';
    re = new RegExp(`^(?:${body})$`, caseInsensitive ? 'i' : '');
    byList.set(patterns, re);
  }
  return re;
}

export function matchesAny(patterns: readonly string[], path: string, caseInsensitive = false): boolean {
  return globsToRegExp(patterns, caseInsensitive).test(path);
}

/** Directory part of a POSIX relative path; "" for a file at the root. */
export function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

export function baseOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function joinPath(dir: string, name: string): string {
  return dir === '' ? name : `${dir}/${name}`;
}
