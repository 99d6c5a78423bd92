/**
 * vouch.yaml `repositories:` for a command that reads the whole product: resolved (local folders
 * checked, URLs cloned or refreshed unless offline) before the work, every problem printed at its
 * vouch.yaml entry, exit 2 when any.
 */
import { join } from 'node:path';
import { formatManifestError, MANIFEST_FILE, type ManifestResult } from '../manifest/load.js';
import type { ProductRepository } from '../repository/product-repositories.js';
import { oneLine } from '../util/text.js';
import { shownDir } from './config-gate.js';
import { EXIT } from './exit-codes.js';
import type { CliIO } from './io.js';

/**
 * The product's repositories, the primary first; undefined (exit code 2 set) after printing the
 * problems. No manifest (no vouch.yaml): the primary alone.
 */
export async function productRepositories(
  io: CliIO,
  root: string,
  { manifest, positions }: Pick<ManifestResult, 'manifest' | 'positions'>,
  online: boolean,
): Promise<ProductRepository[] | undefined> {
  const { resolveRepositories } = await import('../repository/product-repositories.js');
  const dir = shownDir(root);
  const resolved = await resolveRepositories(root, manifest, {
    online,
    manifestFile: dir ? join(dir, MANIFEST_FILE) : MANIFEST_FILE,
    positions,
  });
  for (const e of resolved.errors) io.err(`vouch: error: ${formatManifestError(e)}\n`);
  if (resolved.errors.length > 0) {
    io.err(
      `vouch: ${resolved.errors.length} repository entr${resolved.errors.length === 1 ? 'y' : 'ies'} in vouch.yaml cannot be read; fix them or remove them\n`,
    );
    process.exitCode = EXIT.usage;
    return undefined;
  }
  for (const r of resolved.repositories) if (r.note) io.err(`vouch: ${oneLine(r.note, 300)}\n`);
  return resolved.repositories;
}
