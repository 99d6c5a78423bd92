import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  describeResult,
  LOCKFILE_SUITE,
  runLockfilePeerSuite,
} from '../../../../../test/helpers/lockfile-peer-suite.js';
import type { Component } from '../../../component.js';
import { isValidPurl } from '../../../purl-check.js';
import {
  fixtureInput,
  hugeSingleLine,
  inputFor,
  REAL,
  readReal,
  timed,
  yamlAliasBomb,
} from '../testdata/testkit.js';
import { pnpmLockExtractor as extractor, parseDepPath } from './index.js';

const byKey = (cs: Component[]) => new Map(cs.map((c) => [`${c.name}@${c.version}`, c]));

describe('javascript/pnpmlock peer suite (osv-scalibr)', () => {
  it('passes every extraction case', async () => {
    const r = await runLockfilePeerSuite('javascript-pnpmlock', extractor);
    console.log(describeResult(r));
    expect(r.failures).toEqual([]);
    expect(r.passed).toBe(r.total);
  });

  it('claims the files the suite says it should', () => {
    const expected = JSON.parse(
      readFileSync(join(LOCKFILE_SUITE, 'javascript-pnpmlock/expected.json'), 'utf8'),
    );
    for (const c of expected.fileRequired as { path: string; wantRequired: boolean }[]) {
      expect([c.path, extractor.matches(c.path)]).toEqual([c.path, c.wantRequired]);
    }
  });
});

describe('dependency paths', () => {
  it.each([
    ['/foo/1.0.0', 5.3, { name: 'foo', version: '1.0.0' }],
    ['/@foo/bar/1.0.0_react@18.2.0', 5.4, { name: '@foo/bar', version: '1.0.0' }],
    ['registry.example.com/foo/1.1.0', 5.4, { name: 'foo', version: '1.1.0' }],
    [
      '/@babel/core@7.0.0(@types/node@20.1.0)(supports-color@5.5.0)',
      6.0,
      { name: '@babel/core', version: '7.0.0' },
    ],
    ['/react-dom@18.2.0(react@18.2.0)', 6.1, { name: 'react-dom', version: '18.2.0' }],
    ['@scope/pkg@1.2.3(peer@1.0.0)', 9.0, { name: '@scope/pkg', version: '1.2.3' }],
    ['github.com/kevva/is-positive', 5.3, undefined],
    ['file:../local', 6.0, undefined],
    ['invalidpath', 5.3, 'invalid'],
  ])('%s (v%s)', (key, version, want) => {
    expect(parseDepPath(key, version)).toEqual(want);
  });
});

describe('v9 workspace', async () => {
  const r = await extractor.extract(fixtureInput('pnpmlock', 'testdata/workspace.v9.yaml'));
  const cs = byKey(r.components);

  it('reads every package once; workspace links are not packages', () => {
    expect(r.error).toBeUndefined();
    expect([...cs.keys()].sort()).toEqual([
      '@acme/formatter@2.1.0',
      'express-lite@4.1.0',
      'from-git@0.1.0',
      'native-opt@1.0.0',
      'peer-a@1.0.0',
      'shared-dep@3.0.0',
      'test-kit@2.0.0',
      'tiny-util@1.0.0',
    ]);
  });

  it('computes scope from the importers through the snapshot edges', () => {
    expect(Object.fromEntries(r.components.map((c) => [c.name, c.scope]))).toEqual({
      '@acme/formatter': 'prod',
      'express-lite': 'prod',
      'from-git': 'prod',
      'native-opt': 'optional',
      'peer-a': 'dev',
      'shared-dep': 'prod',
      'test-kit': 'dev',
      'tiny-util': 'prod',
    });
    // v9 states no dependency group; scope is computed, so groups stay empty.
    expect(r.components.every((c) => c.groups === undefined)).toBe(true);
    expect(r.notes).toBeUndefined();
  });

  it('knows direct dependencies of every importer and the root edges', () => {
    expect(
      r.components
        .filter((c) => c.direct)
        .map((c) => c.name)
        .sort(),
    ).toEqual(['@acme/formatter', 'express-lite', 'native-opt', 'test-kit', 'tiny-util']);
    expect(r.rootDependsOn).toEqual(
      [
        cs.get('express-lite@4.1.0')?.purl,
        cs.get('test-kit@2.0.0')?.purl,
        cs.get('native-opt@1.0.0')?.purl,
      ].sort(),
    );
    expect(cs.get('test-kit@2.0.0')?.dependsOn).toEqual(
      [cs.get('peer-a@1.0.0')?.purl, cs.get('shared-dep@3.0.0')?.purl].sort(),
    );
  });

  it('records git commits from codeload tarballs, hashes and lines', () => {
    expect(cs.get('from-git@0.1.0')).toMatchObject({
      source: 'git',
      commit: '0123456789abcdef0123456789abcdef01234567',
    });
    expect(cs.get('express-lite@4.1.0')?.hashes?.[0]?.alg).toBe('SHA-512');
    expect(cs.get('express-lite@4.1.0')?.location).toEqual({ path: 'testdata/workspace.v9.yaml', line: 40 });
  });
});

