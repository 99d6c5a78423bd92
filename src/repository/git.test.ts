import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { gitRepositoryAbove, readGitFacts, redactRemoteUrl } from './git.js';

const temps: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vouch-git-'));
  temps.push(dir);
  return dir;
}
afterEach(() => {
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
});

function git(cwd: string, ...args: string[]): string {
  return execFileSync(
    'git',
    ['-c', 'user.name=t', '-c', 'user.email=t@t', '-c', 'init.defaultBranch=main', ...args],
    {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' },
    },
  );
}

function repoWithCommit(files: Record<string, string>): string {
  const dir = tempDir();
  git(dir, 'init', '-q');
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'first');
  return dir;
}

describe('readGitFacts', () => {
  it('explains a directory that is not a git repository', async () => {
    const facts = await readGitFacts(tempDir());
    expect(facts.note).toBe('not a git repository');
    expect(facts.head).toBeUndefined();
    expect(facts.tracked).toBeUndefined();
    expect(facts.recentCommitDates).toEqual([]);
  });

  it('starts no git process where no repository can be found', async () => {
    // A git that cannot run would say "not installed": the answer came without running it.
    const facts = await readGitFacts(tempDir(), { gitPath: '/nonexistent/bin/git' });
    expect(facts.note).toBe('not a git repository');
  });

  it('finds repositories as git does: .git directory or file above, or a bare repository', () => {
    const plain = tempDir();
    expect(gitRepositoryAbove(plain)).toBe(false);
    const work = repoWithCommit({ 'pkg/deep/x.txt': 'x' });
    expect(gitRepositoryAbove(work)).toBe(true);
    expect(gitRepositoryAbove(join(work, 'pkg', 'deep'))).toBe(true);
    const linked = tempDir();
    git(work, 'worktree', 'add', '-q', join(linked, 'wt'));
    expect(gitRepositoryAbove(join(linked, 'wt'))).toBe(true);
    const bare = tempDir();
    git(bare, 'init', '-q', '--bare');
    expect(gitRepositoryAbove(bare)).toBe(true);
  });

  it("with only: 'tracked', lists tracked files and nothing else", async () => {
    const dir = repoWithCommit({ 'a.txt': 'a', 'src/b.ts': 'b' });
    const facts = await readGitFacts(dir, { only: 'tracked' });
    expect([...(facts.tracked ?? [])].sort()).toEqual(['a.txt', 'src/b.ts']);
    expect(facts.head).toBeUndefined();
    expect(facts.note).toBeUndefined();
    const sub = await readGitFacts(join(dir, 'src'), { only: 'tracked' });
    expect([...(sub.tracked ?? [])]).toEqual(['b.ts']);
  });

  it('explains a missing git executable', async () => {
    const dir = tempDir();
    git(dir, 'init', '-q');
    const facts = await readGitFacts(dir, { gitPath: '/nonexistent/bin/git' });
    expect(facts.note).toMatch(/git is not installed/);
    expect(facts.recentCommitDates).toEqual([]);
  });

  it('handles an empty repository (no commits, HEAD unborn)', async () => {
    const dir = tempDir();
    git(dir, 'init', '-q');
    writeFileSync(join(dir, 'untracked.txt'), 'x');
    const facts = await readGitFacts(dir);
    expect(facts.head).toBeUndefined();
    expect(facts.note).toMatch(/no commits yet/);
    expect(facts.branch).toBe('main');
    expect(facts.tracked?.size).toBe(0);
    expect(facts.recentCommitDates).toEqual([]);
  });

  it('reads head, branch, tracked files and commit dates from a repository with commits', async () => {
    const dir = repoWithCommit({
      'README.md': '# x\n',
      'src/a.ts': 'export {}\n',
      'odd name\twith tab.txt': 't',
    });
    writeFileSync(join(dir, 'not-added.txt'), 'x');
    git(dir, 'commit', '-q', '--allow-empty', '-m', 'second');
    const facts = await readGitFacts(dir);
    expect(facts.head).toBe(git(dir, 'rev-parse', 'HEAD').trim());
    expect(facts.head).toMatch(/^[0-9a-f]{40}$/);
    expect(facts.branch).toBe('main');
    expect(facts.note).toBeUndefined();
    expect([...(facts.tracked ?? [])].sort()).toEqual(['README.md', 'odd name\twith tab.txt', 'src/a.ts']);
    expect(facts.recentCommitDates).toHaveLength(2);
    for (const d of facts.recentCommitDates) expect(Number.isNaN(Date.parse(d))).toBe(false);
    expect(facts.remote).toBeUndefined();
  });

  it('strips credentials from the origin URL', async () => {
    const dir = repoWithCommit({ a: 'a' });
    git(dir, 'remote', 'add', 'origin', 'https://alice:ghp_SECRET123@github.com/org/repo.git');
    const facts = await readGitFacts(dir);
    expect(facts.remote).toBe('https://github.com/org/repo.git');
    expect(JSON.stringify(facts.remote)).not.toContain('SECRET');
  });

  it('gives tracked paths relative to a root that is a subdirectory of the work tree', async () => {
    const dir = repoWithCommit({ 'top.txt': 't', 'pkg/inner.txt': 'i', 'pkg/deep/x.txt': 'x' });
    const facts = await readGitFacts(join(dir, 'pkg'));
    expect([...(facts.tracked ?? [])].sort()).toEqual(['deep/x.txt', 'inner.txt']);
    expect(facts.note).toMatch(/subdirectory pkg\//);
    expect(facts.head).toMatch(/^[0-9a-f]{40}$/);
  });

  it('ignores GIT_DIR and similar variables inherited from the environment', async () => {
    const dir = repoWithCommit({ mine: 'm' });
    const other = repoWithCommit({ theirs: 't' });
    const saved = process.env.GIT_DIR;
    process.env.GIT_DIR = join(other, '.git');
    try {
      const facts = await readGitFacts(dir);
      expect([...(facts.tracked ?? [])]).toEqual(['mine']);
    } finally {
      if (saved === undefined) delete process.env.GIT_DIR;
      else process.env.GIT_DIR = saved;
    }
  });

  it("never runs programs named by the repository's config (fsmonitor, gpg via log.showSignature)", async () => {
    const dir = repoWithCommit({ a: 'a' });
    const outside = tempDir();
    const marker = join(outside, 'ran');
    const script = join(outside, 'evil.sh');
    writeFileSync(script, `#!/bin/sh\necho "$0 $*" >> '${marker}'\nexit 0\n`);
    chmodSync(script, 0o755);
    // A commit carrying a signature, so that log.showSignature has something to verify.
    const tree = git(dir, 'rev-parse', 'HEAD^{tree}').trim();
    const body =
      `tree ${tree}\nauthor t <t@t> 1700000000 +0000\ncommitter t <t@t> 1700000000 +0000\n` +
      'gpgsig -----BEGIN PGP SIGNATURE-----\n \n abc\n -----END PGP SIGNATURE-----\n\nsigned\n';
    writeFileSync(join(outside, 'commit.txt'), body);
    const signed = git(dir, 'hash-object', '-t', 'commit', '-w', join(outside, 'commit.txt')).trim();
    git(dir, 'update-ref', 'HEAD', signed);
    git(dir, 'config', 'core.fsmonitor', script);
    git(dir, 'config', 'log.showSignature', 'true');
    git(dir, 'config', 'gpg.program', script);
    git(dir, 'config', 'core.hooksPath', outside);

    // The trap is armed: plain git runs the script for these very commands.
    execFileSync('git', ['ls-files'], {
      cwd: dir,
      env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' },
      stdio: 'ignore',
    });
    expect(existsSync(marker)).toBe(true);
    rmSync(marker);

    const facts = await readGitFacts(dir);
    expect(facts.head).toBe(signed);
    expect(facts.recentCommitDates).toEqual(['2023-11-14T22:13:20+00:00']);
    expect(existsSync(marker)).toBe(false);
  });

  it.runIf(process.getuid?.() === 0)('reads a checkout owned by another user (safe.directory)', async () => {
    const dir = repoWithCommit({ a: 'a' });
    execFileSync('chown', ['-R', '65534:65534', dir]);
    const facts = await readGitFacts(dir);
    expect(facts.note).toBeUndefined();
    expect([...(facts.tracked ?? [])]).toEqual(['a']);
    chownSync(dir, 0, 0);
  });
});

describe('redactRemoteUrl', () => {
  it.each([
    ['https://user:token@github.com/org/repo.git', 'https://github.com/org/repo.git'],
    ['https://ghp_abc123@github.com/org/repo', 'https://github.com/org/repo'],
    ['http://u:p@host:8080/x?access_token=abc#frag', 'http://host:8080/x'],
    ['ssh://git:pw@host/org/repo.git', 'ssh://git@host/org/repo.git'],
    ['ssh://git@host/org/repo.git', 'ssh://git@host/org/repo.git'],
    ['git@github.com:org/repo.git', 'git@github.com:org/repo.git'],
    ['user:secret@host:org/repo.git', 'host:org/repo.git'],
    ['/srv/git/repo.git', '/srv/git/repo.git'],
    ['https://github.com/org/repo.git', 'https://github.com/org/repo.git'],
  ])('%s -> %s', (input, expected) => {
    expect(redactRemoteUrl(input)).toBe(expected);
  });
});
