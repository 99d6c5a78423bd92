import { describe, expect, it } from 'vitest';
import { BoundedCache, baseMayMatch, globMatch, globSet, globsToRegExp, matchesAny } from './glob.js';

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

describe('matchesAny (base-name pre-test in front of the combined regex)', () => {
  // Patterns of every shape the pre-test treats differently: exact names, affixes, `?`, braces in
  // and before the last segment, `**` inside a segment, trailing "/", "./", non-ASCII, empty.
  const patterns = [
    '**/package.json',
    'package.json',
    'requirements*.txt',
    'requirements/*.txt',
    '**/*.csproj',
    '.github/workflows/*.yml',
    '.github/workflows/*.{yml,yaml}',
    '{docs,.github}/SECURITY.md',
    'SECURITY.{md,rst}',
    '{a/b,c}',
    'x**y',
    'apps/**',
    'dir/',
    './src/*.ts',
    'a?c.txt',
    'ÄRGER.md',
    'İ*.md',
    'Kelvin*',
    'σ*.md',
    '',
  ];
  const names = [
    'package.json',
    'PACKAGE.JSON',
    'requirements-dev.txt',
    'Requirements.TXT',
    'x.csproj',
    'ci.yml',
    'ci.YAML',
    'SECURITY.md',
    'security.MD',
    'security.rst',
    'b',
    'c',
    'xzzy',
    'abc.txt',
    'a/c.txt',
    'ärger.md',
    'ÄRGER.md',
    'i̇x.md',
    'İx.md',
    '\u212Aelvin',
    'kelvin',
    'ςx.md',
    '.hidden',
    'src',
    'index.ts',
  ];
  const dirs = [
    '',
    'docs/',
    '.github/',
    '.github/workflows/',
    'requirements/',
    'a/',
    'apps/',
    'dir/',
    'src/',
    'x/y/',
  ];
  const paths = dirs.flatMap((d) => names.map((n) => `${d}${n}`)).concat(['', 'dir', 'apps']);

  it.each([false, true])(
    'agrees with the regex alone for every pattern and path (case-insensitive: %s)',
    (ci) => {
      for (const pattern of patterns) {
        const list = [pattern];
        const regex = globsToRegExp(list, ci);
        for (const path of paths) {
          expect(matchesAny(list, path, ci), `${pattern} vs ${path}`).toBe(regex.test(path));
        }
      }
      const regex = globsToRegExp(patterns, ci);
      for (const path of paths) expect(matchesAny(patterns, path, ci), path).toBe(regex.test(path));
    },
  );

  it('lets through only base names that can match', () => {
    const set = globSet(['**/package.json', 'requirements*.txt', '**/*.csproj']);
    expect(set.anyBase).toBe(false);
    expect(baseMayMatch(set, 'package.json')).toBe(true);
    expect(baseMayMatch(set, 'requirements-dev.txt')).toBe(true);
    expect(baseMayMatch(set, 'app.csproj')).toBe(true);
    expect(baseMayMatch(set, 'index.ts')).toBe(false);
    expect(baseMayMatch(set, 'Package.json')).toBe(false);
    expect(baseMayMatch(globSet(['**/package.json'], true), 'package.json')).toBe(true);
  });

  it('does not pre-test lists with a pattern that can match any base name', () => {
    expect(globSet(['a/*.md', 'apps/**']).anyBase).toBe(true);
    expect(globSet(['docs/']).anyBase).toBe(true);
    expect(globSet(['SECURITY.{md,rst}']).anyBase).toBe(true);
    expect(globSet(['İ*.md'], true).anyBase).toBe(true);
    expect(globSet(['İ*.md'], false).anyBase).toBe(false);
  });

  it('compiles equal lists once, whichever array they come in', () => {
    expect(globSet(['a.yml', 'b.yml'])).toBe(globSet(['a.yml', 'b.yml']));
    expect(globSet(['a.yml'], true)).not.toBe(globSet(['a.yml'], false));
  });
});

describe('BoundedCache', () => {
  it('never holds more than its limit, forgetting the entry it learnt first', () => {
    const cache = new BoundedCache<string, number>(3);
    for (const [i, k] of ['a', 'b', 'c'].entries()) cache.set(k, i);
    expect(cache.get('a')).toBe(0);
    cache.set('d', 3);
    expect(cache.size).toBe(3);
    // A hit does not keep an entry: 'a' was learnt first and goes first.
    expect(cache.get('a')).toBeUndefined();
    expect([cache.get('b'), cache.get('c'), cache.get('d')]).toEqual([1, 2, 3]);
    // Setting a known key again makes it the newest.
    cache.set('b', 10);
    cache.set('e', 4);
    expect(cache.get('c')).toBeUndefined();
    expect(cache.get('b')).toBe(10);
  });
});
