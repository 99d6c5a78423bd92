import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isValidPurl } from '../../../purl-check.js';
import { pylockExtractor } from './index.js';

// pip's own PEP 751 lockfile for its build tools, from the truth corpus (byte-identical upstream).
const PIP_LOCK = 'test/truth/pypa+pip/build-project/pylock.toml';

describe('pylock.toml', () => {
  it("reads pip's lockfile: versions, lines, wheel hashes, direct names from pyproject", async () => {
    const text = readFileSync(PIP_LOCK, 'utf8');
    const project = readFileSync('test/truth/pypa+pip/build-project/pyproject.toml', 'utf8');
    const r = await pylockExtractor.extract({
      path: 'build-project/pylock.toml',
      text,
      readSibling: async (p) => (p === 'build-project/pyproject.toml' ? project : undefined),
    });
    expect(r.error).toBeUndefined();
    const build = r.components.find((c) => c.name === 'build')!;
    expect(build).toMatchObject({
      version: '1.5.0',
      pinned: true,
      purl: 'pkg:pypi/build@1.5.0',
    });
    expect(build.location.line).toBe(5);
    expect(build.hashes?.[0]?.content).toBe(
      '13f3eecb844759ab66efec90ca17639bbf14dc06cb2fdf37a9010322d9c50a6f',
    );
    expect(r.components.every((c) => c.pinned && isValidPurl(c.purl))).toBe(true);
    // build-project/pyproject.toml names build and flit-core in a dependency group.
    expect(r.components.filter((c) => c.direct).map((c) => c.name)).toEqual(['build', 'flit-core']);
  });

  it('reads VCS, directory and archive sources; a VCS entry without a commit is not pinned', async () => {
    const text = [
      'lock-version = "1.0"',
      '[[packages]]',
      'name = "a"',
      'vcs = { type = "git", url = "https://example.com/a.git", requested-revision = "main" }',
      '[[packages]]',
      'name = "b"',
      'vcs = { type = "git", url = "https://example.com/b.git", commit-id = "0123456789abcdef0123456789abcdef01234567" }',
      '[[packages]]',
      'name = "local"',
      'directory = { path = "./local" }',
      '[[packages]]',
      'name = "c"',
      'archive = { url = "https://example.com/c.tar.gz", hashes = { sha256 = "8d80717e28d982b41594ed5b14d4e89fbc5bad55473fde27994a3101db18a94e" } }',
    ].join('\n');
    const r = await pylockExtractor.extract({
      path: 'pylock.toml',
      text,
      readSibling: async () => undefined,
    });
    expect(r.components.map((c) => [c.name, c.source, c.pinned])).toEqual([
      ['a', 'git', false],
      ['b', 'git', true],
      ['local', 'path', false],
      ['c', 'url', true],
    ]);
  });

  it('reports a broken file as an error', async () => {
    const r = await pylockExtractor.extract({
      path: 'pylock.toml',
      text: '[[packages]\n',
      readSibling: async () => undefined,
    });
    expect(r.error).toBeDefined();
  });
});
