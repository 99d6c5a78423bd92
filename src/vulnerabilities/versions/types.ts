/**
 * One interface for every version scheme (semver, PEP 440, Maven, ...): parse once, compare
 * parsed values many times. A scheme module exports one `VersionScheme`; `index.ts` maps OSV
 * ecosystem names onto them.
 */

/** -1, 0 or +1, like a sort comparator. */
export type Order = -1 | 0 | 1;

export interface VersionScheme<Parsed = unknown> {
  /** Stable scheme id, e.g. "semver", "pep440". */
  readonly id: string;
  /** The parsed form, or undefined when the string is not a version in this scheme. */
  parse(version: string): Parsed | undefined;
  /** Total order on parsed versions. */
  compare(a: Parsed, b: Parsed): Order;
}

/**
 * Versions come from repository content and advisories: anything longer is rejected as invalid
 * so that no scheme spends more than linear time on a hostile string.
 */
export const MAX_VERSION_LENGTH = 256;

/** True when the string may be parsed at all (non-empty, at most MAX_VERSION_LENGTH). */
export function parseable(version: string): boolean {
  return version.length > 0 && version.length <= MAX_VERSION_LENGTH;
}
