/**
 * The attest use case: the SHA-256 of every evidence file each attestation cites, compared with
 * vouch.lock, and the lock that pins them as they are now (`vouch attest --update`).
 */
import { evidenceTarget, hashEvidence } from '../assessment/attestations.js';
import { buildInventory } from '../inventory/walk.js';
import { loadManifestFromInventory } from '../manifest/load.js';
import { type AttestationLock, loadLockFromInventory } from '../manifest/lock.js';

export interface EvidenceState {
  attestation: string;
  /** A repository path, or a URL (never hashed: vouch does not fetch evidence). */
  path?: string;
  url?: string;
  sha256?: string;
  /**
   * pinned: matches vouch.lock or the sha256 in vouch.yaml; changed: does not; unpinned: no hash
   * recorded; missing: the file cannot be read; url: not a file.
   */
  state: 'pinned' | 'changed' | 'unpinned' | 'missing' | 'url';
  recorded?: string;
  problem?: string;
}

export interface AttestStatus {
  evidence: EvidenceState[];
  /** The lock as it would be written now: every readable evidence file at its current hash. */
  lock: AttestationLock;
}

/** Callers check vouch.yaml first (configGate); an invalid one yields no rows. */
export async function attestStatus(root: string): Promise<AttestStatus> {
  const inventory = await buildInventory(root);
  const [manifest, current] = await Promise.all([
    loadManifestFromInventory(inventory),
    loadLockFromInventory(inventory),
  ]);
  const evidence: EvidenceState[] = [];
  const lock: AttestationLock = { lockVersion: 1, attestations: {} };
  for (const [id, a] of Object.entries(manifest.manifest?.attestations ?? {})) {
    for (const ref of a.evidence) {
      const r = evidenceTarget(ref);
      if (r.url) {
        evidence.push({ attestation: id, url: r.url, state: 'url' });
        continue;
      }
      const e = await hashEvidence(inventory, r.path ?? '');
      if (e.kind !== 'file') continue;
      if (!e.sha256) {
        evidence.push({
          attestation: id,
          path: e.path,
          state: 'missing',
          problem: e.problem ?? 'unreadable',
        });
        continue;
      }
      const recorded = r.sha256 ?? current.lock?.attestations[id]?.[e.path];
      evidence.push({
        attestation: id,
        path: e.path,
        sha256: e.sha256,
        state: !recorded ? 'unpinned' : recorded === e.sha256 ? 'pinned' : 'changed',
        ...(recorded ? { recorded } : {}),
      });
      lock.attestations[id] = { ...lock.attestations[id], [e.path]: e.sha256 };
    }
  }
  return { evidence, lock };
}
