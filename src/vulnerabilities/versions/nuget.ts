/**
 * NuGet order: up to four numbers (1.0.0.1), then a SemVer 2.0 pre-release compared without
 * regard to case ("1.0.0-BETA" = "1.0.0-beta"); build metadata is ignored.
 */
import { compareNumberLists } from './numeric.js';
import { comparePreRelease, parseSemverLike, preRelease } from './semver-like.js';
import { type Order, parseable, type VersionScheme } from './types.js';

export interface NuGetVersion {
  numbers: string[];
  /** Lower-cased pre-release. */
  pre: string;
}

export const nuget: VersionScheme<NuGetVersion> = {
  id: 'nuget',
  parse(version) {
    if (!parseable(version)) return undefined;
    const { numbers, tail } = parseSemverLike(version, 4);
    return { numbers, pre: preRelease(tail.toLowerCase()) };
  },
  compare(a, b): Order {
    return compareNumberLists(a.numbers, b.numbers) || comparePreRelease(a.pre, b.pre);
  },
};
