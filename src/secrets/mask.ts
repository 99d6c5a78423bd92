/**
 * The one way a secret is shown: a short prefix and a hash, never the value. Every output
 * (text, JSON, SARIF, reports) and every message uses `maskSecret`; nothing else in vouch sees a
 * secret's value after the scanner.
 */
import { createHash } from 'node:crypto';

/** Hex digits of SHA-256 kept in the mask and used in fingerprints. */
const HASH_CHARS = 12;
const MAX_PREFIX = 4;

/** SHA-256 of the secret, shortened: identifies a secret across files without revealing it. */
export function secretHash(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex').slice(0, HASH_CHARS);
}

/**
 * At most four leading characters, and never more than a sixth of the secret, so a short
 * password shows one character or none; then the hash.
 */
export function maskSecret(secret: string): string {
  const shown = Math.min(MAX_PREFIX, Math.floor(secret.length / 6));
  // Only printable ASCII is shown: a prefix must not smuggle control characters into outputs.
  const prefix = secret.slice(0, shown).replace(/[^\x21-\x7e]/g, '?');
  return `${prefix}…[sha256:${secretHash(secret)}]`;
}

/** Stable identity of a finding: rule, path and the secret's hash; never its line. */
export function secretFingerprint(rule: string, path: string, hash: string): string {
  return createHash('sha256').update(`${rule}\u0000${path}\u0000${hash}`, 'utf8').digest('hex').slice(0, 32);
}
