/**
 * Checks vouch.yaml and vouch.lock before any work, straight from the repository root (no
 * walk), so a command can refuse an invalid file at once instead of assuming defaults.
 */
import { lstat, realpath } from 'node:fs/promises';
import { join } from 'node:path';
import { readInsideRoot } from '../inventory/read.js';
import {
  MANIFEST_FILE,
  MAX_MANIFEST_BYTES,
  type ManifestError,
  type ManifestResult,
  parseManifest,
} from '../manifest/load.js';
import { LOCK_FILE, type LockResult, parseLock } from '../manifest/lock.js';

export interface ConfigCheck {
  manifest: ManifestResult;
  lock: LockResult;
  /** Every error in either file; the configuration is usable only when this is empty. */
  errors: ManifestError[];
  /** Placeholders still in vouch.yaml: errors where the caller says so (CI), warnings otherwise. */
  warnings: ManifestError[];
}

async function readText(
  root: string,
  name: string,
  shown: string,
  maxBytes: number,
): Promise<string | undefined> {
  const path = join(root, name);
  const exists = await lstat(path).then(
    () => true,
    () => false,
  );
  if (!exists) return undefined;
  const rootReal = await realpath(root, { encoding: 'buffer' });
  const { bytes } = await readInsideRoot(rootReal, path, shown, maxBytes, maxBytes);
  return bytes.toString('utf8');
}

/**
 * `shownDir` prefixes file names in messages (the repository as the user named it), so an
 * editor can jump to them; empty for the repository root itself.
 */
export async function checkConfig(root: string, shownDir = ''): Promise<ConfigCheck> {
  const manifestName = shownDir ? join(shownDir, MANIFEST_FILE) : MANIFEST_FILE;
  const lockName = shownDir ? join(shownDir, LOCK_FILE) : LOCK_FILE;
  let manifest: ManifestResult;
  try {
    const text = await readText(root, MANIFEST_FILE, manifestName, MAX_MANIFEST_BYTES);
    manifest =
      text === undefined
        ? { found: false, errors: [], positions: new Map() }
        : parseManifest(text, manifestName);
  } catch (e) {
    manifest = {
      found: true,
      errors: [{ file: manifestName, message: (e as Error).message }],
      positions: new Map(),
    };
  }
  let lock: LockResult;
  try {
    const text = await readText(root, LOCK_FILE, lockName, 4 * 1024 * 1024);
    lock = text === undefined ? { found: false, errors: [] } : parseLock(text, lockName);
  } catch (e) {
    lock = { found: true, errors: [{ file: lockName, message: (e as Error).message }] };
  }
  return { manifest, lock, errors: [...manifest.errors, ...lock.errors], warnings: manifest.warnings ?? [] };
}
