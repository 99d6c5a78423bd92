import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ExtractInput } from '../../../component.js';
import { isValidPurl } from '../../../purl-check.js';
import { pyprojectTomlExtractor as ex } from './index.js';

const TESTDATA = join(dirname(fileURLToPath(import.meta.url)), 'testdata');
const input = (file: string, path = 'pyproject.toml'): ExtractInput => ({
  path,
  text: readFileSync(join(TESTDATA, file), 'utf8'),
  readSibling: async () => undefined,
});

describe('python/pyprojecttoml', () => {
  it('matches pyproject.toml anywhere, nothing else', () => {
    expect(ex.matches('pyproject.toml')).toBe(true);
    expect(ex.matches('libs/a/pyproject.toml')).toBe(true);
    expect(ex.matches('pyproject.toml.bak')).toBe(false);
    expect(ex.matches('mypyproject.toml')).toBe(false);
  });

  it('reads PEP 621 dependencies, extras and PEP 735 groups as declared constraints', async () => {
    const r = await ex.extract(input('pyproject.toml'));
    expect(r.error).toBeUndefined();
    expect(
      r.components.map((c) => [c.name, c.version, c.pinned, c.scope, c.groups ?? [], c.location.line]),
    ).toEqual([
      ['requests', '>=2.31,<3', false, 'prod', [], 8],
      ['attrs', '23.2.0', true, 'prod', [], 9],
      ['tool', '', false, 'prod', [], 10],
      ['numpy', '>=1.26', false, 'optional', ['plot'], 14],
      ['pytest', '~=8.0', false, 'dev', ['test'], 17],
      ['ruff', '', false, 'dev', ['lint'], 18],
    ]);
    expect(r.components[0]).toMatchObject({
      constraint: ">=2.31,<3; python_version >= '3.8'",
      purl: 'pkg:pypi/requests',
    });
    expect(r.components[1]?.purl).toBe('pkg:pypi/attrs@23.2.0');
    expect(r.components[2]).toMatchObject({
      source: 'git',
      sourceRef: 'git+https://github.com/example/tool.git@0123456789abcdef0123456789abcdef01234567',
      commit: '0123456789abcdef0123456789abcdef01234567',
    });
    expect(r.components.every((c) => c.direct === true && isValidPurl(c.purl))).toBe(true);
  });

  it('reads Poetry dependency tables and groups', async () => {
    const r = await ex.extract(input('poetry-pyproject.toml'));
    expect(r.error).toBeUndefined();
    expect(
      r.components.map((c) => [c.name, c.version, c.pinned, c.scope, c.source, c.location.line]),
    ).toEqual([
      ['requests', '^2.31', false, 'prod', 'registry', 7],
      ['pendulum', '3.0.0', true, 'optional', 'registry', 8],
      ['ike', '', false, 'prod', 'git', 9],
      ['mylib', '', false, 'prod', 'path', 10],
      ['numpy', '<2 || >=2', false, 'prod', 'registry', 11],
      ['pytest', '8.1.1', true, 'dev', 'registry', 17],
      ['black', '*', false, 'dev', 'registry', 20],
    ]);
    expect(r.components.find((c) => c.name === 'ike')?.commit).toBe(
      'cd66602cd29f61a2d2e7fb995fef1e61708c034d',
    );
    expect(r.components.some((c) => c.name === 'python')).toBe(false);
  });

  it('returns TOML errors as values', async () => {
    const r = await ex.extract({
      path: 'pyproject.toml',
      text: '[project\nname = 1',
      readSibling: async () => undefined,
    });
    expect(r.error).toMatch(/could not extract pyproject\.toml: .*\(at 1:\d+\)/);
  });
});
