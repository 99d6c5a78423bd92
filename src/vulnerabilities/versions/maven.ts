/**
 * Maven order (ComparableVersion as the POM reference describes it): the version splits at
 * "." and "-" and at every digit/letter boundary (a boundary counts as "-"); "ga", "final" and
 * "release" mean nothing, "cr" is "rc", and "a", "b", "m" directly followed by a number are
 * alpha, beta and milestone. Null items (0, nothing) at the end of each "-" list are dropped,
 * so "1.0.0" = "1" and "1-ga" = "1". Items compare pairwise, the shorter version padded:
 * numbers numerically; known qualifiers alpha < beta < milestone < rc < snapshot < (none) < sp
 * < unknown words (alphabetically); with different separators ".qualifier" < "-qualifier" <
 * "-number" < ".number".
 */
import { compareNormalized, compareText, isDigit, isDigits, normalizeDigits } from './numeric.js';
import { type Order, parseable, type VersionScheme } from './types.js';

interface Item {
  /** "" for the first item, else "." or "-". */
  separator: string;
  /** Normalized number, known qualifier or lower-cased word; "" for ga/final/release. */
  value: string;
  numeric: boolean;
  /** Stands in for a missing item when one version is shorter. */
  padding: boolean;
}

export type MavenVersion = Item[];

const QUALIFIERS = ['alpha', 'beta', 'milestone', 'rc', 'snapshot', '', 'sp'];

function qualifierRank(value: string): number {
  const i = QUALIFIERS.indexOf(value);
  return i === -1 ? QUALIFIERS.length : i;
}

function item(separator: string, value: string): Item {
  return { separator, value, numeric: isDigits(value), padding: false };
}

function items(version: string): Item[] {
  const out: Item[] = [];
  let separator = '';
  let start = 0;
  const lower = version.toLowerCase();
  const flush = (end: number, followedByDigit: boolean): void => {
    let value = lower.slice(start, end);
    if (value === '') value = '0';
    else if (value === 'cr') value = 'rc';
    else if (value === 'ga' || value === 'final' || value === 'release') value = '';
    else if (followedByDigit && value === 'a') value = 'alpha';
    else if (followedByDigit && value === 'b') value = 'beta';
    else if (followedByDigit && value === 'm') value = 'milestone';
    else if (isDigits(value)) value = normalizeDigits(value);
    out.push(item(separator, value));
  };
  for (let i = 0; i <= lower.length; i++) {
    const ch = lower[i];
    if (ch === undefined || ch === '.' || ch === '-') {
      flush(i, false);
      separator = ch ?? '';
      start = i + 1;
      continue;
    }
    if (i > start && isDigit(lower.charCodeAt(i)) !== isDigit(lower.charCodeAt(i - 1))) {
      flush(i, isDigit(lower.charCodeAt(i)));
      separator = '-';
      start = i;
    }
  }
  return out;
}

function trimmable(it: Item): boolean {
  return it.value === '0' || it.value === '';
}

/** Drops null items at the end of every "-" list, walking back from the end. */
function trimNulls(list: Item[]): Item[] {
  let i = list.length - 1;
  while (i > 0) {
    if (trimmable(list[i]!)) {
      list.splice(i, 1);
      i--;
      continue;
    }
    while (i >= 0 && list[i]!.separator !== '-') i--;
    i--;
  }
  return list;
}

/** The item a shorter version is padded with, opposite `other`. */
function padding(other: Item): Item {
  if (other.separator === '-') return { separator: '-', value: '', numeric: false, padding: true };
  return {
    separator: '.',
    value: other.value === 'sp' ? '' : '0',
    numeric: other.value !== 'sp',
    padding: true,
  };
}

function separatorRank(it: Item): number {
  if (it.numeric) return it.separator === '.' ? 3 : 2;
  return it.separator === '-' ? 1 : 0;
}

function lessThan(a: Item, b: Item): boolean {
  if (a.separator !== b.separator) return separatorRank(a) < separatorRank(b);
  if (a.numeric && b.numeric) return compareNormalized(a.value, b.value) < 0;
  if (a.numeric && !a.padding) return false;
  if (b.numeric && !b.padding) return true;
  const ra = qualifierRank(a.value);
  const rb = qualifierRank(b.value);
  if (ra === QUALIFIERS.length && rb === QUALIFIERS.length) return compareText(a.value, b.value) < 0;
  return ra < rb;
}

export const maven: VersionScheme<MavenVersion> = {
  id: 'maven',
  parse(version) {
    if (!parseable(version)) return undefined;
    return trimNulls(items(version));
  },
  compare(a, b): Order {
    const n = Math.max(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const x = a[i] ?? padding(b[i]!);
      const y = b[i] ?? padding(a[i]!);
      if (x.separator === y.separator && x.value === y.value) continue;
      return lessThan(x, y) ? -1 : lessThan(y, x) ? 1 : 0;
    }
    return 0;
  },
};
