/**
 * Turns vouch.yaml attestations into the ones that count today. Evidence files are hashed
 * (SHA-256) through the inventory, so the report records exactly what was vouched for.
 */
import { createHash } from 'node:crypto';
import type { Catalogue } from '../catalogue/types.js';
import { limitFor } from '../inventory/scope.js';
import type { Inventory } from '../inventory/types.js';
import type { Attestation } from '../manifest/schema.js';
import { finding } from '../probes/finding.js';
import type { Finding } from '../probes/types.js';
import type { ResolvedAttestation } from './judge.js';
import { attestationEvidence, attestationExpired, attestationUnknownId } from './manifest-rules.js';
import type { Evidence } from './types.js';

const EVIDENCE_MAX_BYTES = limitFor('evidence');

export interface AttestationOutcome {
  valid: Map<string, ResolvedAttestation>;
  findings: Finding[];
}

async function hashEvidence(inventory: Inventory, path: string): Promise<Evidence> {
  const clean = path.replace(/^\.\//, '');
  if (!inventory.has(clean)) return { kind: 'file', path: clean, problem: 'not found in the repository' };
  try {
    const bytes = await inventory.readBytes(clean, EVIDENCE_MAX_BYTES);
    return { kind: 'file', path: clean, sha256: createHash('sha256').update(bytes).digest('hex') };
  } catch (e) {
    return { kind: 'file', path: clean, problem: (e as Error).message };
  }
}

export async function resolveAttestations(
  attestations: Record<string, Attestation>,
  catalogue: Catalogue,
  inventory: Inventory,
  today: string,
  manifestFile: string,
  positions: Map<string, { line: number; column: number }>,
): Promise<AttestationOutcome> {
  const valid = new Map<string, ResolvedAttestation>();
  const findings: Finding[] = [];
  for (const [id, a] of Object.entries(attestations)) {
    const pos = positions.get(`attestations.${id}`);
    const location = { path: manifestFile, ...(pos ? { line: pos.line, column: pos.column } : {}) };
    if (!catalogue.byId.has(id) || !id.split(':')[1]?.includes('.')) {
      findings.push(
        finding(attestationUnknownId, {
          outcome: 'fail',
          message: `attestation for unknown requirement ${id}`,
          location,
          key: id,
        }),
      );
      continue;
    }
    if (a.expires < today) {
      findings.push(
        finding(attestationExpired, {
          outcome: 'fail',
          message: `attestation for ${id} by ${a.owner} expired on ${a.expires}`,
          location,
          key: id,
        }),
      );
      continue;
    }
    const evidence: Evidence[] = [];
    const problems: string[] = [];
    for (const ref of a.evidence) {
      const r = typeof ref === 'string' ? (/^https?:\/\//i.test(ref) ? { url: ref } : { path: ref }) : ref;
      if (r.url) {
        evidence.push({ kind: 'url', url: r.url });
        continue;
      }
      const e = await hashEvidence(inventory, r.path ?? '');
      evidence.push(e);
      if (e.kind !== 'file') continue;
      if (e.problem) problems.push(`${e.path}: ${e.problem}`);
      else if (r.sha256 && r.sha256 !== e.sha256) problems.push(`${e.path} changed since it was attested`);
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
      continue;
    }
    valid.set(id, {
      status: a.status,
      statement: a.statement,
      owner: a.owner,
      expires: a.expires,
      ...(a.reviewed ? { reviewed: a.reviewed } : {}),
      evidence,
    });
  }
  return { valid, findings };
}
