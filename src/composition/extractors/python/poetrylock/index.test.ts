import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  describeResult,
  fixtureInput as input,
  LOCKFILE_SUITE,
  runLockfilePeerSuite,
  SHARED,
} from '../../../../../test/helpers/lockfile-peer-suite.js';
import { isValidPurl } from '../../../purl-check.js';
import { poetryLockExtractor as ex } from './index.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const TESTDATA = join(HERE, 'testdata');
const REAL = join(SHARED, 'peer-suites/real-lockfiles');

describe('python/poetrylock peer suite (osv-scalibr)', () => {
  it('passes every case', async () => {
    const r = await runLockfilePeerSuite('python-poetrylock', ex);
    console.log(describeResult(r));
    expect(r.failures).toEqual([]);
    expect(r.passed).toBe(r.total);
  });

  it('claims the same paths as upstream FileRequired', () => {
    const expected = JSON.parse(
      readFileSync(join(LOCKFILE_SUITE, 'python-poetrylock/expected.json'), 'utf8'),
    ) as {
      fileRequired: { path: string; wantRequired: boolean; maxFileSizeBytes?: number }[];
    };
    for (const f of expected.fileRequired.filter((x) => x.maxFileSizeBytes === undefined)) {
      expect(ex.matches(f.path), f.path).toBe(f.wantRequired);
    }
  });
});

describe('python/poetrylock on vouch fixtures', () => {
  it('reads lock-version 1: categories, [metadata.files] hashes per version, sources, edges', async () => {
    const r = await ex.extract(input(TESTDATA, 'v1/poetry.lock'));
    expect(r.error).toBeUndefined();
    expect(r.components.map((c) => [c.name, c.version, c.location.line, c.scope])).toEqual([
      ['requests', '2.31.0', 2, 'prod'],
      ['certifi', '2024.2.2', 16, 'prod'],
      ['urllib3', '1.26.18', 26, 'prod'],
      ['urllib3', '2.2.1', 34, 'prod'],
      ['pytest', '8.0.0', 42, 'dev'],
      ['mylib', '0.3.0', 50, 'prod'],
    ]);
    const [requests, , old, current, pytest, mylib] = r.components;
    expect(requests?.hashes).toEqual([
      { alg: 'SHA-256', content: '58cd2187c01e70e6e26505bca751777aa9f2ee0b7f4300988b709f44e013003f' },
    ]);
    // One [metadata.files] list serves both urllib3 versions: each keeps its own file's hash.
    expect(old?.hashes?.[0]?.content).toBe(
      '34b97092d7e0a3a8cf7cd10e386f401b3737364026c45e622aa02903dffe0f07',
    );
    expect(current?.hashes?.[0]?.content).toBe(
      '450b20ec296a467077128bff42b73080516e71b56ff59a60a02bef2232c4fa9d',
    );
    expect(requests?.dependsOn).toEqual([
      'pkg:pypi/certifi@2024.2.2',
      'pkg:pypi/urllib3@1.26.18',
      'pkg:pypi/urllib3@2.2.1',
    ]);
    expect(pytest?.groups).toEqual(['dev']);
    expect(mylib).toMatchObject({ source: 'path', sourceRef: '../mylib' });
  });

  it('marks direct dependencies from the pyproject.toml beside the lock', async () => {
    const r = await ex.extract(input(TESTDATA, 'v1/poetry.lock'));
    expect(r.components.filter((c) => c.direct).map((c) => c.name)).toEqual(['requests', 'pytest', 'mylib']);
    expect(r.components.find((c) => c.name === 'certifi')?.direct).toBe(false);
    expect(r.rootDependsOn).toEqual([
      'pkg:pypi/requests@2.31.0',
      'pkg:pypi/pytest@8.0.0',
      'pkg:pypi/mylib@0.3.0',
    ]);
  });

  it('reads lock-version 2: groups, optional extras, git commits and alternative indexes', async () => {
    const r = await ex.extract(input(TESTDATA, 'v2/poetry.lock'));
    const [ike, ruff, redis] = r.components;
    // In main and lint: a run-time package, no group.
    expect(ike).toMatchObject({
      groups: [],
      scope: 'prod',
      source: 'git',
      commit: 'cd66602cd29f61a2d2e7fb995fef1e61708c034d',
    });
    expect(ike?.sourceRef).toBe('https://github.com/dzshn/ike');
    expect(ruff).toMatchObject({
      groups: ['lint'],
      scope: 'dev',
      location: { path: 'v2/poetry.lock', line: 20 },
    });
    expect(ruff?.hashes).toHaveLength(1);
    expect(redis).toMatchObject({
      groups: ['optional'],
      scope: 'optional',
      source: 'registry',
      sourceRef: 'https://mirror.example.invalid/simple',
    });
    expect(r.rootDependsOn).toBeUndefined();
    expect(r.components.every((c) => c.direct === undefined)).toBe(true);
  });
});

describe('python/poetrylock on real files', () => {
  it('reads modelscan (lock-version 2.1): 98 packages with lines and hashes', async () => {
    const r = await ex.extract(input(REAL, 'python/modelscan-poetry.lock'));
    expect(r.error).toBeUndefined();
    expect(r.components).toHaveLength(98);
    expect(r.components.every((c) => c.pinned && isValidPurl(c.purl) && (c.location.line ?? 0) > 0)).toBe(
      true,
    );
    expect(r.components.filter((c) => c.hashes?.length).length).toBeGreaterThan(90);
    expect(new Set(r.components.map((c) => c.scope))).toEqual(new Set(['prod', 'dev']));
  });

  it('reads the cdxgen lock-version 1.1 fixture: 68 packages, hashes from [metadata.files]', async () => {
    const r = await ex.extract(input(REAL, 'python/cdxgen-fixture-poetry1.lock'));
    expect(r.error).toBeUndefined();
    expect(r.components).toHaveLength(68);
    expect(r.components.filter((c) => c.hashes?.length).length).toBeGreaterThan(60);
  });

  it('handles every osv-scanner poetry fixture without throwing', async () => {
    const dir = join(REAL, 'fixtures-osv-scanner');
    for (const f of readdirSync(join(dir, 'poetry'))) {
      const r = await ex.extract(input(dir, `poetry/${f}`));
      if (f.startsWith('not-toml')) expect(r.error).toMatch(/could not extract .* \(at 1:\d+\)/);
      else expect(r.error, f).toBeUndefined();
    }
  });
});

describe('python/poetrylock on hostile input', () => {
  const noSiblings = async () => undefined;
  it('returns an error for truncated TOML and for deeply nested inline tables', async () => {
    const truncated = await ex.extract({
      path: 'poetry.lock',
      text: '[[package]]\nname = "a"\nversion = "1',
      readSibling: noSiblings,
    });
    expect(truncated.error).toMatch(/could not extract poetry\.lock/);
    const deep = `a = ${'{b='.repeat(50_000)}1${'}'.repeat(50_000)}`;
    const nested = await ex.extract({ path: 'poetry.lock', text: deep, readSibling: noSiblings });
    expect(nested.error).toMatch(/nested/);
  });
});
