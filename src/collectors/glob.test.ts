import { describe, expect, it } from 'vitest';
import { globMatch } from './glob.js';

describe('globMatch', () => {
  it.each([
    ['.github/workflows/*.yml', '.github/workflows/ci.yml', true],
    ['.github/workflows/*.yml', '.github/workflows/sub/ci.yml', false],
    ['**/package.json', 'package.json', true],
    ['**/package.json', 'a/b/package.json', true],
    ['**/package.json', 'a/b/package.json.bak', false],
    ['apps/**', 'apps/web/x', true],
    ['packages/*', 'packages/a', true],
    ['packages/*', 'packages/a/b', false],
    ['SECURITY.{md,rst}', 'SECURITY.rst', true],
    ['SECURITY.{md,rst}', 'SECURITY.txt', false],
    ['requirements*.txt', 'requirements-dev.txt', true],
    ['a?c', 'abc', true],
    ['a.b', 'axb', false],
    ['dir/', 'dir/x/y', true],
    ['./src/*', 'src/a', true],
  ])('%s vs %s -> %s', (pattern, path, want) => {
    expect(globMatch(pattern, path)).toBe(want);
  });

  it('matches case-insensitively on request', () => {
    expect(globMatch('SECURITY.md', 'security.MD')).toBe(false);
    expect(globMatch('SECURITY.md', 'security.MD', true)).toBe(true);
  });
});
