/**
 * The paths a user names on the command line, checked before any work with a message that says
 * what to do instead: a repository folder (not a file, not a URL), and an output file whose folder
 * exists. All are usage errors (exit 2).
 */
import { stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { MANIFEST_FILE } from '../manifest/file-name.js';
import { findRepositoryRoot } from '../repository/root.js';
import { oneLine } from '../util/text.js';
import { EXIT } from './exit-codes.js';
import type { CliIO } from './io.js';

/** A remote address rather than a local folder: scheme://..., or git's user@host:path form. */
const REMOTE = /^(?:[a-z][a-z0-9+.-]*:\/\/|[\w.-]+@[\w.-]+:)/i;

async function kindOf(path: string): Promise<'dir' | 'file' | 'missing'> {
  return stat(path).then(
    (s) => (s.isDirectory() ? 'dir' : 'file'),
    () => 'missing' as const,
  );
}

/**
 * The repository folder `path` names, or undefined after saying why not. Without a path, the
 * repository holding the current folder, found as git finds its work tree (src/repository/root.ts);
 * the root used is said on stderr when it is not the current folder.
 */
export async function findRoot(
  io: CliIO,
  path: string | undefined,
  command = 'assess',
): Promise<string | undefined> {
  const root = resolve(path ?? '.');
  const kind = await kindOf(root);
  if (kind === 'dir') {
    if (path !== undefined) return root;
    const found = findRepositoryRoot(root, MANIFEST_FILE);
    if (found.root !== root)
      io.err(
        `vouch: using ${oneLine(found.root)} (the folder above with ${found.marker}), not only this folder\n`,
      );
    return found.root;
  }
  const shown = oneLine(path ?? '.', 200);
  if (path !== undefined && REMOTE.test(path) && kind === 'missing')
    io.err(
      `vouch: ${shown} is a remote address; vouch reads a local checkout: git clone ${shown} repo && vouch ${command} repo (clone it first; to assess it with this product, list it under repositories: in vouch.yaml)\n`,
    );
  else if (kind === 'file')
    io.err(
      `vouch: ${shown} is a file, not a folder; give the repository's folder, e.g. vouch ${command} ${oneLine(dirname(path ?? '.'), 200)}\n`,
    );
  else
    io.err(
      `vouch: ${oneLine(root, 200)}: no such directory; give the folder of a repository checkout (default: the current folder)\n`,
    );
  return undefined;
}

/** findRoot for commands that signal through process.exitCode: exit 2 when there is no root. */
export async function repositoryRoot(
  io: CliIO,
  path: string | undefined,
  command = 'assess',
): Promise<string | undefined> {
  const root = await findRoot(io, path, command);
  if (!root) process.exitCode = EXIT.usage;
  return root;
}

/**
 * Whether `file` can be written, before the work that produces it: its folder exists and it is not
 * itself a folder. Says what to do and sets exit code 2 when not.
 */
export async function outputWritable(io: CliIO, file: string): Promise<boolean> {
  const target = resolve(file);
  const folder = dirname(target);
  const [self, parent] = await Promise.all([kindOf(target), kindOf(folder)]);
  const shown = oneLine(file, 200);
  let problem: string | undefined;
  if (self === 'dir')
    problem = `--output ${shown} is a folder; name a file in it, e.g. ${oneLine(`${file.replace(/\/+$/, '')}/report`, 200)}`;
  else if (parent === 'missing')
    problem = `--output ${shown}: the folder ${oneLine(folder, 200)} does not exist; create it first (mkdir -p ${oneLine(folder, 200)}) or write elsewhere`;
  else if (parent === 'file') problem = `--output ${shown}: ${oneLine(folder, 200)} is a file, not a folder`;
  if (!problem) return true;
  io.err(`vouch: ${problem}\n`);
  process.exitCode = EXIT.usage;
  return false;
}

/**
 * Writes an --output file checked earlier by outputWritable; false, with exit code 2 and a
 * message, when the write fails anyway (the folder vanished or the disk filled since).
 */
export async function writeOutput(io: CliIO, file: string, body: string): Promise<boolean> {
  try {
    await writeFile(file, body);
    return true;
  } catch (e) {
    io.err(
      `vouch: cannot write ${oneLine(file, 200)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}; check the folder exists and is writable\n`,
    );
    process.exitCode = EXIT.usage;
    return false;
  }
}
