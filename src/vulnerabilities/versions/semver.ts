/**
 * SemVer 2.0 order for npm, crates.io, Go modules, Hex and OSV `SEMVER` ranges.
 *
 * Read leniently, as osv-scalibr does: a leading "v" is dropped (Go's "v1.2.3"), missing
 * numbers are zeros ("1" = "1.0.0"), numbers may be longer than 2^53, and numbers beyond the
 * third move into the pre-release ("1.1.3.4" sorts just below "1.1.3"). Strict SemVer rejects
 * these last forms; treating them as versions keeps advisories that use them matchable.
 * Go pseudo-versions (v0.0.0-20191109021931-daa7c04131f5) are pre-releases and sort by their
 * timestamp; "+incompatible" is build metadata and does not change the order.
 */
import { compareNumberLists } from './numeric.js';
import { comparePreRelease, parseSemverLike, preRelease } from './semver-like.js';
import { type Order, parseable, type VersionScheme } from './types.js';

export interface Semver {
  numbers: string[];
  pre: string;
}

export const semver: VersionScheme<Semver> = {
  id: 'semver',
  parse(version) {
    if (!parseable(version)) return undefined;
    const { numbers, tail } = parseSemverLike(version, 3);
    return { numbers, pre: preRelease(tail) };
  },
  compare(a, b): Order {
    return compareNumberLists(a.numbers, b.numbers) || comparePreRelease(a.pre, b.pre);
  },
};
