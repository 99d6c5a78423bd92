import { readFileSync } from 'node:fs';
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
import { uvLockExtractor as ex } from './index.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const TESTDATA = join(HERE, 'testdata');
const REAL = join(SHARED, 'peer-suites/real-lockfiles');

/** Raw `[[package]]` count, to compare with what the extractor reports. */
const packageBlocks = (text: string) => text.split('\n').filter((l) => l === '[[package]]').length;

describe('python/uvlock peer suite (osv-scalibr)', () => {
  it('passes every case', async () => {
    const r = await runLockfilePeerSuite('python-uvlock', ex);
    console.log(describeResult(r));
    expect(r.failures).toEqual([]);
    expect(r.passed).toBe(r.total);
  });

  it('claims the same paths as upstream FileRequired', () => {
    const expected = JSON.parse(
      readFileSync(join(LOCKFILE_SUITE, 'python-uvlock/expected.json'), 'utf8'),
    ) as {
      fileRequired: { path: string; wantRequired: boolean; maxFileSizeBytes?: number }[];
    };
    for (const f of expected.fileRequired.filter((x) => x.maxFileSizeBytes === undefined)) {
      expect(ex.matches(f.path), f.path).toBe(f.wantRequired);
    }
  });
});

describe('python/uvlock on a workspace fixture', () => {
  it('leaves out the workspace members and reports everything else with its line', async () => {
    const r = await ex.extract(input(TESTDATA, 'workspace-uv.lock'));
    expect(r.error).toBeUndefined();
    expect(r.components.map((c) => `${c.name}@${c.version}:${c.location.line}`)).toEqual([
      'attrs@23.2.0:44',
      'h2@4.1.0:53',
      'httpx@0.27.0:58',
      'numpy@1.26.4:71',
      'numpy@2.0.0:79',
      'pytest@8.1.1:87',
      'sniffio@1.3.1:96',
      'tomli@2.0.1:101',
    ]);
  });

  it('derives scope by reachability, following extras a dependency asks for', async () => {
    const r = await ex.extract(input(TESTDATA, 'workspace-uv.lock'));
    const scope = Object.fromEntries(r.components.map((c) => [`${c.name}@${c.version}`, c.scope]));
    expect(scope).toEqual({
      'attrs@23.2.0': 'prod', // through the app-core member
      'h2@4.1.0': 'prod', // httpx[http2]
      'httpx@0.27.0': 'prod',
      'numpy@1.26.4': 'optional',
      'numpy@2.0.0': 'optional',
      'pytest@8.1.1': 'dev',
      'sniffio@1.3.1': 'prod', // reached from httpx before pytest
      'tomli@2.0.1': 'dev',
    });
  });

  it('gives groups, direct flags and root edges for what the members name', async () => {
    const r = await ex.extract(input(TESTDATA, 'workspace-uv.lock'));
    const get = (n: string, v?: string) => r.components.find((c) => c.name === n && (!v || c.version === v))!;
    expect(get('numpy', '2.0.0')).toMatchObject({ groups: ['plot'], direct: true });
    expect(get('pytest')).toMatchObject({ groups: ['dev'], direct: true });
    expect(get('httpx')).toMatchObject({ groups: [], direct: true });
    expect(get('attrs')).toMatchObject({ groups: [], direct: true }); // app-core is a member
    expect(get('sniffio').direct).toBe(false);
    expect(r.rootDependsOn).toEqual([
      'pkg:pypi/httpx@0.27.0',
      'pkg:pypi/attrs@23.2.0',
      'pkg:pypi/numpy@1.26.4',
      'pkg:pypi/numpy@2.0.0',
      'pkg:pypi/pytest@8.1.1',
    ]);
  });

  it('reads sources, hashes and edges', async () => {
    const r = await ex.extract(input(TESTDATA, 'workspace-uv.lock'));
    const get = (n: string) => r.components.find((c) => c.name === n)!;
    expect(get('httpx')).toMatchObject({
      source: 'git',
      sourceRef: 'https://github.com/encode/httpx?rev=0.27.0',
      commit: '326b9431c761e1ef1e00b9f760d1f654c8db48c6',
      dependsOn: ['pkg:pypi/sniffio@1.3.1'],
    });
    expect(get('tomli')).toMatchObject({ source: 'path', sourceRef: 'vendor/tomli-2.0.1-py3-none-any.whl' });
    expect(get('attrs').hashes?.map((h) => h.content.slice(0, 8))).toEqual(['935dc3b5', '99b87a48']);
    expect(get('pytest').dependsOn).toEqual(['pkg:pypi/sniffio@1.3.1', 'pkg:pypi/tomli@2.0.1']);
  });
});

describe('python/uvlock on real files', () => {
  for (const [file, root] of [
    ['python/ciso-assistant-backend-uv.lock', 'ciso-assistant-community'],
    ['python/fickling-uv.lock', 'fickling'],
  ] as const) {
    it(`reads ${file}: every package but the project, with lines, hashes and a root`, async () => {
      const r = await ex.extract(input(REAL, file));
      const text = readFileSync(join(REAL, file), 'utf8');
      expect(r.error).toBeUndefined();
      expect(r.components).toHaveLength(packageBlocks(text) - 1);
      expect(r.components.some((c) => c.name === root)).toBe(false);
      expect(r.components.every((c) => isValidPurl(c.purl) && (c.location.line ?? 0) > 0)).toBe(true);
      expect(r.components.filter((c) => c.hashes?.length).length).toBeGreaterThan(r.components.length * 0.9);
      expect(r.rootDependsOn?.length).toBeGreaterThan(5);
    });
  }

  it('counts 176 and 71 packages (177 and 72 blocks less the project)', async () => {
    expect((await ex.extract(input(REAL, 'python/ciso-assistant-backend-uv.lock'))).components).toHaveLength(
      176,
    );
    expect((await ex.extract(input(REAL, 'python/fickling-uv.lock'))).components).toHaveLength(71);
  });
});

describe('python/uvlock at scale', () => {
  it('reads 20,000 chained packages ', async () => {
    const n = 20_000;
    const parts = [
      'version = 1',
      '',
      '[[package]]',
      'name = "root"',
      'version = "0.1.0"',
      'source = { virtual = "." }',
    ];
    parts.push('dependencies = [{ name = "p0" }]', '');
    for (let i = 0; i < n; i++) {
      parts.push(
        '[[package]]',
        `name = "p${i}"`,
        'version = "1.0.0"',
        'source = { registry = "https://pypi.org/simple" }',
      );
      if (i + 1 < n) parts.push(`dependencies = [{ name = "p${i + 1}" }]`);
      parts.push('');
    }
    const r = await ex.extract({
      path: 'uv.lock',
      text: parts.join('\n'),
      readSibling: async () => undefined,
    });
    expect(r.components).toHaveLength(n);
    expect(r.components.at(-1)).toMatchObject({ scope: 'prod', direct: false });
  });
});
