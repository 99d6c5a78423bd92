/**
 * Between components and advisories: which OSV ecosystem a component's purl type belongs to, and
 * the package key both sides are indexed by (PyPI names compare normalised, as PEP 503 says).
 */
import type { Ecosystem } from '../composition/component.js';
import { normalisePypiName } from '../composition/merge.js';

const osvEcosystemOf: Partial<Record<Ecosystem, string>> = {
  npm: 'npm',
  pypi: 'PyPI',
  golang: 'Go',
  cargo: 'crates.io',
  gem: 'RubyGems',
  composer: 'Packagist',
  nuget: 'NuGet',
  maven: 'Maven',
  'github-actions': 'GitHub Actions',
};

/** The OSV ecosystem for a component's ecosystem; undefined when OSV has none. */
export function osvEcosystem(ecosystem: Ecosystem): string | undefined {
  return osvEcosystemOf[ecosystem];
}

/** The ecosystem without its ":release" suffix ("Debian:12" -> "Debian"). */
export function baseEcosystem(ecosystem: string): string {
  const colon = ecosystem.indexOf(':');
  return colon === -1 ? ecosystem : ecosystem.slice(0, colon);
}

/** The name as the (ecosystem, name) index holds it. */
export function packageKey(ecosystem: string, name: string): string {
  return ecosystem === 'PyPI' ? normalisePypiName(name) : name;
}

/** The version as OSV records spell it: Go module versions without their "v". */
export function osvVersion(ecosystem: string, version: string): string {
  return ecosystem === 'Go' && version.startsWith('v') ? version.slice(1) : version;
}
