/**
 * Repositories of a product from vouch.yaml: local folders, and URLs cloned into a cache. No test
 * touches the network: URLs are file:// addresses of bare repositories made here, which take the
 * same clone and fetch path as https:// ones.
 */
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nameFromUrl, resolveRepositories } from './product-repositories.js';

const temp = mkdtempSync(join(tmpdir(), 'vouch-product-repos-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args], {
    cwd,
    stdio: 'pipe',
  }).toString();

/** A bare repository with one commit holding `files`. */
function bareRepository(name: string, files: Record<string, string>): string {
  const work = join(temp, `${name}-work`);
  mkdirSync(work, { recursive: true });
  git(work, 'init', '-q', '-b', 'main');
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(work, path, '..'), { recursive: true });
    writeFileSync(join(work, path), text);
  }
  git(work, 'add', '-A');
  git(work, 'commit', '-qm', 'one');
  const bare = join(temp, `${name}.git`);
  git(temp, 'clone', '-q', '--bare', work, bare);
  return bare;
}

const options = (extra: Partial<Parameters<typeof resolveRepositories>[2]> = {}) => ({
  online: true,
  cacheDir: join(temp, 'cache'),
  manifestFile: 'vouch.yaml',
  positions: new Map([
    ['repositories.0', { line: 10, column: 5 }],
    ['repositories.1', { line: 11, column: 5 }],
  ]),
  ...extra,
});

