/**
 * Packagist (Composer) order, after PHP's version_compare: a leading "v"/"V" dropped, "-", "_"
 * and "+" read as ".", a "." between every digit/non-digit boundary; then segment by segment:
 * numbers numerically; words by their special rank (dev < alpha/a < beta/b < RC/rc < number <
 * pl/p, anything else ranks with dev); a number against a word ranks as "#". When one version
 * runs out, a following number makes the longer one greater, a following word is ranked
 * against "#" ("1.0" > "1.0-beta", "1.0" < "1.0-pl1").
 */
import { compareNormalized, isDigit, isDigits, normalizeDigits } from './numeric.js';
import { type Order, parseable, type VersionScheme } from './types.js';

/** Segments: numbers normalized, words as written. */
export type PackagistVersion = string[];

const SPECIALS = ['dev', 'a', 'b', 'rc', '#', 'p'];

function rank(word: string): number {
  if (word.startsWith('RC')) return 3;
  for (let i = 0; i < SPECIALS.length; i++) if (word.startsWith(SPECIALS[i]!)) return i;
  return 0;
}

/** PHP reads a following segment as a whole number only when it fits a 64-bit integer. */
const INT64_MAX = '9223372036854775807';
function fitsInt64(s: string): boolean {
  return isDigits(s) && compareNormalized(normalizeDigits(s), INT64_MAX) <= 0;
}

function compareSegments(a: readonly string[], b: readonly string[]): Order {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    const y = b[i]!;
    const xn = isDigits(x);
    const yn = isDigits(y);
    let c: number;
    if (xn && yn) c = compareNormalized(x, y);
    else c = rank(xn ? '#' : x) - rank(yn ? '#' : y);
    if (c !== 0) return c < 0 ? -1 : 1;
  }
  if (a.length > b.length) return fitsInt64(a[b.length]!) ? 1 : compareSegments(a.slice(b.length), ['#']);
  if (a.length < b.length) return fitsInt64(b[a.length]!) ? -1 : compareSegments(['#'], b.slice(a.length));
  return 0;
}

function canonical(version: string): string {
  let s = version;
  if (s.startsWith('v')) s = s.slice(1);
  if (s.startsWith('V')) s = s.slice(1);
  let out = '';
  for (let i = 0; i < s.length; i++) {
    let ch = s[i]!;
    if (ch === '-' || ch === '_' || ch === '+') ch = '.';
    if (out.length > 0 && ch !== '.') {
      const prev = out.charCodeAt(out.length - 1);
      if (prev !== 46 && isDigit(prev) !== isDigit(ch.charCodeAt(0))) out += '.';
    }
    out += ch;
  }
  return out;
}

export const packagist: VersionScheme<PackagistVersion> = {
  id: 'packagist',
  parse(version) {
    if (!parseable(version)) return undefined;
    return canonical(version)
      .split('.')
      .map((s) => (isDigits(s) ? normalizeDigits(s) : s));
  },
  compare: compareSegments,
};
