/**
 * The single walk of a repository, built for hostile trees.
 *
 * - One pass, iterative, a bounded number of directories in progress at a time; paths are POSIX,
 *   relative to the real root, sorted.
 * - Skipped: the folders the scope policy (rules/scope.yaml) never walks (version-control
 *   metadata, installed dependencies, virtualenvs and caches: never the product's own source;
 *   vendored code is walked, it ships with the product), `extraExcludes` (gitignore syntax,
 *   cannot be re-included), and
 *   what .gitignore files (root and nested) and .git/info/exclude ignore, unless git tracks it:
 *   a committed file is part of the product even when a pattern matches it.
 * - Symlinks are never followed out of the root: outside, broken and looping links become
 *   problems. A link to a file inside the root is listed with the target's size and content; a
 *   link to a directory inside the root is not descended (its target is walked where it really
 *   is; a link to one of its own ancestors is a 'symlink-loop').
 * - Special files (FIFOs, sockets, devices) are never opened. Files over maxFileBytes are listed
 *   (size from stat only, so a sparse 2 GB file costs nothing) and refused by readText/readBytes.
 * - Names are read as bytes. A name that is not valid UTF-8 is listed with U+FFFD in place of the
 *   bad bytes and remembered as raw bytes so it can still be read; names with control or bidi
 *   characters are listed too. Both are recorded as 'unsafe-name' for the output layers to escape.
 * - At maxFiles (files or directories) the walk stops with a 'limit-reached' problem.
 */
import { type Dirent, lstatSync, readdirSync, type Stats } from 'node:fs';
import { lstat, opendir, readlink, realpath, stat } from 'node:fs/promises';
import { type IgnoreScope, isIgnored, scopeFromText } from './gitignore.js';
import { decodeName, relativePathError, unsafeNameReason } from './names.js';
import {
  describeFsError,
  type FileIdentity,
  hashInsideRoot,
  isInside,
  looksBinary,
  readInsideRoot,
  SNIFF_BYTES,
} from './read.js';
import { limitFor, unwalkedFolders } from './scope.js';
import type { GitFacts, Inventory, InventoryFile, InventoryProblem, InventoryProblemKind } from './types.js';

export interface WalkOptions {
  /** Files larger than this are listed but not read (default: the scope policy's `read` limit). */
  maxFileBytes?: number;
  /** The walk stops after this many files, or this many directories (default 500,000). */
  maxFiles?: number;
  /** More gitignore-style patterns, relative to the root, that nothing can re-include. */
  extraExcludes?: string[];
  /** Honour .gitignore files and .git/info/exclude (default true). */
  useGitignore?: boolean;
  /**
   * true (default): run git for head, branch, remote, recent commits and tracked files, alongside
   * the walk. 'if-needed': only `git ls-files`, and only once the walk meets a gitignored path
   * (tracked files re-include those); for callers that need no other git fact. false: never.
   */
  readGit?: boolean | 'if-needed';
  /** Called with the number of files listed so far, every 1,000 files and at the end. */
  onProgress?: (n: number) => void;
}

export const DEFAULT_MAX_FILES = 500_000;

/**
 * Directories in progress at once. Listing and stats are synchronous, so this bounds only the
 * directories waiting on something asynchronous (a .gitignore read, git's tracked files, a huge
 * directory streamed, symlinks resolved).
 */
const DIR_CONCURRENCY = 8;
/** A directory whose own size is over this (tens of thousands of entries) is streamed, not read whole. */
const STREAM_DIR_BYTES = 1024 * 1024;

/** The inventory as walked from disk, with the binary sniff exposed. */
export interface WalkedInventory extends Inventory {
  /** Whether the first 8 KiB contain a NUL byte; cached on the file entry. */
  isBinary(path: string): Promise<boolean>;
}

interface DirTask {
  rel: string;
  abs: string | Buffer;
  scope: IgnoreScope | undefined;
  /** Gitignored, walked only because git tracks files below it: untracked entries here are ignored. */
  ignored: boolean;
}

interface Entry {
  name: string;
  rel: string;
  abs: string | Buffer;
  dirent: AnyDirent;
  /** Why the name is unsafe to show; recorded only if the entry is not skipped. */
  unsafe: string | undefined;
  /** Set by `kept`: gitignored but kept because git tracks it (or something below it). */
  ignored?: boolean;
}

