import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  describeResult,
  LOCKFILE_SUITE,
  runLockfilePeerSuite,
  SHARED,
} from '../../../../../test/helpers/lockfile-peer-suite.js';
import type { ExtractInput } from '../../../component.js';
import { isValidPurl } from '../../../purl-check.js';
import { requirementsExtractor as ex } from './index.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const TESTDATA = join(HERE, 'testdata');
const REAL = join(SHARED, 'peer-suites/real-lockfiles');

function input(root: string, path: string, text?: string): ExtractInput {
  return {
    path,
    text: text ?? readFileSync(join(root, path), 'utf8'),
    readSibling: async (p) => {
      const abs = join(root, posix.normalize(p));
      return existsSync(abs) ? readFileSync(abs, 'utf8') : undefined;
    },
  };
}

describe('python/requirements peer suite (osv-scalibr)', () => {
  it('passes every case', async () => {
    const r = await runLockfilePeerSuite('python-requirements', ex);
    console.log(describeResult(r));
    expect(r.failures).toEqual([]);
    expect(r.passed).toBe(r.total);
  });

  it('reports packages in upstream order (the suite is order-sensitive upstream)', async () => {
    const suite = join(LOCKFILE_SUITE, 'python-requirements');
    const expected = JSON.parse(readFileSync(join(suite, 'expected.json'), 'utf8')) as {
      cases: { path: string; wantPackages?: { name: string; version: string }[] | null }[];
    };
    for (const c of expected.cases) {
      const r = await ex.extract(input(suite, c.path));
      expect(r.components.map((p) => `${p.name}@${p.version}`)).toEqual(
        (c.wantPackages ?? []).map((p) => `${p.name}@${p.version}`),
      );
    }
  });

  it('claims the same paths as upstream FileRequired', () => {
    const expected = JSON.parse(
      readFileSync(join(LOCKFILE_SUITE, 'python-requirements/expected.json'), 'utf8'),
    ) as {
      fileRequired: { path: string; wantRequired: boolean; maxFileSizeBytes?: number }[];
    };
    const cases = expected.fileRequired.filter((f) => f.maxFileSizeBytes === undefined);
    expect(cases.length).toBeGreaterThan(2);
    for (const f of cases) expect(ex.matches(f.path), f.path).toBe(f.wantRequired);
    expect(ex.matches('requirements/prod.txt')).toBe(true);
    expect(ex.matches('dev-requirements.txt')).toBe(true);
    expect(ex.matches('requirements-dev.txt')).toBe(true);
    expect(ex.matches('docs/notes.txt')).toBe(false);
    expect(ex.matches('requirements.in')).toBe(false);
  });
});

describe('python/requirements on vouch fixtures', () => {
  it('follows -r includes breadth first, once each, with the -r line as location', async () => {
    const r = await ex.extract(input(TESTDATA, 'requirements.txt'));
    expect(r.error).toBeUndefined();
    const byName = new Map(r.components.map((c) => [c.name, c]));
    expect([...byName.keys()]).toEqual(['requests', 'flask', 'Django', 'six', 'attrs']);
    // six comes from nested/base-requirements.txt, reached through line 3 of the top file.
    expect(byName.get('six')?.location).toEqual({ path: 'requirements.txt', line: 3 });
    expect(byName.get('six')?.related).toEqual([{ path: 'nested/base-requirements.txt', line: 2 }]);
    // attrs is two includes deep: the chain records the intermediate -r line.
    expect(byName.get('attrs')?.related).toEqual([
      { path: 'nested/base-requirements.txt', line: 1 },
      { path: 'nested/deeper/shared.txt', line: 2 },
    ]);
    expect(byName.get('attrs')).toMatchObject({ version: '23.2.0', pinned: true, constraint: '===23.2.0' });
  });

  it('keeps ranges unpinned with their constraint, markers and extras', async () => {
    const r = await ex.extract(input(TESTDATA, 'requirements.txt'));
    const requests = r.components.find((c) => c.name === 'requests');
    // The constraints file pins requests==2.31.0: that is what pip installs.
    expect(requests).toMatchObject({
      version: '2.31.0',
      pinned: true,
      constraint: '>= 2.31; python_version >= "3.8"',
      purl: 'pkg:pypi/requests@2.31.0',
    });
    expect(requests?.related).toEqual([{ path: 'constraints.txt', line: 2 }]);
    const flask = r.components.find((c) => c.name === 'flask');
    expect(flask).toMatchObject({ version: '3.0.2', pinned: true });
    // Constraints never add packages of their own.
    expect(r.components.filter((c) => c.location.path === 'constraints.txt')).toEqual([]);
  });

  it('converts --hash values to hex hashes and drops malformed ones', async () => {
    const r = await ex.extract(input(TESTDATA, 'requirements.txt'));
    const django = r.components.find((c) => c.name === 'Django');
    expect(django).toMatchObject({ version: '4.2.11', pinned: true, purl: 'pkg:pypi/django@4.2.11' });
    expect(django?.location.line).toBe(8);
    expect(django?.hashes).toEqual([
      { alg: 'SHA-256', content: 'abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789' },
    ]);
  });

  it('lists URL, VCS, path, editable and env-var lines in notes instead of reporting them', async () => {
    const r = await ex.extract(input(TESTDATA, 'requirements.txt'));
    const notes = (r.notes ?? []).join('\n');
    expect(notes).toContain('requirements.txt:11: editable requirement');
    expect(notes).toContain(
      'requirements.txt:12: URL or path requirement git+https://github.com/example/vcs.git',
    );
    expect(notes).toContain('requirements.txt:13: urllib3 @ https://example.invalid/urllib3-2.0.0.tar.gz');
    expect(notes).toContain('requirements.txt:14: URL or path requirement ./local/wheel');
    expect(notes).toContain('requirements.txt:15: requirement uses an environment variable');
    expect(r.components.some((c) => ['urllib3', 'token', 'editable', 'vcs'].includes(c.name))).toBe(false);
  });

  it('scopes a dev file as dev, while what it includes keeps the included file scope', async () => {
    const r = await ex.extract(input(TESTDATA, 'requirements-dev.txt'));
    const pytest = r.components.find((c) => c.name === 'pytest');
    expect(pytest).toMatchObject({ scope: 'dev', version: '8.0', pinned: false, constraint: '~=8.0' });
    expect(pytest?.purl).toBe('pkg:pypi/pytest');
    expect(r.components.find((c) => c.name === 'Django')?.scope).toBe('prod');
    expect(r.components.every((c) => c.groups === undefined)).toBe(true);
  });

  it('survives an include loop and reads each file once', async () => {
    const r = await ex.extract(input(TESTDATA, 'loop-a-requirements.txt'));
    expect(r.components.map((c) => `${c.name}@${c.version}`)).toEqual(['alpha@1.0', 'beta@2.0']);
  });

  it('tells direct from transitive requirements by pip-compile "# via" annotations', async () => {
    const r = await ex.extract(input(TESTDATA, 'compiled-requirements.txt'));
    expect(r.components.map((c) => [c.name, c.direct])).toEqual([
      ['certifi', false],
      ['idna', true],
      ['requests', true],
    ]);
    expect(r.rootDependsOn).toEqual(['pkg:pypi/idna@3.6', 'pkg:pypi/requests@2.31.0']);
  });

  it('does not read outside the repository or over the network', async () => {
    const reads: string[] = [];
    const base = input(TESTDATA, 'escape-requirements.txt');
    const r = await ex.extract({
      ...base,
      readSibling: async (p) => {
        reads.push(p);
        return undefined;
      },
    });
    expect(reads).toEqual([]);
    expect(r.notes?.join('\n')).toMatch(/outside the repository[\s\S]*remote requirements file/);
  });
});

