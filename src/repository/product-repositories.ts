/**
 * The repositories that make up one product, from vouch.yaml `repositories:`: the repository
 * holding vouch.yaml (the primary) and each other one, as a local folder (relative to the
 * primary's root, or absolute) or a URL cloned shallowly into a cache folder.
 *
 * A clone never runs the remote's code: hooks are pointed at /dev/null, submodules are not
 * checked out, only the https, ssh and file transports are allowed (no `ext::`), and git runs
 * without a shell, prompts or system config, under a time limit. Offline, a URL that was never
 * cloned is an input error that says to clone it first and give the path.
 *
 * vouch.yaml is repository content, so it may not send vouch to read anything on the machine: a
 * local repository (a `path:`, or the folder a `file://` address names) must be a git checkout
 * beside the primary (inside the primary's parent folder, as side-by-side clones are), never the
 * primary's own parent or any folder above it.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, realpath, rename, rm, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ManifestError } from '../manifest/load.js';
import type { VouchManifest } from '../manifest/schema.js';
import { oneLine } from '../util/text.js';
import { gitEnv } from './git.js';

export interface ProductRepository {
  /** Label in reports and the prefix of its findings' paths; the primary's is its folder name. */
  name: string;
  /** Absolute folder that is walked. */
  root: string;
  /** The repository holding vouch.yaml: its findings keep unprefixed paths. */
  primary: boolean;
  /** As vouch.yaml gives it. */
  declared: { path?: string; url?: string };
  /** Something the reader should know (a cached clone not refreshed offline). */
  note?: string;
}

export interface ResolveOptions {
  /** Whether URLs may be cloned or fetched. */
  online: boolean;
  /** Where clones are kept (default: $XDG_CACHE_HOME/vouch, else ~/.cache/vouch). */
  cacheDir?: string;
  /** vouch.yaml as the user names it, for positioned messages. */
  manifestFile: string;
  /** Line and column of each entry ("repositories.0"), from the manifest parse. */
  positions: Map<string, { line: number; column: number }>;
  /** Per git command; a shallow clone of a large repository takes a while. */
  timeoutMs?: number;
}

export interface ResolvedRepositories {
  repositories: ProductRepository[];
  /** Input errors, positioned at the vouch.yaml entry: the command stops with exit 2. */
  errors: ManifestError[];
}

/** A remote address: scheme://..., or git's user@host:path form. */
export const REMOTE_ADDRESS = /^(?:[a-z][a-z0-9+.-]*:\/\/|[\w.-]+@[\w.-]+:)/i;
const CLONABLE = /^(?:https:\/\/|ssh:\/\/|file:\/\/|[\w.-]+@[\w.-]+:)/i;
const CLONE_DEPTH = 1;
const DEFAULT_TIMEOUT_MS = 5 * 60_000;

export function defaultCacheDir(): string {
  const xdg = process.env.XDG_CACHE_HOME;
  return join(xdg && isAbsolute(xdg) ? xdg : join(homedir(), '.cache'), 'vouch');
}

