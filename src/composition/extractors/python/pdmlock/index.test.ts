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
import { pdmLockExtractor as ex } from './index.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const TESTDATA = join(HERE, 'testdata');
const REAL = join(SHARED, 'peer-suites/real-lockfiles');

function input(root: string, path: string, siblings = true): ExtractInput {
  return {
    path,
    text: readFileSync(join(root, path), 'utf8'),
    readSibling: async (p) => {
      const abs = join(root, posix.normalize(p));
      return siblings && existsSync(abs) ? readFileSync(abs, 'utf8') : undefined;
    },
  };
}

describe('python/pdmlock peer suite (osv-scalibr)', () => {
  it('passes every case', async () => {
    const r = await runLockfilePeerSuite('python-pdmlock', ex);
    console.log(describeResult(r));
    expect(r.failures).toEqual([]);
    expect(r.passed).toBe(r.total);
  });

  it('claims the same paths as upstream FileRequired', () => {
    const expected = JSON.parse(
      readFileSync(join(LOCKFILE_SUITE, 'python-pdmlock/expected.json'), 'utf8'),
    ) as {
      fileRequired: { path: string; wantRequired: boolean; maxFileSizeBytes?: number }[];
    };
    for (const f of expected.fileRequired.filter((x) => x.maxFileSizeBytes === undefined)) {
      expect(ex.matches(f.path), f.path).toBe(f.wantRequired);
    }
  });
});

describe('python/pdmlock on a vouch fixture', () => {
  it('folds the per-extras repeats of a package into one component', async () => {
    const r = await ex.extract(input(TESTDATA, 'pdm.lock'));
    expect(r.error).toBeUndefined();
    expect(r.components.map((c) => `${c.name}@${c.version}:${c.location.line}`)).toEqual([
      'coverage@7.4.4:10',
      'ruff@0.3.4:31',
      'mkdocs@1.5.3:36',
      'tomli@2.0.1:41',
    ]);
    expect(r.components[0]?.dependsOn).toEqual(['pkg:pypi/tomli@2.0.1', 'pkg:pypi/coverage@7.4.4']);
  });

  it('uses pyproject.toml to tell dev groups from extras', async () => {
    const r = await ex.extract(input(TESTDATA, 'pdm.lock'));
    const scopes = Object.fromEntries(r.components.map((c) => [c.name, [c.scope, c.groups]]));
    expect(scopes).toEqual({
      coverage: ['prod', []],
      ruff: ['dev', ['dev']], // "lint" is a [tool.pdm.dev-dependencies] group
      mkdocs: ['optional', ['optional']], // "docs" is an extra
      tomli: ['prod', []],
    });
    expect(r.components.filter((c) => c.direct).map((c) => c.name)).toEqual(['coverage', 'ruff', 'mkdocs']);
    expect(r.rootDependsOn).toHaveLength(3);
  });

  it('falls back to osv-scalibr`s reading without pyproject.toml: only "dev" is dev', async () => {
    const r = await ex.extract(input(TESTDATA, 'pdm.lock', false));
    expect(r.components.find((c) => c.name === 'ruff')).toMatchObject({
      scope: 'optional',
      groups: ['optional'],
    });
    expect(r.components.every((c) => c.direct === undefined)).toBe(true);
  });

  it('records the git revision as the commit', async () => {
    const r = await ex.extract(input(TESTDATA, 'pdm.lock'));
    expect(r.components.find((c) => c.name === 'tomli')).toMatchObject({
      source: 'git',
      sourceRef: 'https://github.com/hukkin/tomli.git',
      commit: '3d1e0e2a6e2e5f9d8f0b1c2e3d4f5a6b7c8d9e0f',
    });
  });
});

describe('python/pdmlock on osv-scanner fixtures', () => {
  it('handles each without throwing', async () => {
    const dir = join(REAL, 'fixtures-osv-scanner');
    for (const f of readdirSync(join(dir, 'pdm'))) {
      const r = await ex.extract(input(dir, `pdm/${f}`));
      if (f.startsWith('not-toml')) expect(r.error).toBeDefined();
      else expect(r.error, f).toBeUndefined();
    }
  });
});