function isUnknownType(d: AnyDirent): boolean {
  return !(
    d.isFile() ||
    d.isDirectory() ||
    d.isSymbolicLink() ||
    d.isFIFO() ||
    d.isSocket() ||
    d.isBlockDevice() ||
    d.isCharacterDevice()
  );
}

function joinRel(dir: string, name: string): string {
  return dir === '' ? name : `${dir}/${name}`;
}

function childAbs(parent: string | Buffer, name: string, raw: Buffer, exact: boolean): string | Buffer {
  if (typeof parent === 'string' && exact) return `${parent}/${name}`;
  const parentBytes = typeof parent === 'string' ? Buffer.from(parent, 'utf8') : parent;
  return Buffer.concat([parentBytes, Buffer.from('/'), raw]);
}

function toBytes(p: string | Buffer): Buffer {
  return typeof p === 'string' ? Buffer.from(p, 'utf8') : p;
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

type AnyDirent = Dirent<string> | Dirent<Buffer>;

export interface Listing {
  /** Names as strings, or as bytes when some name was not valid UTF-8. */
  entries: AnyDirent[];
  truncated: boolean;
}

/**
 * Reads a directory's entries. Names come as strings (cheap); only a directory with a name that is
 * not valid UTF-8 (seen as U+FFFD) is read again with names as bytes. A directory whose own size is
 * over `streamAboveBytes` (tens of thousands of entries) is streamed and cut at `cap` entries, so a
 * huge directory cannot exhaust memory.
 */
export async function listDirectory(
  abs: string | Buffer,
  cap: number,
  streamAboveBytes = STREAM_DIR_BYTES,
): Promise<Listing> {
  const huge = lstatSync(abs).size > streamAboveBytes;
  const read = async (bytes: boolean): Promise<Listing> => {
    if (!huge) {
      // Synchronous, like the lstat calls: a directory of normal size is read in one system call
      // or a few, and async reads through the 4-thread pool made the whole walk twice as slow
      // (measured on 2,400 directories). Huge directories are streamed below.
      const entries = bytes
        ? readdirSync(abs, { withFileTypes: true, encoding: 'buffer' })
        : readdirSync(abs, { withFileTypes: true });
      return { entries, truncated: false };
    }
    const entries: AnyDirent[] = [];
    // Node accepts 'buffer' here (names as bytes) although the types only list text encodings.
    const encoding = (bytes ? 'buffer' : 'utf8') as BufferEncoding;
    for await (const d of await opendir(abs as string, { encoding, bufferSize: 256 })) {
      if (entries.length >= cap) return { entries, truncated: true };
      entries.push(d);
    }
    return { entries, truncated: false };
  };
  const first = await read(false);
  return first.entries.some((d) => (d.name as string).includes('\uFFFD')) ? read(true) : first;
}

export async function buildInventory(root: string, options: WalkOptions = {}): Promise<WalkedInventory> {
  const maxFileBytes = options.maxFileBytes ?? limitFor('read');
  const maxFiles = options.maxFiles ?? DEFAULT_MAX_FILES;
  const useGitignore = options.useGitignore ?? true;

  let rootBytes: Buffer;
  try {
    rootBytes = await realpath(root, { encoding: 'buffer' });
  } catch (e) {
    throw new Error(`cannot read the repository at ${root}: ${describeFsError(e)}`);
  }
  const rootStat = await stat(rootBytes);
  if (!rootStat.isDirectory()) throw new Error(`not a directory: ${root}`);
  const rootName = decodeName(rootBytes);
  const rootAbs: string | Buffer = rootName.exact ? rootName.name : rootBytes;

  const gitRoot = typeof rootAbs === 'string' ? rootAbs : rootName.name;
  const readGit = options.readGit ?? true;
  let gitPromise: Promise<GitFacts> | undefined;
  const gitFacts = (): Promise<GitFacts> => {
    gitPromise ??=
      readGit === false
        ? Promise.resolve({ recentCommitDates: [], note: 'git not read (readGit: false)' })
        : // Loaded on demand: git (and node's child_process) costs start-up time a run may not need.
          import('../repository/git.js').then(({ readGitFacts }) =>
            readGitFacts(gitRoot, readGit === 'if-needed' ? { only: 'tracked' } : {}),
          );
    return gitPromise;
  };
  // Full facts are read alongside the walk; 'if-needed' waits for the first gitignored path.
  if (readGit === true) void gitFacts();
  // Tracked files re-include gitignored paths; git is only waited for when something is ignored.
  let trackedDirs: Set<string> | undefined;
  const trackedInfo = async (): Promise<{ files: Set<string>; dirs: Set<string> } | undefined> => {
    const tracked = (await gitFacts()).tracked;
    if (!tracked) return undefined;
    if (!trackedDirs) {
      trackedDirs = new Set();
      for (const p of tracked) {
        // Climb until a directory already known: its parents are known too.
        for (let i = p.lastIndexOf('/'); i > 0; i = p.lastIndexOf('/', i - 1)) {
          const dir = p.slice(0, i);
          if (trackedDirs.has(dir)) break;
          trackedDirs.add(dir);
        }
      }
    }
    return { files: tracked, dirs: trackedDirs };
  };

  const files: InventoryFile[] = [];
  const dirs = new Set<string>(['']);
  const problems: InventoryProblem[] = [];
  /** Absolute paths as raw bytes for files whose names are not valid UTF-8. */
  const rawPaths = new Map<string, Buffer>();
  /** What lstat saw at each regular file's path, so a read can skip realpath (see readInsideRoot). */
  const identities = new Map<string, FileIdentity>();
  let stopped = false;
  let nextProgress = 1000;

  const problem = (kind: InventoryProblemKind, path: string, detail: string) => {
    problems.push({ kind, path, detail });
  };
  const limitReached = () => {
    if (!stopped) {
      stopped = true;
      problem(
        'limit-reached',
        '',
        `stopped after ${maxFiles} files or directories; the rest was not inventoried`,
      );
    }
  };
  const addFile = (rel: string, abs: string | Buffer, size: number, walked?: FileIdentity) => {
    if (stopped) return;
    if (files.length >= maxFiles) return limitReached();
    files.push({ path: rel, size });
    if (walked) identities.set(rel, walked);
    if (typeof abs !== 'string') rawPaths.set(rel, abs);
    if (size > maxFileBytes)
      problem('too-large', rel, `${size} bytes, over the ${maxFileBytes}-byte limit; not read`);
    if (options.onProgress && files.length >= nextProgress) {
      nextProgress += 1000;
      options.onProgress(files.length);
    }
  };

  const hardExcludes = options.extraExcludes?.length
    ? scopeFromText('', options.extraExcludes.join('\n'), undefined)
    : undefined;
  const excludedNames = new Set(unwalkedFolders());

  let rootScope: IgnoreScope | undefined;
  if (useGitignore) {
    const exclude = await readGitignore(
      rootBytes,
      childAbs(rootAbs, '.git/info/exclude', Buffer.from('.git/info/exclude'), true),
    );
    if (exclude.text !== undefined) rootScope = scopeFromText('', exclude.text, undefined);
  }

  /**
   * isIgnored, remembered per base name where every scope in the chain has only bare-name
   * patterns (the usual case): the answer then depends on the name alone, and names repeat
   * throughout a tree (index.ts, README.md).
   */
  const byName = new Map<IgnoreScope, Map<string, boolean> | null>();
  const ignoredByScope = (scope: IgnoreScope | undefined, entry: Entry, isDir: boolean): boolean => {
    if (!scope) return false;
    let names = byName.get(scope);
    if (names === undefined) {
      let namesOnly = true;
      for (let s: IgnoreScope | undefined = scope; s; s = s.parent) namesOnly &&= s.namesOnly;
      names = namesOnly ? new Map() : null;
      byName.set(scope, names);
    }
    if (names === null) return isIgnored(scope, entry.rel, isDir);
    const key = isDir ? `${entry.name}/` : entry.name;
    let ignored = names.get(key);
    if (ignored === undefined) {
      ignored = isIgnored(scope, entry.rel, isDir);
      names.set(key, ignored);
    }
    return ignored;
  };

  type Tracked = Awaited<ReturnType<typeof trackedInfo>>;
  /** 'skip' (excluded), 'keep', or 'ignored' (gitignored: kept only if git tracks it). */
  const verdict = (entry: Entry, isDir: boolean, parent: DirTask): 'skip' | 'keep' | 'ignored' => {
    if (excludedNames.has(entry.name)) return 'skip';
    if (hardExcludes && isIgnored(hardExcludes, entry.rel, isDir)) return 'skip';
    // Git cannot re-include anything below an ignored directory, so its entries need no rule check.
    if (useGitignore && (parent.ignored || ignoredByScope(parent.scope, entry, isDir))) return 'ignored';
    return 'keep';
  };
  /** Applies a verdict; git's tracked files (awaited by the caller only when needed) settle 'ignored'. */
  const kept = (entry: Entry, isDir: boolean, v: 'skip' | 'keep' | 'ignored', tracked: Tracked): boolean => {
    if (v === 'skip') return false;
    if (v === 'ignored') {
      if (!tracked || !(isDir ? tracked.dirs.has(entry.rel) : tracked.files.has(entry.rel))) return false;
      entry.ignored = true;
    }
    if (entry.unsafe) problem('unsafe-name', entry.rel, entry.unsafe);
    return true;
  };

  const resolveSymlink = async (entry: Entry, parent: DirTask): Promise<void> => {
    let real: Buffer;
    try {
      real = await realpath(entry.abs, { encoding: 'buffer' });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ELOOP') problem('symlink-loop', entry.rel, 'symbolic links that point at each other');
      else if (code === 'ENOENT' || code === 'ENOTDIR') {
        problem('symlink-broken', entry.rel, `points to ${await linkText(entry.abs)}, which does not exist`);
      } else problem('unreadable', entry.rel, `symbolic link: ${describeFsError(e)}`);
      return;
    }
    if (!isInside(rootBytes, real)) {
      problem(
        'symlink-outside-root',
        entry.rel,
        `points to ${await linkText(entry.abs)}, outside the repository; not followed`,
      );
      return;
    }
    let target: Stats;
    try {
      target = await stat(real);
    } catch (e) {
      problem('unreadable', entry.rel, `symbolic link target: ${describeFsError(e)}`);
      return;
    }
    if (target.isFile()) {
      addFile(entry.rel, entry.abs, target.size);
    } else if (target.isDirectory()) {
      // The parent's absolute path is real (the walk never goes through links), so a link to the
      // parent or above is a cycle. Any other directory inside the root is walked where it is.
      if (isInside(real, toBytes(parent.abs))) {
        problem('symlink-loop', entry.rel, 'link to a directory that contains it; not followed');
      }
    } else {
      problem(
        'special-file',
        entry.rel,
        'symbolic link to a special file (FIFO, socket or device); not opened',
      );
    }
  };

  const enqueueDir = (entry: Entry, parent: DirTask, queue: DirTask[]) => {
    if (stopped) return;
    if (dirs.size >= maxFiles) return limitReached();
    dirs.add(entry.rel);
    queue.push({ rel: entry.rel, abs: entry.abs, scope: parent.scope, ignored: entry.ignored === true });
  };

  const walkDir = async (task: DirTask, queue: DirTask[]): Promise<void> => {
    if (stopped) return;
    let listed: Listing;
    try {
      listed = await listDirectory(task.abs, maxFiles * 2);
    } catch (e) {
      problem('unreadable', task.rel, `directory: ${describeFsError(e)}`);
      return;
    }
    if (listed.truncated) {
      problem(
        'limit-reached',
        task.rel,
        `directory has over ${maxFiles * 2} entries; the rest were not read`,
      );
    }
    // Two invalid names can decode to the same string (or to a valid name's); only one keeps the path.
    let taken: Set<string> | undefined;
    const entries: Entry[] = [];
    for (const d of listed.entries) {
      let name: string;
      let abs: string | Buffer;
      let unsafe: string | undefined;
      if (typeof d.name === 'string') {
        name = d.name;
        abs =
          typeof task.abs === 'string'
            ? `${task.abs}/${name}`
            : childAbs(task.abs, name, Buffer.from(name), true);
        unsafe = unsafeNameReason({ name, exact: true });
      } else {
        const decoded = decodeName(d.name);
        name = decoded.name;
        abs = childAbs(task.abs, name, d.name, decoded.exact);
        unsafe = unsafeNameReason(decoded);
        if (!decoded.exact) {
          taken ??= new Set(
            listed.entries
              .map((o) => decodeName(o.name as Buffer))
              .filter((o) => o.exact)
              .map((o) => o.name),
          );
          if (taken.has(name)) {
            problem(
              'unsafe-name',
              joinRel(task.rel, name),
              'another entry has the same name once invalid bytes are replaced; skipped',
            );
            continue;
          }
          taken.add(name);
        }
      }
      entries.push({ name, rel: joinRel(task.rel, name), abs, dirent: d, unsafe });
    }

    let scope = task.scope;
    if (useGitignore) {
      const gitignore = entries.find((e) => e.name === '.gitignore' && e.dirent.isFile());
      if (gitignore) {
        const read = await readGitignore(rootBytes, gitignore.abs);
        if (read.text !== undefined) scope = scopeFromText(task.rel, read.text, scope);
        if (read.problem) problem(read.problem.kind, gitignore.rel, read.problem.detail);
      }
    }
    const here: DirTask = { ...task, scope };

    const verdicts = entries.map((e) =>
      isUnknownType(e.dirent) ? 'keep' : verdict(e, e.dirent.isDirectory(), here),
    );
    const tracked = verdicts.includes('ignored') ? await trackedInfo() : undefined;
    const toStat: Entry[] = [];
    entries.forEach((entry, i) => {
      const d = entry.dirent;
      // The file system did not say what it is (DT_UNKNOWN): lstat decides below.
      if (isUnknownType(d)) toStat.push(entry);
      else if (!kept(entry, d.isDirectory(), verdicts[i]!, tracked)) return;
      else if (d.isDirectory()) enqueueDir(entry, here, queue);
      else if (d.isFile() || d.isSymbolicLink()) toStat.push(entry);
      else problem('special-file', entry.rel, 'FIFO, socket or device; not opened');
    });
    const links: Entry[] = [];
    for (const entry of toStat) {
      if (stopped) break;
      let st: Stats;
      try {
        // Synchronous on purpose: thousands of small async stats queue behind each other in the
        // 4-thread pool and made the walk three times slower (measured); so are directory reads
        // (listDirectory), except for huge directories, which are streamed.
        st = lstatSync(entry.abs);
      } catch (e) {
        problem('unreadable', entry.rel, describeFsError(e));
        continue;
      }
      if (isUnknownType(entry.dirent)) {
        const v = verdict(entry, st.isDirectory(), here);
        if (!kept(entry, st.isDirectory(), v, v === 'ignored' ? await trackedInfo() : undefined)) continue;
      }
      if (st.isFile()) addFile(entry.rel, entry.abs, st.size, { dev: st.dev, ino: st.ino });
      else if (st.isSymbolicLink()) links.push(entry);
      else if (st.isDirectory()) enqueueDir(entry, here, queue);
      else problem('special-file', entry.rel, 'FIFO, socket or device; not opened');
    }
    await Promise.all(links.map((entry) => resolveSymlink(entry, here)));
  };

  const queue: DirTask[] = [{ rel: '', abs: rootAbs, scope: rootScope, ignored: false }];
  await new Promise<void>((resolve, reject) => {
    let active = 0;
    const pump = () => {
      while (active < DIR_CONCURRENCY && queue.length > 0) {
        const task = queue.pop()!;
        active++;
        walkDir(task, queue).then(() => {
          active--;
          if (queue.length === 0 && active === 0) resolve();
          else pump();
        }, reject);
      }
    };
    pump();
  });

  files.sort((a, b) => compareCodeUnits(a.path, b.path));
  problems.sort((a, b) => compareCodeUnits(a.path, b.path) || compareCodeUnits(a.kind, b.kind));
  options.onProgress?.(files.length);
  const git: GitFacts = gitPromise
    ? await gitPromise
    : { recentCommitDates: [], note: 'git not read: nothing gitignored needed its tracked files' };

  return makeInventory({
    rootAbs,
    rootBytes,
    rootName: rootName.name,
    files,
    dirs,
    problems,
    git,
    rawPaths,
    identities,
    maxFileBytes,
  });
}

async function linkText(abs: string | Buffer): Promise<string> {
  try {
    return JSON.stringify((await readlink(abs, { encoding: 'buffer' })).toString('utf8'));
  } catch {
    return 'an unreadable target';
  }
}

/** Reads a .gitignore-style file; a missing file is no rules and no problem. */
async function readGitignore(
  rootBytes: Buffer,
  abs: string | Buffer,
): Promise<{ text?: string; problem?: { kind: InventoryProblemKind; detail: string } }> {
  try {
    const st = await lstat(abs);
    // Like git, a .gitignore that is a symlink is not read (it could point anywhere).
    if (!st.isFile()) return {};
    const maxBytes = limitFor('gitignore');
    const read = await readInsideRoot(rootBytes, abs, '.gitignore', maxBytes, Number.MAX_SAFE_INTEGER);
    const text = read.bytes.toString('utf8');
    if (read.size > maxBytes) {
      // Cut at the last complete line so no half pattern is applied.
      return {
        text: text.slice(0, text.lastIndexOf('\n') + 1),
        problem: {
          kind: 'too-large',
          detail: `.gitignore is ${read.size} bytes; only the first ${maxBytes} bytes of rules are applied`,
        },
      };
    }
    return { text };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return {};
    return { problem: { kind: 'unreadable', detail: `ignore rules not applied: ${describeFsError(e)}` } };
  }
}

interface InventoryParts {
  rootAbs: string | Buffer;
  rootBytes: Buffer;
  rootName: string;
  files: InventoryFile[];
  dirs: Set<string>;
  problems: InventoryProblem[];
  git: GitFacts;
  rawPaths: Map<string, Buffer>;
  identities: Map<string, FileIdentity>;
  maxFileBytes: number;
}

function makeInventory(parts: InventoryParts): WalkedInventory {
  const { rootAbs, rootBytes, files, rawPaths, identities, maxFileBytes } = parts;
  const byPath = new Map<string, InventoryFile>();
  for (const f of files) byPath.set(f.path, f);
  // Base-name indexes are built on first use: not every command looks files up by name.
  let names: { exact: Map<string, InventoryFile[]>; lower: Map<string, InventoryFile[]> } | undefined;
  const nameIndex = () => {
    if (names) return names;
    names = { exact: new Map(), lower: new Map() };
    const push = (map: Map<string, InventoryFile[]>, key: string, f: InventoryFile) => {
      const list = map.get(key);
      if (list) list.push(f);
      else map.set(key, [f]);
    };
    for (const f of files) {
      const base = f.path.slice(f.path.lastIndexOf('/') + 1);
      push(names.exact, base, f);
      push(names.lower, base.toLowerCase(), f);
    }
    return names;
  };
  /** Sniff results for paths read that are not in the inventory (gitignored, excluded). */
  const binaryElsewhere = new Map<string, boolean>();

  /** The absolute path to open for a relative one, after checking it is well formed. */
  const absoluteOf = (path: string): string | Buffer => {
    const bad = relativePathError(path);
    if (bad) throw new Error(`refusing to read: ${bad}`);
    return (
      rawPaths.get(path) ??
      (typeof rootAbs === 'string' ? `${rootAbs}/${path}` : Buffer.concat([rootAbs, Buffer.from(`/${path}`)]))
    );
  };

  const read = async (path: string, maxBytes: number | undefined, sniffOnly = false): Promise<Buffer> => {
    const abs = absoluteOf(path);
    const limit = Math.max(0, Math.min(maxBytes ?? maxFileBytes, maxFileBytes));
    // Sniffing reads 8 KiB at most, so a file too large to read can still be classified.
    const sizeLimit = sniffOnly ? Number.POSITIVE_INFINITY : maxFileBytes;
    const { bytes, size } = await readInsideRoot(
      rootBytes,
      abs,
      JSON.stringify(path),
      limit,
      sizeLimit,
      identities.get(path),
    );
    // Sniff when the whole head of the file was read, so a short read never decides.
    if (bytes.length >= Math.min(SNIFF_BYTES, size)) {
      const file = byPath.get(path);
      const binary = looksBinary(bytes);
      if (file) file.binary ??= binary;
      else binaryElsewhere.set(path, binary);
    }
    return bytes;
  };

  return {
    root: parts.rootName,
    files,
    dirs: parts.dirs,
    problems: parts.problems,
    git: parts.git,
    has: (path) => byPath.has(path),
    get: (path) => byPath.get(path),
    byName: (name, opts) => {
      const index = nameIndex();
      return [...((opts?.ci ? index.lower.get(name.toLowerCase()) : index.exact.get(name)) ?? [])];
    },
    readBytes: (path, maxBytes) => read(path, maxBytes),
    readHead: (path, maxBytes) => read(path, maxBytes, true),
    identity: (path) => identities.get(path),
    sha256: async (path) => (await hashInsideRoot(rootBytes, absoluteOf(path), JSON.stringify(path))).sha256,
    readText: async (path, maxBytes) => {
      const bytes = await read(path, maxBytes);
      // A UTF-8 byte order mark is not content (it would break JSON.parse, for one).
      const start = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
      return bytes.toString('utf8', start);
    },
    isBinary: async (path) => {
      const known = byPath.get(path)?.binary ?? binaryElsewhere.get(path);
      if (known !== undefined) return known;
      await read(path, SNIFF_BYTES, true);
      return byPath.get(path)?.binary ?? binaryElsewhere.get(path) ?? false;
    },
  };
}
