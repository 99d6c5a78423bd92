import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PackageURL } from 'packageurl-js';
import { describe, expect, it } from 'vitest';
import { SHARED } from '../../test/helpers/lockfile-peer-suite.js';
import type { Ecosystem } from './component.js';
import { extractors } from './extractors/index.js';
import { purlFor, splitName } from './purl.js';

const types: Record<Ecosystem, string> = {
  npm: 'npm',
  pypi: 'pypi',
  golang: 'golang',
  cargo: 'cargo',
  gem: 'gem',
  composer: 'composer',
  nuget: 'nuget',
  maven: 'maven',
  'github-actions': 'githubactions',
  docker: 'docker',
};

/** The reference: packageurl-js given the same parts. */
function reference(
  eco: Ecosystem,
  name: string,
  version: string | undefined,
  q?: Record<string, string>,
): string {
  const [ns, n] = splitName(eco, name.trim());
  return new PackageURL(
    types[eco],
    ns,
    n,
    version || undefined,
    q && Object.keys(q).length ? q : undefined,
    undefined,
  ).toString();
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

describe('purlFor', () => {
  const cases: [Ecosystem, string, string | undefined, Record<string, string>?][] = [
    ['npm', '@Types/Node', '1.0.0+build'],
    ['npm', 'a b', '1 2'],
    ['npm', 'left-pad', undefined],
    ['pypi', 'Django_Rest', '1.0'],
    ['pypi', 'zope.interface', '5.0'],
    ['golang', 'github.com/Foo/Bar', 'v1.0.0'],
    ['golang', 'golang.org/x/net', 'v0.0.0-20200114155413-6afb5195e5aa'],
    ['maven', 'org.Apache:Commons', '1.0', { type: 'pom', classifier: 'sources' }],
    ['composer', 'Vendor/Pkg', 'v1.0'],
    ['gem', 'nokogiri', '1.15.0', { platform: 'x86_64-linux' }],
    ['docker', 'ghcr.io/owner/image', 'sha256:abc'],
    ['github-actions', 'actions/checkout', 'v4'],
    ['cargo', 'serde', '1.0.0'],
    ['nuget', 'Newtonsoft.Json', '13.0.1'],
    ['npm', 'ünïcode', '1.0.0'],
    // The npm fast path, and names just outside it.
    ['npm', '@babel/core', '7.26.7'],
    ['npm', 'left-pad', '1.3.0+build.5'],
    ['npm', '..', '1.0.0'],
    ['npm', '@scope', '1.0.0'],
    ['npm', '@/x', '1.0.0'],
    ['npm', '@s/x/y', '1.0.0'],
    ['npm', 'a~b_c.d', '0.0.0-rc.1~x'],
    ['npm', 'Upper', '1.0.0'],
    ['npm', 'left-pad', '1.0.0 '],
    ['npm', 'left-pad', ''],
  ];
  it.each(cases)('matches packageurl-js for %s %s', (eco, name, version, q) => {
    expect(purlFor(eco, name, version, q)).toBe(reference(eco, name, version, q));
  });

  it('matches packageurl-js for every component of every real lockfile', async () => {
    const root = join(SHARED, 'peer-suites/real-lockfiles');
    let compared = 0;
    for (const file of files(root)) {
      const rel = file.slice(root.length + 1);
      const base = rel.split('/').pop() ?? rel;
      // Real files are stored with a prefix; the extractor wants the conventional name.
      const conventional = base.replace(
        /^.*-(package-lock\.json|pnpm-lock|Cargo\.lock|Gemfile\.lock|go\.mod|uv\.lock|poetry\.lock)/,
        '$1',
      );
      const candidates = [rel, conventional];
      const ex = extractors.find((e) => candidates.some((c) => e.matches(c)));
      if (!ex || statSync(file).size > 8 * 1024 * 1024) continue;
      const r = await ex.extract({
        path: rel,
        text: readFileSync(file, 'utf8'),
        readSibling: async () => undefined,
      });
      for (const c of r.components) {
        // Name normalisation and encoding are what is checked; version and qualifiers round-trip.
        const parsed = PackageURL.fromString(c.purl);
        const expected = reference(
          c.ecosystem,
          c.name,
          parsed.version,
          parsed.qualifiers as Record<string, string> | undefined,
        );
        expect(c.purl).toBe(expected);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(5000);
  });
});
