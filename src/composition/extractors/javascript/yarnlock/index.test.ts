import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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
import { yarnLockExtractor as extractor } from './index.js';

const byKey = (cs: Component[]) => new Map(cs.map((c) => [`${c.name}@${c.version}`, c]));

describe('javascript/yarnlock peer suite (osv-scalibr)', () => {
  it('passes every extraction case', async () => {
    const r = await runLockfilePeerSuite('javascript-yarnlock', extractor);
    console.log(describeResult(r));
    expect(r.failures).toEqual([]);
    expect(r.passed).toBe(r.total);
  });

  it('claims the files the suite says it should', () => {
    const expected = JSON.parse(
      readFileSync(join(LOCKFILE_SUITE, 'javascript-yarnlock/expected.json'), 'utf8'),
    );
    for (const c of expected.fileRequired as { path: string; wantRequired: boolean }[]) {
      expect([c.path, extractor.matches(c.path)]).toEqual([c.path, c.wantRequired]);
    }
  });
});

describe('yarn v1 with package.json beside it', async () => {
  const r = await extractor.extract(fixtureInput('yarnlock', 'testdata/v1/yarn.lock'));
  const cs = byKey(r.components);

  it('computes scope by reachability from dependencies / devDependencies', () => {
    expect(r.error).toBeUndefined();
    const scopes = Object.fromEntries(r.components.map((c) => [c.name, c.scope]));
    expect(scopes).toEqual({
      'app-lib': 'prod',
      shared: 'prod', // also used by the dev-only test-runner: prod wins
      'fsevents-like': 'optional',
      'test-runner': 'dev',
      'mock-kit': 'dev',
      'git-thing': 'prod',
      'local-dep': 'prod',
      orphan: 'prod',
    });
    expect(r.notes).toEqual(['1 package(s) not reachable from package.json; scope reported as prod']);
    expect(r.components.every((c) => c.groups === undefined)).toBe(true);
  });

  it('marks direct dependencies and records the root edges', () => {
    const direct = r.components.filter((c) => c.direct).map((c) => c.name);
    expect(direct.sort()).toEqual(['app-lib', 'git-thing', 'local-dep', 'test-runner']);
    expect(cs.get('shared@2.1.3')?.direct).toBe(false);
    expect(r.rootDependsOn).toHaveLength(4);
  });

  it('resolves edges through the descriptors of each entry', () => {
    expect(cs.get('test-runner@5.0.1')?.dependsOn).toEqual(
      [cs.get('mock-kit@1.0.0')?.purl, cs.get('shared@2.1.3')?.purl].sort(),
    );
    expect(cs.get('app-lib@1.2.0')?.dependsOn).toEqual(
      [cs.get('fsevents-like@1.0.4')?.purl, cs.get('shared@2.1.3')?.purl].sort(),
    );
  });

  it('records sources, commits and hashes', () => {
    expect(cs.get('git-thing@0.5.0')).toMatchObject({
      source: 'git',
      commit: '1111111111111111111111111111111111111111',
    });
    expect(cs.get('local-dep@0.0.3')).toMatchObject({ source: 'path', sourceRef: 'file:./vendor/local-dep' });
    expect(cs.get('app-lib@1.2.0')?.hashes?.[0]?.alg).toBe('SHA-512');
    // Without integrity, the sha1 after "#" in a registry URL is the tarball hash.
    expect(cs.get('shared@2.1.3')?.hashes).toEqual([
      { alg: 'SHA-1', content: '0123456789abcdef0123456789abcdef01234567' },
    ]);
    expect(cs.get('app-lib@1.2.0')?.location).toEqual({ path: 'testdata/v1/yarn.lock', line: 5 });
  });

  it('without package.json reports prod with a note, and direct stays unknown', async () => {
    const text = readFileSync(join(__dirname, 'testdata/v1/yarn.lock'), 'utf8');
    const bare = await extractor.extract(inputFor('yarn.lock', text));
    expect(bare.components.every((c) => c.scope === 'prod' && c.direct === undefined)).toBe(true);
    expect(bare.notes?.[0]).toMatch(/^scope unknown/);
    expect(bare.rootDependsOn).toBeUndefined();
  });
});