/** The repository's name from a URL: its last path segment without `.git`. */
export function nameFromUrl(url: string): string {
  const tail =
    url
      .replace(/[?#].*$/, '')
      .replace(/\/+$/, '')
      .split(/[/:]/)
      .pop() ?? '';
  return tail.replace(/\.git$/i, '') || 'repository';
}

/**
 * Why vouch will not read the local folder `real` as one of the product's repositories, or
 * undefined when it may: it must lie inside `allowedReal` (the primary's parent folder), must not
 * hold the primary (a folder above it would walk everything beside it), and must be a git checkout.
 */
async function refusedLocal(
  real: string,
  allowedReal: string,
  primaryReal: string,
): Promise<string | undefined> {
  const inside = (child: string, parent: string) =>
    child.startsWith(parent.endsWith(sep) ? parent : parent + sep);
  if (inside(primaryReal, real))
    return `${oneLine(real, 200)} holds this repository: name the other repository's own checkout`;
  if (!inside(real, allowedReal))
    return `${oneLine(real, 200)} is outside ${oneLine(allowedReal, 200)}: vouch.yaml may name only checkouts beside this repository (clone it there, or give it by \`url:\`)`;
  const exists = (p: string) =>
    stat(join(real, p)).then(
      () => true,
      () => false,
    );
  const repository = (await exists('.git')) || ((await exists('HEAD')) && (await exists('objects')));
  if (!repository)
    return `${oneLine(real, 200)} is not a git repository (no .git): give the folder of a clone`;
  return undefined;
}

const isDirectory = (path: string) =>
  stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );

/** git with the clone-safe settings; resolves with the error text, or undefined on success. */
function git(args: string[], cwd: string, timeoutMs: number): Promise<string | undefined> {
  const settings = [
    'core.hooksPath=/dev/null',
    'core.fsmonitor=false',
    'protocol.allow=never',
    'protocol.https.allow=always',
    'protocol.ssh.allow=always',
    'protocol.file.allow=always',
    'submodule.recurse=false',
    'fetch.recurseSubmodules=false',
  ].flatMap((s) => ['-c', s]);
  return new Promise((done) => {
    execFile(
      'git',
      [...settings, ...args],
      { cwd, env: gitEnv(), timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 1024 * 1024 },
      (error, _stdout, stderr) => {
        if (!error) return done(undefined);
        const last = String(stderr).trim().split('\n').pop();
        done(last || error.message);
      },
    );
  });
}

/** A shallow clone of `url` in the cache, refreshed when online; an error message when it cannot be had. */
async function cloned(
  url: string,
  options: ResolveOptions,
): Promise<{ root: string; note?: string } | { error: string }> {
  const shown = oneLine(url, 200);
  if (!CLONABLE.test(url))
    return {
      error: `${shown}: only https://, ssh://, git@host:path and file:// addresses can be cloned; clone it yourself and give its path`,
    };
  const cache = join(options.cacheDir ?? defaultCacheDir(), 'repositories');
  const folder = join(
    cache,
    `${nameFromUrl(url).replace(/[^\w.-]/g, '_')}-${createHash('sha256').update(url).digest('hex').slice(0, 12)}`,
  );
  const timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const have = await isDirectory(join(folder, '.git'));
  if (!options.online) {
    if (have) return { root: folder, note: `cached clone of ${shown}, not refreshed (offline)` };
    return {
      error: `${shown} is not cloned and vouch is offline: clone it first and give the path (git clone --depth ${CLONE_DEPTH} ${shown} ../${nameFromUrl(url)}, then \`- path: ../${nameFromUrl(url)}\`), or run without --offline`,
    };
  }
  if (have) {
    const failed =
      (await git(
        ['fetch', '--depth', String(CLONE_DEPTH), '--no-tags', 'origin', 'HEAD'],
        folder,
        timeout,
      )) ?? (await git(['reset', '--hard', '--quiet', 'FETCH_HEAD'], folder, timeout));
    if (!failed) return { root: folder };
    return { root: folder, note: `cached clone of ${shown}, not refreshed: ${oneLine(failed, 200)}` };
  }
  await mkdir(cache, { recursive: true });
  // Clone beside the final folder and move it in, so an interrupted clone is never reused.
  const partial = `${folder}.partial-${process.pid}`;
  await rm(partial, { recursive: true, force: true });
  const failed = await git(
    ['clone', '--depth', String(CLONE_DEPTH), '--no-tags', '--single-branch', '--quiet', '--', url, partial],
    cache,
    timeout,
  );
  if (failed) {
    await rm(partial, { recursive: true, force: true });
    return {
      error: `${shown} could not be cloned (${oneLine(failed, 200)}): check the address and your access, or clone it first and give the path`,
    };
  }
  await rename(partial, folder);
  return { root: folder };
}

/**
 * Every repository of the product, the primary first. Entries that name the primary itself
 * (`path: .`) are folded into it; each problem is positioned at its vouch.yaml entry.
 */
export async function resolveRepositories(
  primaryRoot: string,
  manifest: Pick<VouchManifest, 'repositories'> | undefined,
  options: ResolveOptions,
): Promise<ResolvedRepositories> {
  const primaryReal = await realpath(primaryRoot);
  const allowedReal = dirname(primaryReal);
  const repositories: ProductRepository[] = [
    {
      name: basename(primaryReal) || 'repository',
      root: primaryReal,
      primary: true,
      declared: { path: '.' },
    },
  ];
  const errors: ManifestError[] = [];
  const seen = new Map<string, string>([[primaryReal, 'the repository holding vouch.yaml']]);
  const entries = manifest?.repositories ?? [];
  for (const [i, entry] of entries.entries()) {
    const at = options.positions.get(`repositories.${i}`);
    const fail = (message: string) =>
      errors.push({ file: options.manifestFile, message: `repositories[${i}]: ${message}`, ...(at ?? {}) });
    if ((entry.path === undefined) === (entry.url === undefined)) {
      fail('give either `path:` (a local folder) or `url:` (an address to clone), not both or neither');
      continue;
    }
    let root: string;
    let note: string | undefined;
    if (entry.path !== undefined) {
      if (REMOTE_ADDRESS.test(entry.path)) {
        fail(`path ${oneLine(entry.path, 200)} is an address: write it as \`url:\``);
        continue;
      }
      const folder = resolve(primaryRoot, entry.path);
      if (!(await isDirectory(folder))) {
        fail(
          `path ${oneLine(entry.path, 200)} is not a folder (${oneLine(folder, 200)}); give the folder of a checkout, relative to vouch.yaml or absolute`,
        );
        continue;
      }
      root = await realpath(folder);
      const refused = root === primaryReal ? undefined : await refusedLocal(root, allowedReal, primaryReal);
      if (refused) {
        fail(`path ${oneLine(entry.path, 200)}: ${refused}`);
        continue;
      }
    } else {
      if (/^file:\/\//i.test(entry.url!)) {
        let local: string | undefined;
        try {
          local = await realpath(fileURLToPath(entry.url!));
        } catch {
          local = undefined;
        }
        // A folder that does not exist is left to the clone, which says so.
        const refused = local ? await refusedLocal(local, allowedReal, primaryReal) : undefined;
        if (refused) {
          fail(`url ${oneLine(entry.url!, 200)}: ${refused}`);
          continue;
        }
      }
      const got = await cloned(entry.url!, options);
      if ('error' in got) {
        fail(got.error);
        continue;
      }
      root = await realpath(got.root);
      note = got.note;
    }
    const before = seen.get(root);
    if (before) {
      // `path: .` names the primary: that is how a product lists all its repositories.
      if (root !== primaryReal)
        fail(
          `${oneLine(entry.path ?? entry.url ?? '', 200)} is the same repository as ${before}; list it once`,
        );
      continue;
    }
    seen.set(root, `repositories[${i}]`);
    const base = entry.url !== undefined ? nameFromUrl(entry.url) : basename(root) || 'repository';
    let name = base;
    for (let n = 2; repositories.some((r) => r.name === name); n++) name = `${base}-${n}`;
    repositories.push({
      name,
      root,
      primary: false,
      declared: entry.url !== undefined ? { url: entry.url } : { path: entry.path! },
      ...(note ? { note } : {}),
    });
  }
  return { repositories, errors };
}
