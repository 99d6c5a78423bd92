/** Public keys from files the user named on the command line (never from the repository's say-so). */
import { readFile, stat } from 'node:fs/promises';
import { keyFromPem, type NamedKey } from './signatures.js';

/** Largest key file read. */
const MAX_KEY_BYTES = 64 * 1024;

/** PEM public keys; throws naming the file when one is missing, too large or not a key. */
export async function readKeyFiles(paths: readonly string[]): Promise<NamedKey[]> {
  const keys: NamedKey[] = [];
  for (const path of paths) {
    const s = await stat(path).catch(() => undefined);
    if (!s?.isFile() || s.size > MAX_KEY_BYTES) throw new Error(`${path} is not a key file`);
    const key = keyFromPem(await readFile(path, 'utf8'));
    if (!key) throw new Error(`${path} is not a PEM public key`);
    keys.push({ key, source: `the given key ${path}` });
  }
  return keys;
}
