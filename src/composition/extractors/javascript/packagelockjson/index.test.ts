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
import { fixtureInput, hugeSingleLine, inputFor, REAL, readReal, timed } from '../testdata/testkit.js';
import { packageLockJsonExtractor as extractor } from './index.js';

const byKey = (cs: Component[]) => new Map(cs.map((c) => [`${c.name}@${c.version}`, c]));

describe('javascript/packagelockjson peer suite (osv-scalibr)', () => {
  it('passes every extraction case', async () => {
    const r = await runLockfilePeerSuite('javascript-packagelockjson', extractor);
    console.log(describeResult(r));
    expect(r.failures).toEqual([]);
    expect(r.passed).toBe(r.total);
  });

  it('claims the files the suite says it should', () => {
    const expected = JSON.parse(
      readFileSync(join(LOCKFILE_SUITE, 'javascript-packagelockjson/expected.json'), 'utf8'),
    );
    const cases = (
      expected.fileRequired as { path: string; wantRequired: boolean; maxFileSizeBytes?: number }[]
    ).filter((c) => c.maxFileSizeBytes === undefined || c.wantRequired);
    expect(cases.length).toBeGreaterThan(10);
    for (const c of cases) expect([c.path, extractor.matches(c.path)]).toEqual([c.path, c.wantRequired]);
  });
});

