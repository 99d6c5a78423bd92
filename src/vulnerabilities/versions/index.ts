/**
 * OSV ecosystem names (as OSV spells them, with or without a release suffix such as
 * "Debian:12", "Alpine:v3.18" or "Maven:https://maven.google.com") to the version scheme that
 * orders their versions. Only ecosystems whose order the OSV schema or the ecosystem defines
 * are listed; anything else is unknown, and matching says so instead of guessing.
 */
import { alpine } from './alpine.js';
import { cran } from './cran.js';
import { debian } from './debian.js';
import { hackage } from './hackage.js';
import { maven } from './maven.js';
import { nuget } from './nuget.js';
import { packagist } from './packagist.js';
import { pep440 } from './pep440.js';
import { pub } from './pub.js';
import { rpm } from './rpm.js';
import { rubygems } from './rubygems.js';
import { semver } from './semver.js';
import type { Order, VersionScheme } from './types.js';

export type { Order, VersionScheme } from './types.js';
export { MAX_VERSION_LENGTH } from './types.js';

export const schemes = {
  alpine,
  cran,
  debian,
  hackage,
  maven,
  nuget,
  packagist,
  pep440,
  pub,
  rpm,
  rubygems,
  semver,
};

const byEcosystem: ReadonlyMap<string, VersionScheme> = new Map<string, VersionScheme>([
  ['npm', semver],
  // GHSA gives GitHub Actions releases as SemVer (tags without their "v")
  ['GitHub Actions', semver],
  ['crates.io', semver],
  ['Go', semver],
  ['Hex', semver],
  ['SwiftURL', semver],
  ['PyPI', pep440],
  ['Maven', maven],
  ['NuGet', nuget],
  ['RubyGems', rubygems],
  ['Packagist', packagist],
  ['Pub', pub],
  ['CRAN', cran],
  ['Hackage', hackage],
  ['Debian', debian],
  ['Ubuntu', debian],
  ['Alpine', alpine],
  ['Wolfi', alpine],
  ['Chainguard', alpine],
  ['Alpaquita', alpine],
  ['MinimOS', alpine],
  ['BellSoft Hardened Containers', alpine],
  ['Red Hat', rpm],
  ['AlmaLinux', rpm],
  ['Rocky Linux', rpm],
  ['openSUSE', rpm],
  ['SUSE', rpm],
  ['Mageia', rpm],
  ['openEuler', rpm],
]);

/** The scheme for an OSV ecosystem name, ignoring a ":release" suffix; undefined when unknown. */
export function schemeForEcosystem(ecosystem: string): VersionScheme | undefined {
  const colon = ecosystem.indexOf(':');
  return byEcosystem.get(colon === -1 ? ecosystem : ecosystem.slice(0, colon));
}

/** Ecosystem names this library orders, without suffixes. */
export function supportedEcosystems(): string[] {
  return [...byEcosystem.keys()];
}

/** Parsed versions per scheme, bounded: advisories repeat the same few versions many times. */
const CACHE_LIMIT = 20_000;
const caches = new Map<VersionScheme, Map<string, unknown>>();

/** `scheme.parse` through a bounded cache; undefined for an invalid version. */
export function parseVersion(scheme: VersionScheme, version: string): unknown {
  let cache = caches.get(scheme);
  if (cache === undefined) {
    cache = new Map();
    caches.set(scheme, cache);
  }
  let parsed = cache.get(version);
  if (parsed === undefined && !cache.has(version)) {
    parsed = scheme.parse(version);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(version, parsed);
  }
  return parsed;
}

/** Compares two version strings in one scheme; undefined when either is invalid there. */
export function compareVersions(scheme: VersionScheme, a: string, b: string): Order | undefined {
  const pa = parseVersion(scheme, a);
  if (pa === undefined) return undefined;
  const pb = parseVersion(scheme, b);
  if (pb === undefined) return undefined;
  return scheme.compare(pa, pb);
}
