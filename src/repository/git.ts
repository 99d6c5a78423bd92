/**
 * Facts from git about the repository being assessed: HEAD, branch, origin, recent commit dates,
 * tracked files. The repository is hostile input, and its .git/config can name programs for git
 * to run (core.fsmonitor, gpg.program via log.showSignature, hooks). Only read-only plumbing is
 * used (rev-parse, symbolic-ref, config --get, log without patches or signatures, ls-files),
 * every program-running setting those could reach is overridden on the command line (which
 * beats the repository's config), and git runs without a shell, prompts or system config.
 * Nothing here throws: what could not be learnt is explained in `note`.
 */
import { execFile } from 'node:child_process';
import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { GitFacts } from '../inventory/types.js';

export interface GitOptions {
  /** 'tracked': run only `git ls-files` (no head, branch, remote or commit dates). */
  only?: 'tracked';
  /** Per-command time limit. */
  timeoutMs?: number;
  /** Git executable (tests use this to simulate a missing git). */
  gitPath?: string;
}

const DEFAULT_TIMEOUT_MS = 15_000;
const SMALL_OUTPUT = 1024 * 1024;
/** `ls-files -z` of half a million paths stays well inside this. */
const LS_FILES_OUTPUT = 128 * 1024 * 1024;
const RECENT_COMMITS = 20;

/**
 * `-c` settings put before every command. Two matter for the commands used, both seen running a
 * repository's program in tests: core.fsmonitor (ls-files runs it) and log.showSignature (log then
 * runs gpg.program on signed commits). The rest close doors those commands should not open
 * anyway. safe.directory=* lets git read
 * a checkout owned by another user (common in CI containers); that check exists to stop the
 * repository's config from running programs, which these settings already prevent.
 */
export const HARDENING = [
  'core.fsmonitor=false',
  'core.hooksPath=/dev/null',
  'core.pager=cat',
  'log.showSignature=false',
  'protocol.allow=never',
  'safe.directory=*',
].flatMap((setting) => ['-c', setting]);

export function gitEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  // Inherited GIT_DIR, GIT_WORK_TREE, GIT_INDEX_FILE ... (say, when run from a hook) would point git elsewhere.
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('GIT_')) env[key] = value;
  return {
    ...env,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
    GIT_OPTIONAL_LOCKS: '0',
    GIT_ASKPASS: '',
    SSH_ASKPASS: '',
    LC_ALL: 'C',
  };
}

interface GitRun {
  ok: boolean;
  stdout: string;
  stderr: string;
  /** Set when git could not be run or was stopped: missing, timed out, output too large. */
  failure?: string;
}

function runGit(root: string, args: string[], maxBuffer: number, options: GitOptions): Promise<GitRun> {
  return new Promise((resolve) => {
    execFile(
      options.gitPath ?? 'git',
      [...HARDENING, '--no-pager', ...args],
      {
        cwd: root,
        env: gitEnv(),
        timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        killSignal: 'SIGKILL',
        maxBuffer,
        encoding: 'utf8',
        windowsHide: true,
      },
      (error, stdout, stderr) => {
        if (!error) return resolve({ ok: true, stdout, stderr });
        const e = error as NodeJS.ErrnoException & { killed?: boolean; code?: string | number };
        let failure: string | undefined;
        if (e.code === 'ENOENT') failure = 'git is not installed (or not on PATH)';
        else if (e.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER')
          failure = `git ${args[0]} printed too much output`;
        else if (e.killed) failure = `git ${args[0]} timed out`;
        else if (typeof e.code !== 'number') failure = `git ${args[0]} could not run: ${e.message}`;
        resolve({
          ok: false,
          stdout: String(stdout ?? ''),
          stderr: String(stderr ?? ''),
          ...(failure ? { failure } : {}),
        });
      },
    );
  });
}

/**
 * A remote URL with any credentials removed: `https://user:token@host/x` and `https://token@host/x`
 * become `https://host/x`; an ssh user name (`ssh://git@host`, `git@host:org/x`) is kept, a
 * password never. Query strings and fragments (where tokens also hide) are dropped.
 */
export function redactRemoteUrl(raw: string): string {
  const url = raw.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
    try {
      const u = new URL(url);
      const ssh = /^(ssh|git\+ssh|ssh\+git):$/i.test(u.protocol);
      u.password = '';
      if (!ssh) u.username = '';
      u.search = '';
      u.hash = '';
      return u.toString();
    } catch {
      // Not parseable as a URL: drop everything between "//" and the last "@" of the authority.
      return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/]*@/i, '$1');
    }
  }
  // scp-like "user@host:path": a ":" before the "@" would be a password.
  const scp = /^([^/@]*)@([^/:]+:.*)$/.exec(url);
  if (scp?.[1]?.includes(':')) return scp[2]!;
  return url;
}

/**
 * Whether git could find a repository from `dir`: a `.git` entry (directory, or file for worktrees
 * and submodules) in it or an ancestor, or an ancestor that is itself a bare repository. GIT_DIR
 * and friends are never passed to git (gitEnv), so this is git's whole discovery; when it finds
 * nothing, no process needs starting to learn that.
 */
