/**
 * RubyGems order (Gem::Version): a "." goes between every digit/non-digit boundary
 * ("1.0a1" -> "1.0.a.1"); the segments up to the first non-number are the release, the rest the
 * pre-release, each with trailing zeros dropped; segments compare numerically when both are
 * numbers, as strings when neither is, and a number beats a string ("1" > "1.a").
 */
import { compareIdentifiers, isDigit, isDigits, normalizeDigits } from './numeric.js';
import { type Order, parseable, type VersionScheme } from './types.js';

/** Segments: numbers normalized (no leading zeros), other segments as written. */
export type RubyGemsVersion = string[];

function segments(version: string): string[] {
  const out: string[] = [];
  let current = '';
  let previousDigit = false;
  let afterDot = true;
  for (let i = 0; i < version.length; i++) {
    const code = version.charCodeAt(i);
    if (code === 46 /* . */) {
      out.push(current);
      current = '';
      afterDot = true;
      continue;
    }
    const digit = isDigit(code);
    if (!afterDot && digit !== previousDigit) {
      out.push(current);
      current = '';
    }
    current += version[i];
    previousDigit = digit;
    afterDot = false;
  }
  out.push(current);
  return out;
}

function dropTrailingZeros(segs: string[]): string[] {
  let end = segs.length;
  while (end > 0 && segs[end - 1] === '0') end--;
  return segs.slice(0, end);
}

export const rubygems: VersionScheme<RubyGemsVersion> = {
  id: 'rubygems',
  parse(version) {
    if (!parseable(version)) return undefined;
    const segs = segments(version).map((s) => (isDigits(s) ? normalizeDigits(s) : s));
    const firstText = segs.findIndex((s) => !isDigits(s));
    if (firstText === -1) return dropTrailingZeros(segs);
    return [...dropTrailingZeros(segs.slice(0, firstText)), ...dropTrailingZeros(segs.slice(firstText))];
  },
  compare(a, b): Order {
    const n = Math.max(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const x = a[i] ?? '0';
      const y = b[i] ?? '0';
      const c = compareIdentifiers(x, y, true);
      if (c !== 0) return c;
    }
    return 0;
  },
};
