/**
 * The check every command that reads vouch.yaml makes first: an invalid vouch.yaml or vouch.lock
 * stops it with exit 2 and every problem on stderr, whatever --format says.
 */
import { relative } from 'node:path';
import { type ConfigCheck, checkConfig } from '../app/config-check.js';
import { formatManifestError } from '../manifest/load.js';
import { EXIT } from './exit-codes.js';
import type { CliIO } from './io.js';

export { findRoot, repositoryRoot } from './paths.js';

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
