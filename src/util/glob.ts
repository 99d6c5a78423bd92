/**
 * A small glob matcher for the path patterns in rules/*.yaml and in workspace declarations:
 * `*` and `?` stay inside one path segment, `**` spans segments, `{a,b}` is alternation.
 * Patterns are POSIX paths relative to the repository root (or to a manifest's directory).
 * The one glob translator of vouch: rules, scope policy and workspace declarations all use it.
 */

/**
 * A Map that forgets the entry it learnt first beyond `limit`: patterns can come from repository
 * files (workspace globs), so no cache of them may grow without bound. A hit does not reorder the
 * entries (no least-recently-used bookkeeping): these caches are asked once or more per file of
 * the tree, and moving the entry on every hit cost more than the lookup it saves.
 */
export class BoundedCache<K, V> {
  private readonly map = new Map<K, V>();
  constructor(private readonly limit: number) {}
  get(key: K): V | undefined {
    return this.map.get(key);
  }
  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.limit) this.map.delete(this.map.keys().next().value as K);
  }
  get size(): number {
    return this.map.size;
  }
}

const cache = new BoundedCache<string, RegExp>(1000);

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

/** One regex matching any of `patterns` (the compiled set's, so cached like it). */
export function globsToRegExp(patterns: readonly string[], caseInsensitive = false): RegExp {
  return globSet(patterns, caseInsensitive).regex;
}

function combinedRegExp(patterns: readonly string[], caseInsensitive: boolean): RegExp {
  const body = patterns.length ? patterns.map(globSource).join('|') : '(?!)';
  return new RegExp(`^(?:${body})$`, caseInsensitive ? 'i' : '');
}

/**
 * What a path's base name must look like for one glob to match it: one exact name, or a literal
 * start and end around wildcards. Undefined when the glob says nothing usable about the base name
 * (its last segment has `**` or braces, or it ends in "/"). Only ever a necessary condition: the
 * full regex still decides.
 */
type BaseConstraint = { name: string } | { prefix: string; suffix: string } | undefined;

function baseConstraint(pattern: string, caseInsensitive: boolean): BaseConstraint {
  const p = pattern.replace(/^\.\//, '');
  if (p === '' || p.endsWith('/')) return undefined;
  // The last segment's regex cannot match "/" and follows a "/" or the start of the path, so it
  // matches exactly the path's base name.
  const last = p.slice(p.lastIndexOf('/') + 1);
  if (last.includes('**') || /[{}]/.test(last)) return undefined;
  // Case folding is compared with toLowerCase, which agrees with the regex `i` flag on ASCII only.
  if (caseInsensitive && /[^\x00-\x7f]/.test(last)) return undefined;
  const fold = (text: string) => (caseInsensitive ? text.toLowerCase() : text);
  const first = last.search(/[*?]/);
  if (first < 0) return { name: fold(last) };
  const end = Math.max(last.lastIndexOf('*'), last.lastIndexOf('?')) + 1;
  return { prefix: fold(last.slice(0, first)), suffix: fold(last.slice(end)) };
}

/** A compiled glob list: a base-name pre-test in front of the one combined regex. */
export interface GlobSet {
  /** The combined regex (anchored), as globsToRegExp gives it. */
  regex: RegExp;
  caseInsensitive: boolean;
  /** Some glob can match any base name: the pre-test cannot rule anything out. */
  anyBase: boolean;
  /** Exact base names (lower case when case-insensitive) some glob needs. */
  names: ReadonlySet<string>;
  /** Literal starts and ends of base names some glob needs. */
  affixes: readonly (readonly [prefix: string, suffix: string])[];
  /**
   * matchesAny's pre-test answers by base name (at most BASE_VERDICTS): asked once per file of
   * the tree, the affix loop cost more than all else in planning the byte scans, and a tree has
   * far fewer base names than files.
   */
  baseVerdicts: Map<string, boolean>;
}

/** Base names remembered per glob set; names come from the repository, so the memory is bounded. */
const BASE_VERDICTS = 10_000;

// Rule lists are long-lived arrays, found by identity (the entry goes with the array); lists built
// per call are found by their text in a bounded cache.
const setCache = [new WeakMap<readonly string[], GlobSet>(), new WeakMap<readonly string[], GlobSet>()];
const setByText = new BoundedCache<string, GlobSet>(1000);

/** The compiled form of `patterns`, once per (array, case) pair, or per equal list for fresh arrays. */
export function globSet(patterns: readonly string[], caseInsensitive = false): GlobSet {
  const byList = setCache[caseInsensitive ? 1 : 0]!;
  let set = byList.get(patterns);
  if (set) return set;
  const key = `${caseInsensitive ? 'i' : 's'}\0${patterns.join('\0')}`;
  set = setByText.get(key);
  if (!set) {
    const names = new Set<string>();
    const affixes: [string, string][] = [];
    let anyBase = false;
    for (const pattern of patterns) {
      const c = baseConstraint(pattern, caseInsensitive);
      if (!c) anyBase = true;
      else if ('name' in c) names.add(c.name);
      else affixes.push([c.prefix, c.suffix]);
    }
    set = {
      regex: combinedRegExp(patterns, caseInsensitive),
      caseInsensitive,
      anyBase,
      names,
      affixes,
      baseVerdicts: new Map(),
    };
    setByText.set(key, set);
  }
  byList.set(patterns, set);
  return set;
}

/**
 * Whether a base name can match some glob of the set (`folded`: lower-cased when the set is
 * case-insensitive). False means no path with that base name matches; true means test the path.
 */
export function baseMayMatch(set: GlobSet, folded: string): boolean {
  if (set.anyBase || set.names.has(folded)) return true;
  for (const [prefix, suffix] of set.affixes) {
    if (folded.startsWith(prefix) && folded.endsWith(suffix)) return true;
  }
  return false;
}

export function matchesAny(patterns: readonly string[], path: string, caseInsensitive = false): boolean {
  const set = globSet(patterns, caseInsensitive);
  if (!set.anyBase) {
    const slice = path.slice(path.lastIndexOf('/') + 1);
    const base = caseInsensitive ? slice.toLowerCase() : slice;
    let may = set.baseVerdicts.get(base);
    if (may === undefined) {
      may = baseMayMatch(set, base);
      if (set.baseVerdicts.size < BASE_VERDICTS) set.baseVerdicts.set(base, may);
    }
    if (!may) return false;
  }
  return set.regex.test(path);
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