describe('workspaces, links, aliases and sources (v3)', async () => {
  const r = await extractor.extract(fixtureInput('packagelockjson', 'testdata/workspaces.v3.json'));
  const cs = byKey(r.components);

  it('reads every non-link entry once, the root and links excluded', () => {
    expect(r.error).toBeUndefined();
    expect([...cs.keys()].sort()).toEqual(
      [
        '@acme/app@0.3.0',
        '@acme/formatter@2.1.0',
        'from-git@0.1.0',
        'from-url@3.0.0',
        'left-pad@1.1.0',
        'left-pad@1.3.0',
        'native-helper@1.0.1',
        'react@17.0.2',
        'react@18.2.0',
        'shared-opt@2.0.0',
        'test-kit@4.2.0',
        'tiny@1.0.0',
        'vendored@0.0.1',
      ].sort(),
    );
    expect(r.components.some((c) => c.name === 'monorepo')).toBe(false);
  });

  it('marks workspace folders and local folders by source', () => {
    expect(cs.get('@acme/app@0.3.0')).toMatchObject({ source: 'workspace', sourceRef: 'packages/app' });
    expect(cs.get('vendored@0.0.1')).toMatchObject({ source: 'path', sourceRef: 'vendor/vendored' });
  });

  it('takes the real name of an aliased package', () => {
    const fmt = cs.get('@acme/formatter@2.1.0');
    expect(fmt?.purl).toBe('pkg:npm/%40acme/formatter@2.1.0');
  });

  it('records git commit, url and registry sources', () => {
    expect(cs.get('from-git@0.1.0')).toMatchObject({
      source: 'git',
      commit: '0123456789abcdef0123456789abcdef01234567',
      sourceRef: 'git+ssh://git@github.com/acme/from-git.git#0123456789abcdef0123456789abcdef01234567',
    });
    expect(cs.get('from-url@3.0.0')).toMatchObject({
      source: 'url',
      sourceRef: 'https://example.com/from-url.tgz',
    });
    expect(cs.get('left-pad@1.3.0')?.source).toBe('registry');
    expect(cs.get('left-pad@1.3.0')?.sourceRef).toBeUndefined();
  });

  it('maps flags to scope and groups', () => {
    expect(cs.get('test-kit@4.2.0')).toMatchObject({ scope: 'dev', groups: ['dev'] });
    expect(cs.get('native-helper@1.0.1')).toMatchObject({ scope: 'dev', groups: ['dev', 'optional'] });
    expect(cs.get('shared-opt@2.0.0')).toMatchObject({ scope: 'optional', groups: ['dev', 'optional'] });
    expect(cs.get('react@18.2.0')?.scope).toBe('peer');
    expect(cs.get('tiny@1.0.0')).toMatchObject({ scope: 'prod', groups: ['bundled'] });
    expect(cs.get('left-pad@1.3.0')?.scope).toBe('prod');
    expect(cs.get('left-pad@1.3.0')?.groups).toBeUndefined();
  });

  it('converts integrity to hex hashes and keeps the licence', () => {
    expect(cs.get('left-pad@1.3.0')?.hashes).toEqual([
      {
        alg: 'SHA-512',
        content: Buffer.from(
          'XI5MPzVNApjAyhQzphX8BkmKsKUxD4LdyK24iZeQEMd5UWdOWnUFtnH/pbvpl0/qmLzxfg4BPKaZ2JGYAvA/Fg==',
          'base64',
        ).toString('hex'),
      },
    ]);
    expect(cs.get('@acme/formatter@2.1.0')?.hashes).toEqual([
      { alg: 'SHA-1', content: 'b5243d8f3ec1aa35f1364605bc0d1036e30ab69f' },
    ]);
    expect(cs.get('left-pad@1.3.0')?.license).toBe('WTFPL');
  });

  it('resolves edges through nested node_modules and links, as node does', () => {
    const purl = (k: string) => cs.get(k)?.purl as string;
    // fmt has its own nested left-pad; tiny comes from the root.
    expect(cs.get('@acme/formatter@2.1.0')?.dependsOn).toEqual(
      [purl('left-pad@1.1.0'), purl('tiny@1.0.0')].sort(),
    );
    // The workspace resolves react to its own nested copy.
    expect(cs.get('@acme/app@0.3.0')?.dependsOn).toEqual(
      [purl('react@17.0.2'), purl('shared-opt@2.0.0'), purl('test-kit@4.2.0')].sort(),
    );
    expect(cs.get('test-kit@4.2.0')?.dependsOn).toEqual(
      [
        purl('left-pad@1.3.0'),
        purl('from-git@0.1.0'),
        purl('from-url@3.0.0'),
        purl('native-helper@1.0.1'),
      ].sort(),
    );
    expect(r.rootDependsOn).toEqual(
      [
        purl('left-pad@1.3.0'),
        purl('@acme/formatter@2.1.0'),
        purl('vendored@0.0.1'),
        purl('test-kit@4.2.0'),
      ].sort(),
    );
  });

  it('knows which packages the project names itself (root and workspaces)', () => {
    const direct = r.components.filter((c) => c.direct).map((c) => `${c.name}@${c.version}`);
    expect(direct.sort()).toEqual(
      [
        '@acme/formatter@2.1.0',
        'left-pad@1.3.0',
        'react@17.0.2',
        'shared-opt@2.0.0',
        'test-kit@4.2.0',
        'vendored@0.0.1',
      ].sort(),
    );
    expect(cs.get('tiny@1.0.0')?.direct).toBe(false);
  });

  it('gives the line of each entry key', () => {
    const text = readFileSync(join(__dirname, 'testdata/workspaces.v3.json'), 'utf8').split('\n');
    for (const c of r.components) {
      const line = text[(c.location.line as number) - 1] ?? '';
      expect(line).toMatch(/^\s+"[^"]+": \{$/);
    }
    expect(cs.get('left-pad@1.3.0')?.location).toEqual({ path: 'testdata/workspaces.v3.json', line: 25 });
  });
});

describe('lockfileVersion 1', async () => {
  const r = await extractor.extract(fixtureInput('packagelockjson', 'testdata/edges.v1.json'));
  const cs = byKey(r.components);

  it('resolves requires to the nearest enclosing copy', () => {
    const purl = (k: string) => cs.get(k)?.purl as string;
    expect(cs.get('app-core@2.0.0')?.dependsOn).toEqual([purl('helper@1.5.0'), purl('util-x@3.1.0')].sort());
    expect(cs.get('util-x@3.1.0')?.dependsOn).toEqual([purl('helper@2.0.0')]);
  });

  it('infers direct only where the lockfile proves it', () => {
    // Nothing requires app-core or lint-kit: the project must have asked for them.
    expect(cs.get('app-core@2.0.0')?.direct).toBe(true);
    expect(cs.get('lint-kit@1.0.0')?.direct).toBe(true);
    // Required by another package: may or may not be direct.
    expect(cs.get('util-x@3.1.0')?.direct).toBeUndefined();
    expect(cs.get('stray@0.0.1')?.direct).toBeUndefined();
    expect(r.rootDependsOn).toBeUndefined();
  });

  it('caps nesting depth instead of walking a hostile tree', async () => {
    let deps = '{}';
    for (let i = 0; i < 300; i++)
      deps = `{"p${i}": {"version": "1.0.${i}", "requires": {"zz": "1"}, "dependencies": ${deps}}}`;
    const [res, ms] = await timed(() =>
      extractor.extract(inputFor('package-lock.json', `{"lockfileVersion":1,"dependencies":${deps}}`)),
    );
    expect(res.error).toMatch(/nested deeper than 100 levels/);
    expect(res.components.length).toBe(100);
    expect(ms).toBeLessThan(2000);
  });
});

