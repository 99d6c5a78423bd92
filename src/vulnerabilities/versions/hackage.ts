/**
 * Haskell Hackage (PVP) order: any number of dot-separated numbers and nothing else; when the
 * common numbers are equal the longer version is greater ("1.0.0" > "1.0").
 */
import { compareNumberLists } from './numeric.js';
import { parseSemverLike } from './semver-like.js';
import { type Order, parseable, type VersionScheme } from './types.js';

export const hackage: VersionScheme<string[]> = {
  id: 'hackage',
  parse(version) {
    if (!parseable(version)) return undefined;
    const { numbers, tail } = parseSemverLike(version, -1);
    return tail === '' ? numbers : undefined;
  },
  compare(a, b): Order {
    return compareNumberLists(a, b) || (a.length === b.length ? 0 : a.length < b.length ? -1 : 1);
  },
};