describe('yarn berry workspaces', async () => {
  const r = await extractor.extract(fixtureInput('yarnlock', 'testdata/berry/yarn.lock'));
  const cs = byKey(r.components);

  it('keeps workspace members, drops the root, folds patched copies into their package', () => {
    expect(r.error).toBeUndefined();
    expect([...cs.keys()].sort()).toEqual(
      [
        '@acme/lib@0.0.0-use.local',
        'chai-like@4.3.0',
        'fsevents@2.3.3',
        'lodash@4.17.21',
        'resolve@1.22.8',
      ].concat(['vitest-like@1.0.0']),
    );
    expect(cs.get('@acme/lib@0.0.0-use.local')?.source).toBe('workspace');
    expect(cs.get('resolve@1.22.8')?.related).toHaveLength(1);
  });

  it('classifies each workspace dependency by that workspace package.json', () => {
    const scopes = Object.fromEntries(r.components.map((c) => [c.name, c.scope]));
    expect(scopes).toEqual({
      '@acme/lib': 'prod',
      lodash: 'prod',
      resolve: 'prod',
      fsevents: 'optional',
      'vitest-like': 'dev',
      'chai-like': 'dev',
    });
    expect(r.notes).toBeUndefined();
  });

  it('reads direct dependencies from the workspace entries', () => {
    const direct = r.components.filter((c) => c.direct).map((c) => c.name);
    expect(direct.sort()).toEqual(['@acme/lib', 'fsevents', 'lodash', 'resolve', 'vitest-like']);
    expect(r.rootDependsOn).toHaveLength(4);
    expect(cs.get('@acme/lib@0.0.0-use.local')?.dependsOn).toEqual(
      [cs.get('lodash@4.17.21')?.purl, cs.get('vitest-like@1.0.0')?.purl].sort(),
    );
  });

  it('gives the header line of each entry', () => {
    expect(cs.get('lodash@4.17.21')?.location.line).toBe(31);
    expect(cs.get('@acme/lib@0.0.0-use.local')?.location.line).toBe(8);
  });
});

interface Block {
  header: string;
  version: string;
  resolution: string;
  deps: [string, string][];
}

/** Independent block scan: unindented header lines, "version" lines and dependency lines. */
function blocks(text: string, berry: boolean): Block[] {
  const out: Block[] = [];
  let cur: Block | undefined;
  let inDeps = false;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (line === '' || line.startsWith('#')) continue;
    if (!line.startsWith(' ')) {
      cur = { header: line.slice(0, -1), version: '', resolution: '', deps: [] };
      out.push(cur);
      inDeps = false;
      continue;
    }
    if (!cur) continue;
    const t = line.trim();
    if (line.startsWith('    ')) {
      if (!inDeps) continue;
      const m = berry ? /^"?([^"]+?)"?: "?([^"]*)"?$/.exec(t) : /^"?([^" ]+)"? "?([^"]*)"?$/.exec(t);
      if (m) cur.deps.push([m[1] as string, m[2] as string]);
      continue;
    }
    inDeps = t === 'dependencies:' || t === 'optionalDependencies:';
    const v = berry ? /^version: (.+)$/.exec(t) : /^version "(.+)"$/.exec(t);
    if (v) cur.version = v[1] as string;
    const res = /^resolution: "(.+)"$/.exec(t);
    if (res) cur.resolution = res[1] as string;
  }
  return out;
}

const nameOf = (descriptor: string) =>
  descriptor.slice(0, descriptor.indexOf('@', 1) > 0 ? descriptor.indexOf('@', 1) : undefined);
const unq = (s: string) => s.trim().replace(/^"|"$/g, '');

/** name@version set, per the brief: v1 from headers + version lines, berry from resolution lines. */
function simpleSet(bs: Block[], berry: boolean): Set<string> {
  const out = new Set<string>();
  for (const b of bs) {
    if (b.header === '__metadata') continue;
    if (berry) {
      if (b.resolution.endsWith('@workspace:.')) continue;
      out.add(`${nameOf(b.resolution)}@${b.version}`);
    } else {
      const first = unq(b.header.split(', ')[0] ?? '');
      const spec = first.slice(nameOf(first).length + 1);
      const name = spec.startsWith('npm:') ? nameOf(spec.slice(4)) : nameOf(first);
      out.add(`${name}@${b.version}`);
    }
  }
  return out;
}