describe('npm-shrinkwrap.json precedence', () => {
  it('leaves package-lock.json unread when npm-shrinkwrap.json sits beside it', async () => {
    const r = await extractor.extract(
      fixtureInput('packagelockjson', 'testdata/shrinkwrap/package-lock.json'),
    );
    expect(r.components).toEqual([]);
    expect(r.notes?.[0]).toMatch(/npm-shrinkwrap.json/);
    const s = await extractor.extract(
      fixtureInput('packagelockjson', 'testdata/shrinkwrap/npm-shrinkwrap.json'),
    );
    expect(s.components.map((c) => c.name)).toEqual(['b']);
  });
});

/**
 * Independent reading of a v2/v3 lockfile: keys of `packages` except the root and links, the name
 * from the last node_modules/ segment unless `name` is set, the version from `version`.
 */
function simpleV2(text: string) {
  const lock = JSON.parse(text);
  const seen = new Map<string, { dev: boolean; prod: boolean }>();
  for (const [key, e] of Object.entries<Record<string, unknown>>(lock.packages)) {
    if (key === '' || e.link) continue;
    const i = key.lastIndexOf('node_modules/');
    const name = (e.name as string) || (i >= 0 ? key.slice(i + 13) : key.split('/').pop());
    const id = `${name}@${e.version ?? ''}`;
    const s = seen.get(id) ?? { dev: true, prod: false };
    s.dev &&= e.dev === true;
    s.prod ||= !e.dev && !e.devOptional && !e.optional && !e.peer;
    seen.set(id, s);
  }
  return seen;
}

/** Independent reading of a v1 lockfile: every `dependencies` entry at any depth. */
function simpleV1(text: string) {
  const out = new Set<string>();
  const walk = (deps: Record<string, { version: string; dependencies?: Record<string, unknown> }>) => {
    for (const [name, e] of Object.entries(deps)) {
      out.add(e.version.startsWith('npm:') ? e.version.slice(4) : `${name}@${e.version}`);
      if (e.dependencies) walk(e.dependencies as never);
    }
  };
  walk(JSON.parse(text).dependencies);
  return out;
}

