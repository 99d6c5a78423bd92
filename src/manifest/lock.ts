/**
 * vouch.lock: the SHA-256 of every evidence file as it was when its attestation was reviewed,
 * written by `vouch attest --update` and committed beside vouch.yaml, like a package lockfile.
 * JSON (keys sorted, one evidence file a line) so a review shows exactly which hash moved:
 *
 *   { "lockVersion": 1,
 *     "attestations": { "sscop:1.1.2": { "docs/training.md": "<sha256>" } } }
 */
import type { z } from 'zod';
import type { Inventory } from '../inventory/types.js';
import { oneLine } from '../util/text.js';
import { lazySchema } from '../util/zod.js';
import type { ManifestError } from './load.js';

export const LOCK_FILE = 'vouch.lock';
const MAX_LOCK_BYTES = 4 * 1024 * 1024;

const lockSchema = lazySchema((z) =>
  z
    .object({
      lockVersion: z.literal(1, 'this vouch reads lockVersion 1'),
      attestations: z.record(
        z.string(),
        z.record(
          z.string(),
          z.string().regex(/^[0-9a-f]{64}$/, 'expected a SHA-256 as 64 lower-case hex digits'),
        ),
      ),
    })
    .strict(),
);

export type AttestationLock = z.infer<ReturnType<typeof lockSchema>>;

export interface LockResult {
  /** Absent when there is no vouch.lock or it is invalid. */
  lock?: AttestationLock;
  found: boolean;
  errors: ManifestError[];
}

export function parseLock(text: string, file = LOCK_FILE): LockResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return {
      found: true,
      errors: [
        {
          file,
          message: `is not JSON (${oneLine((e as Error).message, 120)}); rewrite it with \`vouch attest --update\``,
        },
      ],
    };
  }
  const parsed = lockSchema().safeParse(data);
  if (!parsed.success) {
    return {
      found: true,
      errors: parsed.error.issues.map((i) => ({
        file,
        message: `${oneLine(i.path.map(String).join('.') || 'lock')}: ${i.message}; rewrite it with \`vouch attest --update\``,
      })),
    };
  }
  return { found: true, lock: parsed.data, errors: [] };
}

/** Sorted and stable, so the same hashes always give the same bytes. */
export function serialiseLock(lock: AttestationLock): string {
  const sorted = (o: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const attestations = sorted(
    Object.fromEntries(Object.entries(lock.attestations).map(([id, files]) => [id, sorted(files)])),
  );
  return `${JSON.stringify({ lockVersion: 1, attestations }, null, 2)}\n`;
}

/** Reads vouch.lock through the inventory (bounded, root-confined). */
export async function loadLockFromInventory(inventory: Inventory, file = LOCK_FILE): Promise<LockResult> {
  const entry = inventory.get(file);
  if (!entry) return { found: false, errors: [] };
  if (entry.size > MAX_LOCK_BYTES)
    return {
      found: true,
      errors: [{ file, message: `is ${entry.size} bytes; the limit is ${MAX_LOCK_BYTES}` }],
    };
  try {
    return parseLock(await inventory.readText(file, MAX_LOCK_BYTES), file);
  } catch (e) {
    return { found: true, errors: [{ file, message: `could not be read: ${(e as Error).message}` }] };
  }
}