/**
 * Picks project roots (berry: the root workspace's dependencies; v1: entries nothing depends on),
 * splits them alternately into dependencies / devDependencies, and computes dev-only packages by
 * a plain breadth-first search. Returns the synthetic package.json and the dev set.
 */
function devOnlyByBfs(bs: Block[], berry: boolean) {
  const idOf = new Map<string, number>();
  bs.forEach((b, i) => {
    for (const d of b.header.split(', ')) idOf.set(unq(d), i);
  });
  const key = (b: Block) =>
    berry ? `${nameOf(b.resolution)}@${b.version}` : simpleSet([b], false).values().next().value;
  let roots: [string, string][];
  if (berry) {
    roots = bs.find((b) => b.resolution.endsWith('@workspace:.'))?.deps ?? [];
  } else {
    const used = new Set<number>();
    for (const b of bs) for (const [n, r] of b.deps) used.add(idOf.get(`${n}@${r}`) ?? -1);
    roots = bs
      .map((b, i) => [b, i] as const)
      .filter(([, i]) => !used.has(i))
      .map(([b]) => {
        const first = unq(b.header.split(', ')[0] ?? '');
        return [nameOf(first), first.slice(nameOf(first).length + 1)];
      });
  }
  // One entry per name, as in a real package.json.
  roots = [...new Map(roots.map((r) => [r[0], r])).values()];
  const prod = roots.filter((_, i) => i % 2 === 0);
  const dev = roots.filter((_, i) => i % 2 === 1);
  // Other workspaces' package.json files are not given: the extractor counts their deps as prod.
  const otherWorkspaces = berry
    ? bs
        .filter((b) => b.resolution.includes('@workspace:') && !b.resolution.endsWith('@workspace:.'))
        .flatMap((b) => b.deps)
    : [];
  const strip = (r: string) => (berry && r.startsWith('npm:') ? r.slice(4) : r);
  const pkg = {
    name: 'synthetic',
    dependencies: Object.fromEntries(prod.map(([n, r]) => [n, strip(r)])),
    devDependencies: Object.fromEntries(dev.map(([n, r]) => [n, strip(r)])),
  };
  // berry writes "npm:" in descriptors but older versions leave it out of dependency ranges.
  // Local paths become "file:<path>::locator=<workspace>" descriptors. A range with no entry of
  // its own was redirected by package.json `resolutions`: the only entry of that name serves it.
  const byName = new Map<string, Set<number>>();
  for (const [d, i] of idOf) byName.set(nameOf(d), (byName.get(nameOf(d)) ?? new Set()).add(i));
  const find = (n: string, r: string) =>
    idOf.get(`${n}@${r}`) ??
    (berry
      ? (idOf.get(`${n}@npm:${r}`) ?? [...idOf].find(([d]) => d.startsWith(`${n}@file:${r}::`))?.[1])
      : undefined) ??
    (byName.get(n)?.size === 1 ? [...(byName.get(n) as Set<number>)][0] : undefined);
  const reach = (starts: [string, string][]) => {
    const seen = new Set<number>();
    const queue = starts.map(([n, r]) => find(n, r)).filter((i): i is number => i !== undefined);
    while (queue.length > 0) {
      const i = queue.shift() as number;
      if (seen.has(i)) continue;
      seen.add(i);
      // A workspace's own dependencies are roots of their own, classified by its package.json.
      if (bs[i]?.resolution.includes('@workspace:')) continue;
      for (const [n, r] of bs[i]?.deps ?? []) {
        const j = find(n, r);
        if (j !== undefined) queue.push(j);
      }
    }
    return new Set([...seen].map((i) => key(bs[i] as Block)));
  };
  const prodSet = reach([...prod, ...otherWorkspaces]);
  const devOnly = new Set([...reach(dev)].filter((k) => !prodSet.has(k)));
  return { pkg, devOnly };
}