export function gitRepositoryAbove(dir: string): boolean {
  for (let d = dir; ; d = dirname(d)) {
    if (statSync(join(d, '.git'), { throwIfNoEntry: false })) return true;
    if (
      statSync(join(d, 'HEAD'), { throwIfNoEntry: false })?.isFile() &&
      statSync(join(d, 'objects'), { throwIfNoEntry: false })?.isDirectory() &&
      statSync(join(d, 'refs'), { throwIfNoEntry: false })?.isDirectory()
    )
      return true;
    if (dirname(d) === d) return false;
  }
}

/** Tracked files only: one `git ls-files`. */
async function readTracked(root: string, options: GitOptions): Promise<GitFacts> {
  const facts: GitFacts = { recentCommitDates: [] };
  const tracked = await runGit(root, ['ls-files', '-z', '--cached', '--', '.'], LS_FILES_OUTPUT, options);
  if (tracked.ok) facts.tracked = new Set(tracked.stdout.split('\0').filter((p) => p !== ''));
  else if (tracked.failure) facts.note = tracked.failure;
  else if (/not a git repository/i.test(tracked.stderr)) facts.note = 'not a git repository';
  else facts.note = `git ls-files failed: ${firstLine(tracked.stderr)}`;
  return facts;
}

/** Reads git facts for `root`. Never throws. */
export async function readGitFacts(root: string, options: GitOptions = {}): Promise<GitFacts> {
  const facts: GitFacts = { recentCommitDates: [] };
  // Starting git costs milliseconds per process, and a directory with no repository above it is
  // common (a CI workspace of a source archive, a scratch copy of a lockfile).
  if (!gitRepositoryAbove(root)) return { ...facts, note: 'not a git repository' };
  if (options.only === 'tracked') return readTracked(root, options);
  // One round of commands in parallel: this runs alongside the walk, and latency adds up.
  const [probe, log, branch, remote, tracked] = await Promise.all([
    runGit(root, ['rev-parse', '--is-inside-work-tree', '--show-prefix'], SMALL_OUTPUT, options),
    runGit(
      root,
      ['log', `-n${RECENT_COMMITS}`, '--no-show-signature', '--no-decorate', '--format=%H %cI', 'HEAD', '--'],
      SMALL_OUTPUT,
      options,
    ),
    runGit(root, ['symbolic-ref', '--quiet', '--short', 'HEAD'], SMALL_OUTPUT, options),
    runGit(root, ['config', '--get', 'remote.origin.url'], SMALL_OUTPUT, options),
    // Without --full-name, paths are relative to the root even when it is a subdirectory of the work tree.
    runGit(root, ['ls-files', '-z', '--cached', '--', '.'], LS_FILES_OUTPUT, options),
  ]);
  if (probe.failure) return { ...facts, note: probe.failure };
  if (!probe.ok) {
    const why = /not a git repository/i.test(probe.stderr)
      ? 'not a git repository'
      : `git rev-parse failed: ${firstLine(probe.stderr)}`;
    return { ...facts, note: why };
  }
  const [insideWorkTree, prefix = ''] = probe.stdout.split('\n');
  if (insideWorkTree?.trim() !== 'true') return { ...facts, note: 'not inside a git work tree' };

  const notes: string[] = [];
  if (prefix.trim() !== '') notes.push(`the root is the subdirectory ${prefix.trim()} of a git work tree`);
  if (log.ok) {
    for (const line of log.stdout.split('\n')) {
      const m = /^([0-9a-f]{40,64}) (\S+)$/.exec(line.trim());
      if (!m) continue;
      facts.head ??= m[1];
      facts.recentCommitDates.push(m[2]!);
    }
  }
  if (!facts.head) {
    const unborn = /unknown revision|bad revision|does not have any commits|bad default revision/i.test(
      log.stderr,
    );
    notes.push(
      log.failure ??
        (unborn ? 'the repository has no commits yet' : `git log failed: ${firstLine(log.stderr)}`),
    );
  }
  if (branch.ok && branch.stdout.trim() !== '') facts.branch = branch.stdout.trim();
  if (remote.ok && remote.stdout.trim() !== '') facts.remote = redactRemoteUrl(remote.stdout.trim());
  if (tracked.ok) facts.tracked = new Set(tracked.stdout.split('\0').filter((p) => p !== ''));
  else notes.push(tracked.failure ?? `git ls-files failed: ${firstLine(tracked.stderr)}`);
  if (notes.length > 0) facts.note = notes.join('; ');
  return facts;
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0]?.slice(0, 200) || 'no message';
}

/** At most this many paths get a per-file commit date in one run (one short git log each). */
const MAX_DATED_PATHS = 64;

/**
 * The committer date (ISO) of the last commit that changed each path, for paths git tracks; paths
 * beyond MAX_DATED_PATHS, untracked or unreadable ones are left out (callers say so). Never throws.
 */
export async function lastCommitDates(
  root: string,
  paths: readonly string[],
  options: GitOptions = {},
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (!gitRepositoryAbove(root)) return out;
  const wanted = paths.slice(0, MAX_DATED_PATHS);
  const runs = await Promise.all(
    wanted.map((p) =>
      runGit(
        root,
        ['log', '-1', '--no-show-signature', '--no-decorate', '--format=%cI', 'HEAD', '--', `:(literal)${p}`],
        SMALL_OUTPUT,
        options,
      ),
    ),
  );
  runs.forEach((r, i) => {
    const date = r.ok ? r.stdout.trim() : '';
    if (date) out.set(wanted[i]!, date);
  });
  return out;
}
