/**
 * The lenient "numbers then a tail" reading shared by semver, NuGet, Pub and Hackage: an
 * optional leading "v", dot-separated numbers, and everything from the first other character on
 * as the tail ("-beta.1+build"). Numbers beyond `maxNumbers` move to the tail as ".N" (so
 * "1.2.3.4" sorts as a pre-release of 1.2.3, as osv-scalibr does).
 */
import { compareIdentifierLists, isDigit, normalizeDigits } from './numeric.js';
import type { Order } from './types.js';

export interface SemverLike {
  /** Normalized digit strings. */
  numbers: string[];
  /** Everything after the numbers: "-pre.1+build", or "" for none. */
  tail: string;
}

export function parseSemverLike(version: string, maxNumbers: number): SemverLike {
  const s = version.startsWith('v') ? version.slice(1) : version;
  const numbers: string[] = [];
  let start = 0;
  let i = 0;
  for (; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (isDigit(code)) continue;
    if (i > start) numbers.push(normalizeDigits(s.slice(start, i)));
    if (code !== 46 /* . */) break;
    start = i + 1;
  }
  if (i === s.length && i > start) numbers.push(normalizeDigits(s.slice(start)));
  let tail = i < s.length ? s.slice(i) : '';
  if (maxNumbers >= 0 && numbers.length > maxNumbers) {
    tail += numbers
      .slice(maxNumbers)
      .map((n) => `.${n}`)
      .join('');
    numbers.length = maxNumbers;
  }
  return { numbers, tail };
}

/** The pre-release part of a tail: build metadata ("+...") and one leading "-" removed. */
export function preRelease(tail: string): string {
  const plus = tail.indexOf('+');
  const pre = plus === -1 ? tail : tail.slice(0, plus);
  return pre.startsWith('-') ? pre.slice(1) : pre;
}

/**
 * SemVer 2.0 pre-release precedence (items 9 and 11): none > any; dot-separated identifiers,
 * numeric ones numerically and below alphanumeric ones, which compare in ASCII order; more
 * identifiers win when all before are equal.
 */
export function comparePreRelease(a: string, b: string): Order {
  if (a === b) return 0;
  if (a === '') return 1;
  if (b === '') return -1;
  return compareIdentifierLists(a.split('.'), b.split('.'), false);
}
