import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHARED } from '../../../../../test/helpers/lockfile-peer-suite.js';
import { isValidPurl } from '../../../purl-check.js';
import {
  ComponentTable,
  gitCommitOf,
  hexHash,
  integrityToHashes,
  isExactVersion,
  isRegistryTarballUrl,
  reachabilityScopes,
  sourceOfRef,
} from './npm.js';

describe('gitCommitOf', () => {
  it.each([
    [
      'git+ssh://git@github.com/a/b.git#0a2d2506c1fe299691fc5db53a2097db3bd615bc',
      '0a2d2506c1fe299691fc5db53a2097db3bd615bc',
    ],
    ['git://github.com/a/b.git#e7f778fc', 'e7f778fc'],
    ['github:a/b#d5ac058', 'd5ac058'],
    ['https://github.com/a/b#4bdd58d3', '4bdd58d3'],
    ['https://token@github.com/a/b.git#af885e2e', 'af885e2e'],
    ['https://example.com/a/b.git#abc123', 'abc123'],
    ['https://github.com/a/b.git#commit=0948d999', '0948d999'],
    ['ssh://git@github.com:o/r.git#commit:191eeef5', '191eeef5'],
    [
      'https://codeload.github.com/a/b/tar.gz/094e581aaf927d010e4b61d706ba584551dac502',
      '094e581aaf927d010e4b61d706ba584551dac502',
    ],
    ['https://gitlab.com/a/b/repository/archive.tar.gz?ref=c5a7ba5e', 'c5a7ba5e'],
    ['name@git+https://github.com/a/b.git#1111', '1111'],
    // A registry tarball's fragment is its sha1, not a commit.
    ['https://registry.yarnpkg.com/etag/-/etag-1.8.1.tgz#41ae2eeb65efa62268aebfea83ac7d79299b0887', ''],
    ['https://registry.npmjs.org/a/-/a-1.0.0.tgz', ''],
    ['github:a/b#feature/branch-name', ''],
    [undefined, ''],
  ])('%s -> %s', (ref, want) => {
    expect(gitCommitOf(ref)).toBe(want);
  });

  it('stays linear on huge references', () => {
    expect(gitCommitOf(`git+ssh://${'@'.repeat(8000)}#x`)).toBe('x');
    expect(gitCommitOf(`https://${'a'.repeat(10_000_000)}`)).toBe('');
  });
});

describe('hashes and versions', () => {
  it('converts SRI strings with several algorithms', () => {
    expect(
      integrityToHashes(
        'sha1-tSQ9jz7BqjXxNkYFvA0QNuMKtp8= sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=',
      ),
    ).toEqual([
      { alg: 'SHA-1', content: 'b5243d8f3ec1aa35f1364605bc0d1036e30ab69f' },
      { alg: 'SHA-256', content: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' },
    ]);
    expect(integrityToHashes('md4-abcd')).toBeUndefined();
    expect(integrityToHashes('sha512-not*base64')).toBeUndefined();
    expect(integrityToHashes(42)).toBeUndefined();
    // Base64 of whole groups only, "=" only as the last one or two characters.
    for (const bad of [
      'sha1-AAA',
      'sha1-A===',
      'sha1-====',
      'sha1-AA=A',
      'sha1-',
      'sha1-AAAA AAA'.slice(0, 8),
    ])
      expect(integrityToHashes(bad)).toBeUndefined();
    expect(integrityToHashes('sha1-AA==')).toEqual([{ alg: 'SHA-1', content: '00' }]);
    expect(integrityToHashes('SHA1-AAA=?x=1')).toEqual([{ alg: 'SHA-1', content: '0000' }]);
    expect(hexHash('0123456789abcdef0123456789abcdef01234567')).toEqual({
      alg: 'SHA-1',
      content: '0123456789abcdef0123456789abcdef01234567',
    });
    expect(hexHash('xyz')).toBeUndefined();
  });

  it('converts a repeated integrity string once: the same frozen hashes each time', () => {
    // SHA-512 of the empty string.
    const sri =
      'sha512-z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUdBeoGlODJ6+SfaPg==';
    const first = integrityToHashes(sri);
    // A different string object with the same text, as a second lockfile's parse gives.
    const again = integrityToHashes(`sha512-${sri.slice(7)}`);
    expect(again).toBe(first);
    expect(Object.isFrozen(first) && Object.isFrozen(first?.[0])).toBe(true);
    expect(first?.[0]?.content).toBe(Buffer.from(sri.slice(7), 'base64').toString('hex'));
    expect(integrityToHashes('sha1-AAA')).toBe(integrityToHashes('sha1-AAA'));
  });

  it('tells exact versions from ranges', () => {
    expect(['1.2.3', '1.0.0-beta.2', '2.1.6+git', 'v1.2.3'].every(isExactVersion)).toBe(true);
    expect(['^1.2.3', '1.x', '>=1', '1.2', 'latest', ''].some(isExactVersion)).toBe(false);
  });

  it('classifies references', () => {
    expect(sourceOfRef('https://registry.npmjs.org/a/-/a-1.0.0.tgz')).toBe('registry');
    expect(sourceOfRef('https://example.com/a.tgz')).toBe('url');
    expect(sourceOfRef('file:../a')).toBe('path');
    expect(sourceOfRef('github:a/b')).toBe('git');
    expect(sourceOfRef(undefined)).toBe('registry');
  });
});

describe('isRegistryTarballUrl', () => {
  /** Every `resolved` and `version` string in the real npm lockfiles of the shared corpus. */
  function realReferences(): string[] {
    const dir = join(SHARED, 'peer-suites/real-lockfiles/npm');
    const refs: string[] = [];
    const visit = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(visit);
      else if (v && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) {
          if ((k === 'resolved' || k === 'version') && typeof x === 'string') refs.push(x);
          else visit(x);
        }
      }
    };
    for (const f of readdirSync(dir))
      if (f.endsWith('.json')) visit(JSON.parse(readFileSync(join(dir, f), 'utf8')));
    return refs;
  }

  const crafted = [
    'https://registry.npmjs.org/a/-/a-1.0.0.tgz',
    'https://registry.npmjs.org/@s/a/-/a-1.0.0.tgz',
    'https://npm.example.com/a/-/a-1.0.0.tgz?token=x',
    'https://registry.npmjs.org/a/-/a-1.0.0.tgz#1e2f3a',
    'https://codeload.github.com/a/b/tar.gz/0a2d2506c1fe299691fc5db53a2097db3bd615bc',
    'https://codeload.github.com/a/-/b/tar.gz/abc',
    'http://registry.npmjs.org/a/-/a-1.0.0.tgz',
    'https://github.com/a/b.git#0a2d250',
    'git+https://github.com/a/b.git#0a2d250',
    'github:a/b#d5ac058',
    'file:../a',
    'https://example.com/a.tgz',
  ];

  it('is true only where gitCommitOf gives "" and sourceOfRef gives registry (crafted and real refs)', () => {
    const refs = [...crafted, ...realReferences()];
    expect(refs.length).toBeGreaterThan(2000);
    let fast = 0;
    for (const ref of refs) {
      if (!isRegistryTarballUrl(ref)) continue;
      fast++;
      expect([ref, gitCommitOf(ref), sourceOfRef(ref)]).toEqual([ref, '', 'registry']);
    }
    // It must also take the common case (most `resolved` URLs), or it saves nothing.
    const resolved = refs.filter((r) => r.startsWith('https://'));
    expect(fast).toBeGreaterThan(resolved.length * 0.9);
    expect(crafted.filter(isRegistryTarballUrl)).toEqual(crafted.slice(0, 2));
  });
});

