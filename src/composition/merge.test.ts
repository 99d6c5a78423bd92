import { describe, expect, it } from 'vitest';
import type { Component, Ecosystem } from './component.js';
import { componentKey, mergeComponents, mergeDetailed } from './merge.js';
import { purlFor } from './purl.js';

function comp(
  ecosystem: Ecosystem,
  name: string,
  version: string,
  path: string,
  extra: Partial<Component> = {},
): Component {
  return {
    ecosystem,
    name,
    version,
    pinned: true,
    purl: purlFor(ecosystem, name, version),
    scope: 'prod',
    source: 'registry',
    location: { path, line: 1 },
    ...extra,
  };
}

describe('mergeComponents', () => {
  it('keeps every occurrence of the same package and takes prod over dev', () => {
    const merged = mergeComponents([
      {
        components: [
          comp('npm', 'lodash', '4.17.21', 'a/package-lock.json', { scope: 'dev', direct: false }),
        ],
      },
      {
        components: [
          comp('npm', 'lodash', '4.17.21', 'b/package-lock.json', { scope: 'prod', direct: true }),
          comp('npm', 'lodash', '4.17.20', 'b/package-lock.json'),
        ],
      },
    ]);
    expect(merged).toHaveLength(2);
    const l = merged.find((m) => m.version === '4.17.21')!;
    expect(l.occurrences.map((o) => o.path)).toEqual(['a/package-lock.json', 'b/package-lock.json']);
    expect(l.scope).toBe('prod');
    expect(l.direct).toBe(true);
  });

  it('ranks scopes prod > peer > optional > dev', () => {
    const m = mergeComponents([
      {
        components: [
          comp('npm', 'x', '1.0.0', 'p', { scope: 'dev' }),
          comp('npm', 'x', '1.0.0', 'q', { scope: 'optional' }),
        ],
      },
    ]);
    expect(m[0]!.scope).toBe('optional');
    const n = mergeComponents([{ components: [comp('npm', 'x', '1.0.0', 'p', { scope: 'dev' })] }]);
    expect(n[0]!.scope).toBe('dev');
  });

  it('treats npm names case-sensitively and PyPI names by PEP 503', () => {
    const m = mergeComponents([
      {
        components: [
          comp('npm', 'JSONStream', '1.0.0', 'a'),
          comp('npm', 'jsonstream', '1.0.0', 'a'),
          comp('pypi', 'Foo_Bar', '2.0', 'r1'),
          comp('pypi', 'foo.bar', '2.0', 'r2'),
          comp('pypi', 'foo-bar', '2.0', 'r3'),
        ],
      },
    ]);
    expect(m.filter((c) => c.ecosystem === 'npm')).toHaveLength(2);
    const py = m.filter((c) => c.ecosystem === 'pypi');
    expect(py).toHaveLength(1);
    expect(py[0]!.occurrences).toHaveLength(3);
    expect(componentKey('pypi', 'A__B', '1')).toBe(componentKey('pypi', 'a-b', '1'));
  });

  it('unions hashes (case-insensitive), licences, sources and edges, dropping unknown edge targets', () => {
    const dep = comp('npm', 'dep', '1.0.0', 'x');
    const { components, purlIndex } = mergeDetailed([
      {
        edgesKnown: true,
        components: [
          comp('npm', 'a', '1.0.0', 'x', {
            hashes: [{ alg: 'SHA-512', content: 'AB' }],
            license: 'MIT',
            dependsOn: [dep.purl, 'pkg:npm/missing@9'],
          }),
          dep,
        ],
      },
      {
        components: [
          comp('npm', 'a', '1.0.0', 'y', {
            hashes: [
              { alg: 'SHA-512', content: 'ab' },
              { alg: 'SHA-1', content: 'cd' },
            ],
            license: 'ISC',
            source: 'git',
            sourceRef: 'git+https://example.test/a.git',
            commit: 'abc',
            dependsOn: [dep.purl],
          }),
        ],
      },
    ]);
    const a = components.find((c) => c.name === 'a')!;
    expect(a.hashes).toEqual([
      { alg: 'SHA-512', content: 'ab' },
      { alg: 'SHA-1', content: 'cd' },
    ]);
    expect(a.licenses).toEqual(['MIT', 'ISC']);
    expect(a.sources).toEqual([{ kind: 'git', ref: 'git+https://example.test/a.git', commit: 'abc' }]);
    expect(a.dependsOn).toEqual([dep.purl]);
    expect(a.edgesKnown).toBe(true);
    expect(purlIndex.get(dep.purl)).toBe(dep.purl);
  });

  it('resolves edges written with a differently spelled purl of the same PyPI package', () => {
    const target = comp('pypi', 'Requests', '2.0', 'a');
    const src = comp('pypi', 'app-lib', '1.0', 'a', { dependsOn: ['pkg:pypi/requests@2.0'] });
    const m = mergeComponents([{ components: [target, src, comp('pypi', 'requests', '2.0', 'b')] }]);
    const lib = m.find((c) => c.name === 'app-lib')!;
    expect(lib.dependsOn).toEqual([target.purl]);
  });

  it('merges 100k occurrences', () => {
    const base = comp('npm', 'p', '1.0.0', 'f');
    const comps: Component[] = [];
    for (let i = 0; i < 100_000; i++) {
      const name = `p${i % 20_000}`;
      comps.push({ ...base, name, purl: `pkg:npm/${name}@1.0.0`, location: { path: `f${i % 5}`, line: i } });
    }
    const m = mergeComponents([{ components: comps }]);
    expect(m).toHaveLength(20_000);
    expect(m[0]!.occurrences).toHaveLength(5);
    // An O(n²) merge of 100k occurrences would not finish within the test timeout.
  });
});