describe('python/requirements on real files', () => {
  it('reads the cdxgen pip-compile lock: 377 pinned requirements with 2797 hashes', async () => {
    const r = await ex.extract(input(REAL, 'python/cdxgen-fixture-requirements-lock-hashes.txt'));
    expect(r.error).toBeUndefined();
    expect(r.components).toHaveLength(377);
    expect(r.components.every((c) => c.pinned)).toBe(true);
    expect(r.components.reduce((n, c) => n + (c.hashes?.length ?? 0), 0)).toBe(2797);
    expect(r.components.every((c) => isValidPurl(c.purl) && (c.location.line ?? 0) > 0)).toBe(true);
    const direct = r.components.filter((c) => c.direct).length;
    expect(direct).toBeGreaterThan(0);
    expect(direct).toBeLessThan(377);
  });

  it('reads the chen-science export: 88 pinned with 1068 hashes', async () => {
    const r = await ex.extract(input(REAL, 'python/cdxgen-fixture-chen-science-requirements.txt'));
    expect(r.components).toHaveLength(88);
    expect(r.components.filter((c) => c.pinned)).toHaveLength(88);
    expect(r.components.reduce((n, c) => n + (c.hashes?.length ?? 0), 0)).toBe(1068);
  });

  it('reads requests requirements-dev.txt: 6 requirements, 1 pinned, all dev', async () => {
    const r = await ex.extract(input(REAL, 'python/requests-requirements-dev.txt'));
    expect(r.components).toHaveLength(6);
    expect(r.components.filter((c) => c.pinned).map((c) => c.name)).toEqual(['pytest-httpbin']);
    expect(r.components.every((c) => c.scope === 'dev')).toBe(true);
    expect(r.components.find((c) => c.name === 'pytest')).toMatchObject({
      version: '',
      constraint: '>=2.8.0,<10',
    });
  });

  it('handles every osv-scanner pip fixture without throwing', async () => {
    const dir = join(REAL, 'fixtures-osv-scanner');
    const files = readdirSync(join(dir, 'pip'));
    expect(files.length).toBeGreaterThan(15);
    for (const f of files) {
      const r = await ex.extract(input(dir, `pip/${f}`));
      expect(r.error, f).toBeUndefined();
      for (const c of r.components) expect(isValidPurl(c.purl), `${f} ${c.purl}`).toBe(true);
    }
    const cyclic = await ex.extract(input(dir, 'pip/cyclic-r-complex-1.txt'));
    expect(cyclic.components.map((c) => c.version).sort()).toEqual(['1', '2', '3']);
    const cont = await ex.extract(input(dir, 'pip/line-continuation.txt'));
    expect(cont.components.map((c) => `${c.name}@${c.version}`)).toEqual([
      'foo@1.2.3',
      'bar@4.5.6',
      'baz@7.8.9',
      'qux@10.11.12',
    ]);
  });
});

describe('python/requirements on hostile input', () => {
  const noSiblings = async () => undefined;

  it('refuses a file over the size limit with an error value', async () => {
    const text = `a==1 ${'x'.repeat(65 * 1024 * 1024)}`;
    const r = await ex.extract({ path: 'requirements.txt', text, readSibling: noSiblings });
    expect(r.error).toMatch(/over the .* limit/);
    expect(r.components).toEqual([]);
  });

  it('stays linear on long runs of backslashes, hashes and comment markers', async () => {
    const text = `${'\\'.repeat(2_000_000)}a\\\n${'a==1 '.repeat(200_000)}\n${' #'.repeat(1_000_000)}\npkg==1.0`;
    const r = await ex.extract({ path: 'requirements.txt', text, readSibling: noSiblings });
    expect(r.components.at(-1)?.name).toBe('pkg');
  });
});