describe('ComponentTable', () => {
  it('folds occurrences of one package, merging scope and groups as osv-scalibr does', () => {
    const t = new ComponentTable('package-lock.json');
    const a = t.add({
      name: 'a',
      version: '1.0.0',
      scope: 'dev',
      groups: ['dev'],
      source: 'registry',
      line: 3,
    });
    const b = t.add({
      name: 'a',
      version: '1.0.0',
      scope: 'optional',
      groups: ['optional'],
      source: 'registry',
      line: 9,
    });
    const c = t.add({ name: 'b', version: '2.0.0', scope: 'prod', groups: [], source: 'registry', line: 12 });
    t.add({ name: 'b', version: '2.0.0', scope: 'dev', groups: ['dev'], source: 'registry', line: 20 });
    expect(a).toBe(b);
    t.addEdge(a, c);
    const [ca, cb] = t.finish();
    expect(ca).toMatchObject({
      scope: 'optional',
      groups: ['dev', 'optional'],
      location: { line: 3 },
      related: [{ line: 9 }],
    });
    expect(ca?.dependsOn).toEqual([cb?.purl]);
    expect(cb?.scope).toBe('prod');
    expect(cb?.groups).toBeUndefined();
    for (const x of [ca, cb]) expect(isValidPurl(x?.purl as string)).toBe(true);
  });

  it('keeps two commits of one version apart', () => {
    const t = new ComponentTable('x');
    t.add({
      name: 'a',
      version: '1.0.0',
      commit: 'aaa',
      scope: 'prod',
      source: 'git',
      sourceRef: 'github:o/a#aaa',
    });
    t.add({
      name: 'a',
      version: '1.0.0',
      commit: 'bbb',
      scope: 'prod',
      source: 'git',
      sourceRef: 'github:o/a#bbb',
    });
    const cs = t.finish();
    expect(cs).toHaveLength(2);
    expect(new Set(cs.map((c) => c.purl)).size).toBe(2);
  });
});

describe('reachabilityScopes', () => {
  it('prod beats optional beats dev; unreachable is counted', () => {
    // 0 -> 1 ; 0 -opt-> 2 ; 3 -> 1, 4 ; 5 alone
    const required = [[1], [], [], [1, 4], [], []];
    const optional = [[2], [], [], [], [], []];
    const { scopes, unreachable } = reachabilityScopes(6, required, optional, {
      prod: [0],
      optional: [],
      dev: [3],
    });
    expect(scopes).toEqual(['prod', 'prod', 'optional', 'dev', 'dev', undefined]);
    expect(unreachable).toBe(1);
  });

  it('handles cycles and long chains without recursion', () => {
    const n = 200_000;
    const required = Array.from({ length: n }, (_, i) => [(i + 1) % n]);
    const { scopes } = reachabilityScopes(n, required, [], { prod: [], optional: [], dev: [0] });
    expect(scopes.every((s) => s === 'dev')).toBe(true);
  });
});
