/**
 * Arbitrary-length decimal numbers compared as strings: version parts such as
 * 999999999999999999999999999991 exceed 2^53, and BigInt would allocate on every compare.
 */
import type { Order } from './types.js';

export function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

export function isAsciiLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/** True for a non-empty run of ASCII digits. */
export function isDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) if (!isDigit(s.charCodeAt(i))) return false;
  return true;
}

/** Drops leading zeros ("007" -> "7", "000" -> "0") so that equal numbers are equal strings. */
export function normalizeDigits(s: string): string {
  let i = 0;
  while (i < s.length - 1 && s.charCodeAt(i) === 48) i++;
  return i === 0 ? s : s.slice(i);
}

/** Numeric order of two normalized digit strings (see normalizeDigits). */
export function compareNormalized(a: string, b: string): Order {
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Numeric order of two digit strings, leading zeros allowed. */
export function compareDigits(a: string, b: string): Order {
  return compareNormalized(normalizeDigits(a), normalizeDigits(b));
}

/** Code-unit (ASCII) order, as Go's strings.Compare and C's strcmp give for ASCII input. */
export function compareText(a: string, b: string): Order {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Compares number lists, the shorter padded with zeros ("1.0" = "1"). */
export function compareNumberLists(a: readonly string[], b: readonly string[]): Order {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareNormalized(a[i] ?? '0', b[i] ?? '0');
    if (c !== 0) return c;
  }
  return 0;
}

/**
 * Two identifiers that may be numbers (pre-release or local-version parts): numbers compare
 * numerically, words as text, and `numbersAbove` says whether a number beats a word (PEP 440
 * local versions, RubyGems) or loses to it (SemVer pre-releases).
 */
export function compareIdentifiers(x: string, y: string, numbersAbove: boolean): Order {
  const xn = isDigits(x);
  const yn = isDigits(y);
  if (xn && yn) return compareDigits(x, y);
  if (xn !== yn) return xn === numbersAbove ? 1 : -1;
  return compareText(x, y);
}

/** Identifier lists compared pairwise (see compareIdentifiers); if all pairs tie, the longer wins. */
export function compareIdentifierLists(
  a: readonly string[],
  b: readonly string[],
  numbersAbove: boolean,
): Order {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareIdentifiers(a[i]!, b[i]!, numbersAbove);
    if (c !== 0) return c;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}