describe('product repositories', () => {
  const primary = join(temp, 'web');
  mkdirSync(join(primary, 'src'), { recursive: true });
  mkdirSync(join(temp, 'api'));
  git(join(temp, 'api'), 'init', '-q');

  it('resolves local paths against the primary, folds `.` into it and positions each problem', async () => {
    const ok = await resolveRepositories(
      primary,
      { repositories: [{ path: '.' }, { path: '../api' }] },
      options(),
    );
    expect(ok.errors).toEqual([]);
    expect(ok.repositories.map((r) => [r.name, r.primary, r.root])).toEqual([
      ['web', true, realpathSync(primary)],
      ['api', false, realpathSync(join(temp, 'api'))],
    ]);
    const bad = await resolveRepositories(
      primary,
      { repositories: [{ path: '../missing' }, { path: 'src/..' }] },
      options(),
    );
    expect(bad.errors).toEqual([
      expect.objectContaining({
        file: 'vouch.yaml',
        line: 10,
        column: 5,
        message: expect.stringMatching(/^repositories\[0\]: path \.\.\/missing is not a folder/),
      }),
    ]);
    expect(bad.repositories).toHaveLength(1);
    const twice = await resolveRepositories(
      primary,
      { repositories: [{ path: '../api' }, { path: `${temp}/api` }] },
      options(),
    );
    expect(twice.errors[0]).toMatchObject({
      line: 11,
      message: expect.stringMatching(/same repository as repositories\[0\]; list it once/),
    });
  });

  it('reads no folder vouch.yaml points at outside the checkouts beside it, above it, or not a repository', async () => {
    mkdirSync(join(temp, 'plain'));
    const outside = mkdtempSync(join(tmpdir(), 'vouch-elsewhere-'));
    git(outside, 'init', '-q');
    try {
      const r = await resolveRepositories(
        primary,
        {
          repositories: [
            { path: '/' },
            { path: '..' },
            { path: '../plain' },
            { path: outside },
            { url: `file://${outside}` },
          ],
        },
        options(),
      );
      expect(r.errors.map((e) => e.message)).toEqual([
        expect.stringMatching(/^repositories\[0\]: path \/: \/ holds this repository/),
        expect.stringMatching(/^repositories\[1\]: path \.\.: .* holds this repository/),
        expect.stringMatching(/^repositories\[2\]: path \.\.\/plain: .* is not a git repository/),
        expect.stringMatching(
          /^repositories\[3\]: path .* is outside .*: vouch.yaml may name only checkouts beside this repository/,
        ),
        expect.stringMatching(/^repositories\[4\]: url file:.* is outside/),
      ]);
      expect(r.repositories).toHaveLength(1);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('clones a URL shallowly into the cache, then reuses and refreshes it', async () => {
    const bare = bareRepository('shop-api', { 'SECURITY.md': '# Security\n' });
    const url = `file://${bare}`;
    const first = await resolveRepositories(primary, { repositories: [{ url }] }, options());
    expect(first.errors).toEqual([]);
    const clone = first.repositories[1]!;
    expect(clone).toMatchObject({ name: 'shop-api', primary: false, declared: { url } });
    expect(clone.root.startsWith(realpathSync(join(temp, 'cache', 'repositories')))).toBe(true);
    expect(readFileSync(join(clone.root, 'SECURITY.md'), 'utf8')).toBe('# Security\n');
    expect(git(clone.root, 'rev-parse', '--is-shallow-repository').trim()).toBe('true');

    // A new commit upstream arrives on the next online run, in the same folder.
    const work = join(temp, 'shop-api-work');
    writeFileSync(join(work, 'SECURITY.md'), '# Security, updated\n');
    git(work, 'commit', '-qam', 'two');
    git(work, 'push', '-q', bare, 'main');
    const again = await resolveRepositories(primary, { repositories: [{ url }] }, options());
    expect(again.repositories[1]!.root).toBe(clone.root);
    expect(readFileSync(join(clone.root, 'SECURITY.md'), 'utf8')).toBe('# Security, updated\n');

    // Offline: the cached clone is used as it is, and said so.
    const offline = await resolveRepositories(
      primary,
      { repositories: [{ url }] },
      options({ online: false }),
    );
    expect(offline.errors).toEqual([]);
    expect(offline.repositories[1]!.note).toMatch(/not refreshed \(offline\)/);
  });

  it('runs no hook while cloning, even one a git template would install', async () => {
    // git copies the template's hooks into every new clone and runs post-checkout after it.
    const home = join(temp, 'home');
    const mark = join(temp, 'hook-ran');
    mkdirSync(join(home, 'template', 'hooks'), { recursive: true });
    writeFileSync(join(home, 'template', 'hooks', 'post-checkout'), `#!/bin/sh\ntouch '${mark}'\n`, {
      mode: 0o755,
    });
    writeFileSync(join(home, '.gitconfig'), `[init]\n\ttemplateDir = ${join(home, 'template')}\n`);
    const bare = bareRepository('hooked', { 'README.md': 'x\n' });
    const before = process.env.HOME;
    process.env.HOME = home;
    try {
      // The same template makes a plain clone run the hook: the check below can fail.
      git(temp, 'clone', '-q', bare, join(temp, 'plain-clone'));
      expect(existsSync(mark)).toBe(true);
      rmSync(mark);
      const r = await resolveRepositories(
        primary,
        { repositories: [{ url: `file://${bare}` }] },
        options({ cacheDir: join(temp, 'hook-cache') }),
      );
      expect(r.errors).toEqual([]);
      expect(readFileSync(join(r.repositories[1]!.root, 'README.md'), 'utf8')).toBe('x\n');
      expect(existsSync(mark)).toBe(false);
    } finally {
      process.env.HOME = before;
    }
  });

  it('offline, a URL never cloned is a positioned error that says to clone it first', async () => {
    const url = `file://${join(temp, 'never.git')}`;
    const r = await resolveRepositories(primary, { repositories: [{ url }] }, options({ online: false }));
    expect(r.errors).toEqual([
      expect.objectContaining({
        line: 10,
        message: expect.stringMatching(
          /is not cloned and vouch is offline: clone it first and give the path \(git clone --depth 1 /,
        ),
      }),
    ]);
    expect(existsSync(join(temp, 'cache', 'repositories'))).toBe(true);
  });

  it('refuses transports that could run commands, and reports a failed clone without leaving a folder', async () => {
    const ext = await resolveRepositories(
      primary,
      { repositories: [{ url: 'ext::sh -c touch% /tmp/vouch-pwned' }] },
      options(),
    );
    expect(ext.errors[0]!.message).toMatch(
      /only https:\/\/, ssh:\/\/, git@host:path and file:\/\/ addresses can be cloned/,
    );
    const missing = await resolveRepositories(
      primary,
      { repositories: [{ url: `file://${join(temp, 'absent.git')}` }] },
      options(),
    );
    expect(missing.errors[0]!.message).toMatch(/could not be cloned .*clone it first and give the path/);
    const left = execFileSync('ls', [join(temp, 'cache', 'repositories')]).toString();
    expect(left).not.toMatch(/absent/);
  });

  it('names a repository after its URL', () => {
    expect(nameFromUrl('https://github.com/acme/web.git')).toBe('web');
    expect(nameFromUrl('git@github.com:acme/api.git')).toBe('api');
    expect(nameFromUrl('ssh://git@host/acme/tools/')).toBe('tools');
  });
});
