/**
 * The check every command that reads vouch.yaml makes first: an invalid vouch.yaml or vouch.lock
 * stops it with exit 2 and every problem on stderr, whatever --format says.
 */
import { stat } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { type ConfigCheck, checkConfig } from '../app/config-check.js';
import { formatManifestError, MANIFEST_FILE } from '../manifest/load.js';
import { findRepositoryRoot } from '../repository/root.js';
import { oneLine } from '../util/text.js';
import { EXIT } from './exit-codes.js';
import type { CliIO } from './io.js';

/**
 * The absolute repository root, or undefined (exit 2, said on stderr) when it is no directory.
 * Without a path, the repository holding the current folder, found like git finds its work tree
 * (src/repository/root.ts); the root used is said on stderr when it is not the current folder.
 */
export async function repositoryRoot(io: CliIO, path: string | undefined): Promise<string | undefined> {
  const root = await findRoot(io, path);
  if (!root) process.exitCode = EXIT.usage;
  return root;
}

/** repositoryRoot for commands that return their exit code. */
export async function findRoot(io: CliIO, path: string | undefined): Promise<string | undefined> {
  const given = resolve(path ?? '.');
  const isDir = await stat(given).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isDir) {
    io.err(`vouch: ${oneLine(given)}: no such directory\n`);
    return undefined;
  }
  if (path !== undefined) return given;
  const found = findRepositoryRoot(given, MANIFEST_FILE);
  if (found.root !== given)
    io.err(
      `vouch: using ${oneLine(found.root)} (the folder above with ${found.marker}), not only this folder\n`,
    );
  return found.root;
}

/** The repository as the user can find it from here, for file:line:column messages. */
export function shownDir(root: string): string {
  return relative(process.cwd(), root);
}

export function printConfigProblems(io: CliIO, check: ConfigCheck, placeholdersAreErrors: boolean): void {
  for (const e of check.errors) io.err(`vouch: error: ${formatManifestError(e)}\n`);
  const level = placeholdersAreErrors ? 'error' : 'warning';
  for (const w of check.warnings) io.err(`vouch: ${level}: ${formatManifestError(w)}\n`);
}

/**
 * True when the command may go on. With `placeholdersAreErrors` (CI: --fail-on), a `CHANGE ME`
 * left in vouch.yaml also stops it.
 */
export async function configGate(
  io: CliIO,
  root: string,
  placeholdersAreErrors = false,
): Promise<{ ok: boolean; check: ConfigCheck }> {
  const check = await checkConfig(root, shownDir(root));
  printConfigProblems(io, check, placeholdersAreErrors);
  const blocked = check.errors.length > 0 || (placeholdersAreErrors && check.warnings.length > 0);
  if (blocked) {
    io.err(
      `vouch: ${check.errors.length + (placeholdersAreErrors ? check.warnings.length : 0)} problem(s) in the configuration; fix them (\`vouch config check\` lists them again)\n`,
    );
    process.exitCode = EXIT.usage;
  }
  return { ok: !blocked, check };
}
