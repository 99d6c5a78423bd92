/**
 * The two places release files come from: the repository's inventory (files committed beside
 * their signatures) and a folder given on the command line (`--release-dir`), walked with the one
 * bounded walk (no symlink out of it, no special files) and read as a stream, so an artefact of
 * any size is hashed without being held in memory.
 */
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { limitFor } from '../inventory/scope.js';
import type { Inventory } from '../inventory/types.js';
import { buildInventory } from '../inventory/walk.js';
import type { ReleaseSource } from './verify.js';

/** Release files in the repository, restricted to `paths` (the ones the collector chose). */
export function inventorySource(inventory: Inventory, paths: readonly string[]): ReleaseSource {
  const limit = limitFor('read');
  const files = paths.flatMap((p) => {
    const f = inventory.get(p);
    return f ? [{ path: f.path, size: f.size }] : [];
  });
  return {
    label: 'the repository',
    files,
    read: async (path, max) => {
      const size = inventory.get(path)?.size ?? 0;
      if (size > max) throw new Error(`${size} bytes, over the ${max}-byte limit`);
      return inventory.readBytes(path, max);
    },
    chunks: async function* (path) {
      const size = inventory.get(path)?.size ?? 0;
      if (size > limit) throw new Error(`${size} bytes, over the ${limit}-byte read limit`);
      yield await inventory.readBytes(path, limit);
    },
  };
}

/** Files listed in a release folder; the listing stops here, artefacts are streamed. */
const MAX_RELEASE_FILES = 10_000;
/** Largest artefact hashed: a release image of tens of GiB is out of an assessment's time budget. */
const MAX_ARTEFACT_BYTES = 16 * 1024 ** 3;

export async function folderSource(dir: string): Promise<ReleaseSource> {
  const inventory = await buildInventory(dir, {
    readGit: false,
    useGitignore: false,
    maxFiles: MAX_RELEASE_FILES,
    maxFileBytes: MAX_ARTEFACT_BYTES,
  });
  return {
    label: `the release folder ${dir}`,
    files: inventory.files.map((f) => ({ path: f.path, size: f.size })),
    read: async (path, max) => {
      const size = inventory.get(path)?.size ?? 0;
      if (size > max) throw new Error(`${size} bytes, over the ${max}-byte limit`);
      return inventory.readBytes(path, max);
    },
    chunks: (path) => createReadStream(join(inventory.root, path), { end: MAX_ARTEFACT_BYTES }),
  };
}
