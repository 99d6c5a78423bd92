/**
 * Dart Pub order: SemVer 2.0, except that build metadata does count, after everything else, in
 * ASCII order ("1.2.3+1" < "1.2.3+a"; "1.0.0-pre" < "1.0.0-pre+build").
 */
import { compareNumberLists, compareText } from './numeric.js';
import { comparePreRelease, parseSemverLike, preRelease } from './semver-like.js';
import { type Order, parseable, type VersionScheme } from './types.js';

export interface PubVersion {
  numbers: string[];
  pre: string;
  build: string;
}

export const pub: VersionScheme<PubVersion> = {
  id: 'pub',
  parse(version) {
    if (!parseable(version)) return undefined;
    const { numbers, tail } = parseSemverLike(version, 3);
    const plus = tail.indexOf('+');
    return { numbers, pre: preRelease(tail), build: plus === -1 ? '' : tail.slice(plus + 1) };
  },
  compare(a, b): Order {
    return (
      compareNumberLists(a.numbers, b.numbers) ||
      comparePreRelease(a.pre, b.pre) ||
      compareText(a.build, b.build)
    );
  },
};
