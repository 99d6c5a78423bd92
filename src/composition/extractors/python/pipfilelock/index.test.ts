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
import { pipfileLockExtractor as ex } from './index.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const TESTDATA = join(HERE, 'testdata');
const REAL = join(SHARED, 'peer-suites/real-lockfiles');

const NO_VERSION_CASE = 'TestExtractor_Extract/package without version (testdata/no-version.json)';

describe('python/pipfilelock peer suite (osv-scalibr)', () => {
  it('passes every case but the one vouch reads differently', async () => {
    const r = await runLockfilePeerSuite('python-pipfilelock', ex, {
      [NO_VERSION_CASE]:
        'git entries pinned by `ref` have no version; upstream drops them, vouch reports them (source git, ' +
        'the commit) so VCS dependencies are not missing from the SBOM',
    });
    console.log(describeResult(r));
    expect(r.failures).toEqual([]);
    expect(r.passed).toBe(r.total - 1);
    expect(r.disagreements.map((d) => d.key)).toEqual([NO_VERSION_CASE]);
  });

  it('claims the same paths as upstream FileRequired', () => {
    const expected = JSON.parse(
      readFileSync(join(LOCKFILE_SUITE, 'python-pipfilelock/expected.json'), 'utf8'),
    ) as {
      fileRequired: { path: string; wantRequired: boolean; maxFileSizeBytes?: number }[];
    };
    for (const f of expected.fileRequired.filter((x) => x.maxFileSizeBytes === undefined)) {
      expect(ex.matches(f.path), f.path).toBe(f.wantRequired);
    }
  });
});

describe('python/pipfilelock on a vouch fixture', () => {
  it('reports default and develop packages with their key lines; one component when locked in both', async () => {
    const r = await ex.extract(input(TESTDATA, 'Pipfile.lock'));
    expect(r.error).toBeUndefined();
    expect(r.components.map((c) => `${c.name}@${c.version}:${c.location.line}:${c.scope}`)).toEqual([
      'requests@2.31.0:9:prod',
      'certifi@2024.2.2:18:prod',
      'tool@:25:prod',
      'pytest@8.1.1:34:dev',
    ]);
    expect(r.components.find((c) => c.name === 'pytest')?.groups).toEqual(['dev']);
  });

  it('keeps valid hashes, git commits, and notes what it leaves out', async () => {
    const r = await ex.extract(input(TESTDATA, 'Pipfile.lock'));
    const requests = r.components[0];
    expect(requests?.hashes).toEqual([
      { alg: 'SHA-256', content: '58cd2187c01e70e6e26505bca751777aa9f2ee0b7f4300988b709f44e013003f' },
    ]);
    expect(requests?.constraint).toBe("==2.31.0; python_version >= '3.7'");
    expect(r.components.find((c) => c.name === 'tool')).toMatchObject({
      source: 'git',
      commit: '0123456789abcdef0123456789abcdef01234567',
      pinned: true,
      purl: 'pkg:pypi/tool',
    });
    expect(r.notes).toEqual([
      'default: mylib has no version (./mylib); not reported',
      'package category "docs" not read',
    ]);
  });

  it('marks direct dependencies from the Pipfile beside it', async () => {
    const r = await ex.extract(input(TESTDATA, 'Pipfile.lock'));
    expect(r.components.map((c) => [c.name, c.direct])).toEqual([
      ['requests', true],
      ['certifi', false],
      ['tool', true],
      ['pytest', true],
    ]);
  });
});

describe('python/pipfilelock on osv-scanner fixtures and hostile input', () => {
  it('handles every pipenv fixture without throwing', async () => {
    const dir = join(REAL, 'fixtures-osv-scanner');
    for (const f of readdirSync(join(dir, 'pipenv'))) {
      const r = await ex.extract(input(dir, `pipenv/${f}`));
      if (f.startsWith('not-json')) expect(r.error).toMatch(/invalid JSON/);
      else expect(r.error, f).toBeUndefined();
      for (const c of r.components) expect(isValidPurl(c.purl)).toBe(true);
    }
  });

  it('returns errors for truncated and deeply nested JSON', async () => {
    const noSiblings = async () => undefined;
    const truncated = await ex.extract({
      path: 'Pipfile.lock',
      text: '{"default": {"a": {"vers',
      readSibling: noSiblings,
    });
    expect(truncated.error).toMatch(/could not extract Pipfile\.lock: invalid JSON/);
    const deep = `{"default": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const nested = await ex.extract({ path: 'Pipfile.lock', text: deep, readSibling: noSiblings });
    expect(nested.components).toEqual([]);
  });
});
