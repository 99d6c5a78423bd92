/**
 * CRAN (R package) order: numbers separated by "." or "-" ("0.1-4" is 0.1.4), compared
 * numerically; when the common numbers are equal the longer version is greater.
 */
import { compareNumberLists, isDigits, normalizeDigits } from './numeric.js';
import { type Order, parseable, type VersionScheme } from './types.js';

export const cran: VersionScheme<string[]> = {
  id: 'cran',
  parse(version) {
    if (!parseable(version)) return undefined;
    const parts = version.split(/[.-]/);
    if (!parts.every(isDigits)) return undefined;
    return parts.map(normalizeDigits);
  },
  compare(a, b): Order {
    return compareNumberLists(a, b) || (a.length === b.length ? 0 : a.length < b.length ? -1 : 1);
  },
};