describe('real lockfiles', () => {
  const files = readdirSync(join(REAL, 'npm'));
  // README: unique name@version among installed (node_modules) packages.
  const readmeUnique: Record<string, number> = {
    'probo-package-lock.json': 1459,
    'secvisogram-app-package-lock.json': 1193,
    'cdxgen-fixture-package-lock-v2.json': 1279,
    'cdxgen-fixture-package-lock-v3.json': 648,
    'cdxgen-fixture-theia-package-lock.json': 1920,
    'cdxgen-fixture-package-lock-v1.json': 571,
  };

  it.each(files)('%s: component set and scopes match an independent reading', async (file) => {
    const text = readReal(`npm/${file}`);
    const r = await extractor.extract(inputFor('package-lock.json', text));
    expect(r.error).toBeUndefined();
    for (const c of r.components) expect(isValidPurl(c.purl), c.purl).toBe(true);
    const got = new Set(r.components.map((c) => `${c.name}@${c.version}`));
    expect(got.size).toBe(r.components.length);
    const lock = JSON.parse(text);
    if (lock.packages) {
      const want = simpleV2(text);
      expect([...got].sort()).toEqual([...want.keys()].sort());
      for (const c of r.components) {
        const w = want.get(`${c.name}@${c.version}`);
        expect([c.name, c.version, c.scope === 'dev']).toEqual([c.name, c.version, w?.dev]);
        expect([c.name, c.version, c.scope === 'prod']).toEqual([c.name, c.version, w?.prod]);
      }
      const installed = r.components.filter((c) => c.source !== 'workspace' && c.source !== 'path');
      // The README counts aliased entries ("string-width-cjs" -> string-width) under their install
      // name; vouch reports the real package, which theia already holds at the same version (3 such).
      expect(installed.length).toBe((readmeUnique[file] ?? 0) - (file.includes('theia') ? 3 : 0));
      expect(r.rootDependsOn?.length).toBeGreaterThan(0);
    } else {
      expect([...got].sort()).toEqual([...simpleV1(text)].sort());
      expect(r.components.length).toBe(readmeUnique[file]);
    }
    expect(r.components.every((c) => c.location.line && c.location.line > 0)).toBe(true);
  });

  it('extracts theia (2,401 entries), each component once with its line', async () => {
    // Its cost against JSON.parse is a bench figure (bench/vulns.ts, vulns/match), not a test's.
    const text = readReal('npm/cdxgen-fixture-theia-package-lock.json');
    const r = await extractor.extract(inputFor('package-lock.json', text));
    expect(r.error).toBeUndefined();
    expect(r.components.length).toBe(1922);
    expect(new Set(r.components.map((c) => c.purl)).size).toBe(r.components.length);
    expect(r.components.every((c) => (c.location.line ?? 0) > 0)).toBe(true);
  });
});

describe('osv-scanner npm fixtures', () => {
  const dir = join(REAL, 'fixtures-osv-scanner/npm');
  it.each(readdirSync(dir))('%s extracts without throwing', async (file) => {
    const text = readFileSync(join(dir, file), 'utf8');
    const r = await extractor.extract(
      inputFor(`x/${file.endsWith('.txt') ? file : 'package-lock.json'}`, text),
    );
    if (file === 'not-json.txt') expect(r.error).toMatch(/could not extract: invalid JSON at 1:1/);
    else expect(r.error).toBeUndefined();
    for (const c of r.components) expect(isValidPurl(c.purl)).toBe(true);
  });
});

describe('hostile input', () => {
  const run = (text: string) => timed(() => extractor.extract(inputFor('package-lock.json', text)));

  it('truncated JSON gives an error with line:col', async () => {
    const text = readReal('npm/cdxgen-fixture-package-lock-v3.json');
    const [r] = await run(text.slice(0, Math.floor(text.length / 2)));
    expect(r.error).toMatch(/^could not extract: invalid JSON at \d+:\d+/);
    expect(r.components).toEqual([]);
  });

  it('deeply nested JSON (100k arrays) is an error, not a crash', async () => {
    const [r, ms] = await run(`${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    expect(r.error).toMatch(/expected a JSON object, got an array/);
    expect(ms).toBeLessThan(3000);
  });

  it('duplicate keys keep the last value, like JSON.parse', async () => {
    const [r] = await run(
      '{"lockfileVersion":3,"packages":{"":{},"node_modules/a":{"version":"1.0.0"},"node_modules/a":{"version":"2.0.0"}}}',
    );
    expect(r.error).toBeUndefined();
    expect(r.components.map((c) => `${c.name}@${c.version}`)).toEqual(['a@2.0.0']);
  });

  it('a 100 MB single line is refused quickly', async () => {
    const [r, ms] = await run(hugeSingleLine());
    expect(r.error).toMatch(/above the 64 MiB limit/);
    expect(ms).toBeLessThan(1000);
  });

  it('wrong shapes are reported, not thrown', async () => {
    const [r] = await run(
      '{"lockfileVersion":3,"packages":{"":{},"node_modules/a":"nope","node_modules/b":{"version":7}}}',
    );
    expect(r.error).toMatch(/entry "node_modules\/a" is not an object/);
    expect(r.components.map((c) => `${c.name}@${c.version}`)).toEqual(['b@']);
    const [s] = await run('"just a string"');
    expect(s.error).toMatch(/expected a JSON object, got string/);
  });
});