describe('real lockfiles', () => {
  const files = readdirSync(join(REAL, 'yarn'));
  const readme: Record<string, number> = {
    'cdxgen-fixture-yarn.v1.lock': 2029,
    'cdxgen-fixture-yarn5.v1.lock': 1962,
  };

  it.each(files)('%s: set and scopes match an independent reading', async (file) => {
    const text = readReal(`yarn/${file}`);
    const berry = text.includes('\n__metadata:');
    const bs = blocks(text, berry);
    const { pkg, devOnly } = devOnlyByBfs(bs, berry);
    expect(Object.keys(pkg.devDependencies).length).toBeGreaterThan(0);
    const r = await extractor.extract(inputFor('yarn.lock', text, { 'package.json': JSON.stringify(pkg) }));
    expect(r.error).toBeUndefined();
    for (const c of r.components) expect(isValidPurl(c.purl), c.purl).toBe(true);
    const got = r.components.map((c) => `${c.name}@${c.version}`);
    expect(new Set(got).size).toBe(got.length);
    expect(got.sort()).toEqual([...simpleSet(bs, berry)].sort());
    if (readme[file]) expect(got.length).toBe(readme[file]);
    const gotDev = r.components.filter((c) => c.scope === 'dev').map((c) => `${c.name}@${c.version}`);
    expect(gotDev.sort()).toEqual([...devOnly].sort());
    expect(r.components.every((c) => (c.location.line ?? 0) > 0)).toBe(true);
  });
});

describe('osv-scanner yarn fixtures', () => {
  const dir = join(REAL, 'fixtures-osv-scanner/yarn');
  it.each(readdirSync(dir))('%s extracts without error', async (file) => {
    const r = await extractor.extract(inputFor('yarn.lock', readFileSync(join(dir, file), 'utf8')));
    expect(r.error).toBeUndefined();
    for (const c of r.components) expect(isValidPurl(c.purl)).toBe(true);
  });
});

describe('hostile input', () => {
  const run = (text: string) => timed(() => extractor.extract(inputFor('yarn.lock', text)));

  it('a YAML alias bomb in a berry lockfile is refused quickly', async () => {
    const [r, ms] = await run(yamlAliasBomb('__metadata:\n  version: 8\n'));
    expect(r.error).toMatch(/could not extract: invalid YAML: .*alias/i);
    expect(ms).toBeLessThan(3000);
  });

  it('a 100 MB single line is refused quickly', async () => {
    const [r, ms] = await run(hugeSingleLine());
    expect(r.error).toMatch(/above the 64 MiB limit/);
    expect(ms).toBeLessThan(1000);
  });

  it('a truncated v1 lockfile keeps what it read', async () => {
    const text = readReal('yarn/cdxgen-fixture-yarn.v1.lock');
    const [r] = await run(text.slice(0, Math.floor(text.length / 2)));
    expect(r.components.length).toBeGreaterThan(900);
    for (const c of r.components) expect(isValidPurl(c.purl)).toBe(true);
  });

  it('a truncated berry lockfile still parses or says why', async () => {
    const text = readReal('yarn/garak-report-yarn.lock');
    const [r] = await run(text.slice(0, Math.floor(text.length / 2) + 7));
    expect(r.components.length + (r.error ? 1 : 0)).toBeGreaterThan(0);
  });

  it('garbage lines in v1 are reported with their line number', async () => {
    const [r] = await run('# yarn lockfile v1\n\nnot a header\nok@^1:\n  version "1.0.0"\n');
    expect(r.error).toMatch(/line 3: expected "descriptor:" header/);
    expect(r.components.map((c) => `${c.name}@${c.version}`)).toEqual(['ok@1.0.0']);
  });

  it('deeply indented berry YAML does not hang', async () => {
    const deep = `__metadata:\n  version: 8\n"a@npm:1":\n${Array.from({ length: 3000 }, (_, i) => `${' '.repeat(2 * (i + 1))}k${i}:`).join('\n')}\n`;
    const [r, ms] = await run(deep);
    expect(ms).toBeLessThan(3000);
    expect(r.components.length + (r.error ? 1 : 0)).toBeGreaterThan(0);
  });
});