type Rec = Record<string, unknown>;

/** Independent name@version from a packages key plus its optional name/version fields. */
function nameVersion(key: string, pkg: Rec | null, v9: boolean): string | undefined {
  let name = pkg?.name as string | undefined;
  let version = pkg?.version as string | undefined;
  if (!name || !version) {
    let k = v9 ? key : key.replace(/^\//, '');
    const paren = k.indexOf('(');
    if (paren > 0) k = k.slice(0, paren);
    const at = k.lastIndexOf('@');
    if (at <= 0) return undefined;
    name ??= k.slice(0, at);
    version ??= k.slice(at + 1);
  }
  return `${name}@${version}`;
}

/** Dev-only packages of a v9 lockfile by plain BFS from the importers over snapshot edges. */
function v9DevOnly(lock: Rec): Set<string> {
  const snapshots = lock.snapshots as Record<string, Rec | null>;
  const packages = lock.packages as Record<string, Rec | null>;
  const keyOf = (name: string, ref: string) =>
    snapshots[`${name}@${ref}`] !== undefined
      ? `${name}@${ref}`
      : snapshots[ref] !== undefined
        ? ref
        : undefined;
  const reach = (fields: string[]) => {
    const seen = new Set<string>();
    const queue: string[] = [];
    for (const imp of Object.values(lock.importers as Record<string, Rec>)) {
      for (const f of fields) {
        for (const [n, v] of Object.entries((imp[f] as Record<string, { version: string }>) ?? {})) {
          const k = keyOf(n, v.version);
          if (k) queue.push(k);
        }
      }
    }
    while (queue.length > 0) {
      const k = queue.pop() as string;
      if (seen.has(k)) continue;
      seen.add(k);
      const s = snapshots[k] ?? {};
      for (const f of ['dependencies', 'optionalDependencies']) {
        for (const [n, v] of Object.entries((s[f] as Record<string, string>) ?? {})) {
          const t = keyOf(n, v);
          if (t) queue.push(t);
        }
      }
    }
    const base = (k: string) => (k.indexOf('(', 1) > 0 ? k.slice(0, k.indexOf('(', 1)) : k);
    return new Set([...seen].map((k) => nameVersion(base(k), packages[base(k)] ?? null, true)));
  };
  const prod = reach(['dependencies', 'optionalDependencies']);
  return new Set([...reach(['devDependencies'])].filter((k): k is string => !!k && !prod.has(k)));
}

describe('real lockfiles', () => {
  const files = readdirSync(join(REAL, 'pnpm'));
  it.each(files)('%s: set and scopes match an independent reading', async (file) => {
    const text = readReal(`pnpm/${file}`);
    const lock = parse(text) as Rec;
    const v9 = String(lock.lockfileVersion).startsWith('9');
    const packages = lock.packages as Record<string, Rec | null>;
    const want = new Set<string>();
    for (const [k, p] of Object.entries(packages)) {
      const nv = nameVersion(k, p, v9);
      if (nv) want.add(nv);
    }
    if (v9) {
      for (const k of Object.keys(lock.snapshots as Rec)) {
        const base = k.indexOf('(', 1) > 0 ? k.slice(0, k.indexOf('(', 1)) : k;
        want.add(nameVersion(base, packages[base] ?? null, true) as string);
      }
    }
    const r = await extractor.extract(inputFor('pnpm-lock.yaml', text));
    expect(r.error).toBeUndefined();
    for (const c of r.components) expect(isValidPurl(c.purl), c.purl).toBe(true);
    const got = r.components.map((c) => `${c.name}@${c.version}`);
    expect(new Set(got).size).toBe(got.length);
    expect(got.sort()).toEqual([...want].sort());
    const gotDev = r.components.filter((c) => c.scope === 'dev').map((c) => `${c.name}@${c.version}`);
    if (v9) {
      expect(gotDev.sort()).toEqual([...v9DevOnly(lock)].sort());
    } else {
      const devFlag = Object.entries(packages)
        .filter(([, p]) => p?.dev === true)
        .map(([k, p]) => nameVersion(k, p, false));
      expect(gotDev.sort()).toEqual([...new Set(devFlag)].sort());
    }
    expect(gotDev.length).toBeGreaterThan(0);
    expect(r.components.every((c) => (c.location.line ?? 0) > 0)).toBe(true);
    expect(r.rootDependsOn?.length).toBeGreaterThan(0);
  });
});

describe('osv-scanner pnpm fixtures', () => {
  const dir = join(REAL, 'fixtures-osv-scanner/pnpm');
  it.each(readdirSync(dir))('%s extracts without throwing', async (file) => {
    const r = await extractor.extract(inputFor('pnpm-lock.yaml', readFileSync(join(dir, file), 'utf8')));
    if (file === 'not-yaml.txt') expect(r.error).toMatch(/not a YAML mapping/);
    else if (file === 'invalid-package-path.yaml') expect(r.error).toMatch(/invalid dependency path/);
    else expect(r.error).toBeUndefined();
    for (const c of r.components) expect(isValidPurl(c.purl)).toBe(true);
  });
});

describe('hostile input', () => {
  const run = (text: string) => timed(() => extractor.extract(inputFor('pnpm-lock.yaml', text)));

  it('a YAML alias bomb is refused quickly', async () => {
    const [r, ms] = await run(yamlAliasBomb("lockfileVersion: '9.0'"));
    expect(r.error).toMatch(/could not extract: invalid YAML: .*alias/i);
    expect(r.components).toEqual([]);
    expect(ms).toBeLessThan(3000);
  });

  it('a 100 MB single line is refused quickly', async () => {
    const [r, ms] = await run(hugeSingleLine());
    expect(r.error).toMatch(/above the 64 MiB limit/);
    expect(ms).toBeLessThan(1000);
  });

  it('a truncated lockfile still gives what it holds', async () => {
    const text = readReal('pnpm/ciso-assistant-frontend-pnpm-lock.v9.yaml');
    const [r] = await run(text.slice(0, Math.floor(text.length * 0.6)));
    expect(r.components.length + (r.error ? 1 : 0)).toBeGreaterThan(0);
    for (const c of r.components) expect(isValidPurl(c.purl)).toBe(true);
  });

  it('deeply nested flow collections fall back to the full parser without hanging', async () => {
    const [r, ms] = await run(
      `lockfileVersion: '9.0'\npackages:\n  a@1.0.0: ${'['.repeat(5000)}${']'.repeat(5000)}\n`,
    );
    expect(ms).toBeLessThan(5000);
    expect(r.components.length + (r.error ? 1 : 0)).toBeGreaterThan(0);
  });

  it('"__proto__" keys stay data', async () => {
    const [r] = await run("lockfileVersion: '9.0'\npackages:\n  __proto__@1.0.0: {}\n  ok@1.0.0: {}\n");
    expect(r.components.map((c) => c.name).sort()).toEqual(['__proto__', 'ok']);
    expect(({} as Rec).polluted).toBeUndefined();
  });
});
