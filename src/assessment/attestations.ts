/**
 * Turns vouch.yaml attestations into the ones that count today. Evidence files are hashed
 * (SHA-256) through the inventory, so the report records exactly what was vouched for, and
 * compared with the hash pinned in the attestation or in vouch.lock: evidence that changed after
 * review stops the attestation counting. A principle-level attestation (sscop:3.2) stands for
 * each of the principle's claims; one written for the claim itself wins. Every claim whose
 * attestation does not count is told why.
 */
import { createHash } from 'node:crypto';
import { suggestIds } from '../catalogue/load.js';
import type { Catalogue } from '../catalogue/types.js';
import { limitFor } from '../inventory/scope.js';
import type { Inventory } from '../inventory/types.js';
import type { AttestationLock } from '../manifest/lock.js';
import type { Attestation } from '../manifest/schema.js';
import { finding } from '../probes/finding.js';
import type { Finding } from '../probes/types.js';
import type { ResolvedAttestation } from './judge.js';
import {
  attestationEvidence,
  attestationExpired,
  attestationUnknownId,
  attestationUnpinned,
} from './manifest-rules.js';
import type { Evidence } from './types.js';

const EVIDENCE_MAX_BYTES = limitFor('evidence');

export interface AttestationOutcome {
  /** The attestation that counts, by claim id. */
  valid: Map<string, ResolvedAttestation>;
  /** Why the attestation written for a claim (or its principle) does not count, by claim id. */
  lost: Map<string, string>;
  findings: Finding[];
}

/** A file's SHA-256 through the inventory, or the problem reading it. */
export async function hashEvidence(inventory: Inventory, path: string): Promise<Evidence> {
  const clean = path.replace(/^\.\//, '');
  if (!inventory.has(clean)) return { kind: 'file', path: clean, problem: 'not found in the repository' };
  try {
    const bytes = await inventory.readBytes(clean, EVIDENCE_MAX_BYTES);
    return { kind: 'file', path: clean, sha256: createHash('sha256').update(bytes).digest('hex') };
  } catch (e) {
    return { kind: 'file', path: clean, problem: (e as Error).message };
  }
}

/** An evidence entry as written: a string is a URL when it looks like one, else a path. */
export function evidenceTarget(ref: Attestation['evidence'][number]): {
  path?: string;
  url?: string;
  sha256?: string;
} {
  return typeof ref === 'string' ? (/^https?:\/\//i.test(ref) ? { url: ref } : { path: ref }) : ref;
}

/** The claims an attestation id stands for: itself, or every claim of a principle. */
function claimsFor(id: string, catalogue: Catalogue): { claims: string[]; principle?: string } | undefined {
  const entry = catalogue.byId.get(id);
  if (!entry) return undefined;
  if ('requirements' in entry) return { claims: entry.requirements.map((r) => r.id), principle: id };
  return { claims: [id] };
}

export async function resolveAttestations(
  attestations: Record<string, Attestation>,
  catalogue: Catalogue,
  inventory: Inventory,
  today: string,
  manifestFile: string,
  positions: Map<string, { line: number; column: number }>,
  lock?: AttestationLock,
): Promise<AttestationOutcome> {
  const byClaim = new Map<string, ResolvedAttestation>();
  const byPrinciple = new Map<string, ResolvedAttestation>();
  const lost = new Map<string, string>();
  const findings: Finding[] = [];
  for (const [id, a] of Object.entries(attestations)) {
    const pos = positions.get(`attestations.${id}`);
    const location = { path: manifestFile, ...(pos ? { line: pos.line, column: pos.column } : {}) };
    const scope = claimsFor(id, catalogue);
    if (!scope || scope.claims.length === 0) {
      const near = suggestIds(id, 3);
      findings.push(
        finding(attestationUnknownId, {
          outcome: 'fail',
          message: `attestation for unknown requirement ${id}${near.length ? `; did you mean ${near.join(', ')}?` : ''}`,
          location,
          key: id,
        }),
      );
      continue;
    }
    const loseAll = (why: string) => {
      const what = scope.principle ? `the attestation of principle ${id}` : 'the attestation';
      for (const claim of scope.claims)
        if (!lost.has(claim)) lost.set(claim, `${what} in vouch.yaml does not count: ${why}`);
    };
    if (a.expires < today) {
      findings.push(
        finding(attestationExpired, {
          outcome: 'fail',
          message: `attestation for ${id} by ${a.owner} expired on ${a.expires}`,
          location,
          key: id,
        }),
      );
      loseAll(`it expired on ${a.expires}`);
      continue;
    }
    const evidence: Evidence[] = [];
    const problems: string[] = [];
    const unpinned: string[] = [];
    for (const ref of a.evidence) {
      const r = evidenceTarget(ref);
      if (r.url) {
        evidence.push({ kind: 'url', url: r.url });
        continue;
      }
      const e = await hashEvidence(inventory, r.path ?? '');
      evidence.push(e);
      if (e.kind !== 'file') continue;
      if (e.problem || !e.sha256) {
        problems.push(`${e.path}: ${e.problem ?? 'unreadable'}`);
        continue;
      }
      const pinned = r.sha256 ?? lock?.attestations[id]?.[e.path];
      const where = r.sha256 ? 'vouch.yaml pins' : 'vouch.lock has';
      if (!pinned) unpinned.push(e.path);
      else if (pinned !== e.sha256)
        problems.push(
          `${e.path} changed since it was reviewed (${where} ${pinned.slice(0, 12)}…, it is now ${e.sha256.slice(0, 12)}…)`,
        );
    }
    if (problems.length > 0) {
      findings.push(
        finding(attestationEvidence, {
          outcome: 'fail',
          message: `attestation for ${id} does not count: ${problems.join('; ')}`,
          location,
          key: id,
        }),
      );
      loseAll(problems.join('; '));
      continue;
    }
    if (unpinned.length > 0) {
      findings.push(
        finding(attestationUnpinned, {
          outcome: 'fail',
          message: `attestation for ${id} cites evidence no hash pins, so a later change would go unseen: ${unpinned.join(', ')}`,
          location,
          key: id,
        }),
      );
    }
    const resolved: ResolvedAttestation = {
      status: a.status,
      statement: a.statement,
      owner: a.owner,
      expires: a.expires,
      ...(a.reviewed ? { reviewed: a.reviewed } : {}),
      ...(scope.principle ? { principle: scope.principle } : {}),
      evidence,
    };
    for (const claim of scope.claims) (scope.principle ? byPrinciple : byClaim).set(claim, resolved);
  }
  // A claim's own attestation is the more specific statement; the principle's fills the rest.
  const valid = new Map(byPrinciple);
  for (const [claim, a] of byClaim) valid.set(claim, a);
  return { valid, lost, findings };
}
