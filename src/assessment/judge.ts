/**
 * Findings and attestations become verdicts. The rules, in order:
 * 1. A requirement outside the vendor's (or the product's AI) roles is not-applicable.
 * 2. A person's valid not-applicable attestation makes it not-applicable.
 * 3. An observed failure makes it not-met, whatever was attested (the conflict is stated).
 * 4. Otherwise a valid attestation decides it (basis: attested).
 * 5. Otherwise mapped checks that all pass make a fully automatable claim met, and a partly
 *    automatable one partial (a person must attest the rest).
 * 6. Otherwise it is unknown, with the reason: no check exists, or the checks could not see.
 * A principle is met only when every applicable requirement is met (NCSC's rule); AI CoP
 * "should" provisions are recommendations and never make a principle not-met.
 */
import type { AiRole, Catalogue, Code, Requirement, VendorRole } from '../catalogue/types.js';
import type { Finding } from '../probes/types.js';
import type { Basis, CodeResult, Evidence, PrincipleResult, RequirementResult, Verdict } from './types.js';

export interface ResolvedAttestation {
  status: 'met' | 'not-met' | 'partial' | 'not-applicable';
  statement: string;
  owner: string;
  reviewed?: string;
  expires: string;
  /** Set when the attestation was written for this whole principle, not the claim itself. */
  principle?: string;
  evidence: Evidence[];
}

export interface JudgeInput {
  catalogue: Catalogue;
  /** Unsuppressed findings. */
  findings: Finding[];
  /** Valid (unexpired, evidence intact) attestations by requirement id. */
  attestations: Map<string, ResolvedAttestation>;
  /** Why an attestation written for a claim does not count, by claim id: said in its verdict. */
  lostAttestations?: Map<string, string>;
  vendorRole: VendorRole;
  ai: { declared: boolean; roles: AiRole[]; detected: boolean };
}

/** SSCoP Table 1: which themes a vendor role answers for. */
const themesByRole: Record<VendorRole, Set<string>> = {
  'developer-and-distributor': new Set(['1', '2', '3', '4']),
  reseller: new Set(['3', '4']),
  // Theme 3 applies to developers "where within their responsibility": assessed unless attested away.
  'developer-only': new Set(['1', '2', '3']),
};

const emptyCounts = (): Record<Verdict, number> => ({
  met: 0,
  'not-met': 0,
  partial: 0,
  unknown: 0,
  'not-applicable': 0,
});

function findingsFor(req: Requirement, byRule: Map<string, Finding[]>): Map<string, Finding[]> {
  const out = new Map<string, Finding[]>();
  for (const probe of req.probes) {
    const list = byRule.get(probe) ?? [];
    out.set(probe, list);
  }
  return out;
}

function findingEvidence(f: Finding): Evidence {
  return {
    kind: 'finding',
    rule: f.rule,
    outcome: f.outcome,
    fingerprint: f.fingerprint,
    message: f.message,
  };
}

function result(
  req: Requirement,
  verdict: Verdict,
  basis: Basis,
  reason: string,
  evidence: Evidence[],
  findings: Finding[],
): RequirementResult {
  return {
    id: req.id,
    number: req.number,
    kind: req.kind,
    strength: req.strength,
    title: req.text,
    verdict,
    basis,
    reason,
    ...(req.strength === 'should' ? { recommendation: true } : {}),
    evidence,
    findings: findings.map((f) => f.fingerprint),
  };
}

function attestationEvidence(a: ResolvedAttestation): Evidence[] {
  return [
    {
      kind: 'attestation',
      owner: a.owner,
      statement: a.statement,
      expires: a.expires,
      ...(a.reviewed ? { reviewed: a.reviewed } : {}),
    },
    ...a.evidence,
  ];
}

export function judgeRequirement(
  req: Requirement,
  byRule: Map<string, Finding[]>,
  attestation: ResolvedAttestation | undefined,
  notApplicableBecause: string | undefined,
): RequirementResult {
  if (notApplicableBecause) return result(req, 'not-applicable', 'none', notApplicableBecause, [], []);
  if (attestation?.status === 'not-applicable') {
    return result(
      req,
      'not-applicable',
      'attested',
      `${attestation.owner} attests it does not apply: ${attestation.statement}`,
      attestationEvidence(attestation),
      [],
    );
  }
  const perProbe = findingsFor(req, byRule);
  const all = [...perProbe.values()].flat();
  const failing = all.filter((f) => f.outcome === 'fail');
  const observed = all.filter((f) => f.outcome !== 'not-applicable').map(findingEvidence);
  if (failing.length > 0) {
    const rules = [...new Set(failing.map((f) => f.rule))].join(', ');
    const conflict =
      attestation && attestation.status !== 'not-met'
        ? `; ${attestation.owner} attested "${attestation.status}", but the checks contradict it`
        : '';
    return result(req, 'not-met', 'observed', `failing checks: ${rules}${conflict}`, observed, all);
  }
  if (attestation) {
    return result(
      req,
      attestation.status,
      'attested',
      `attested by ${attestation.owner}${attestation.principle ? ` for the whole principle ${attestation.principle}` : ''} (expires ${attestation.expires})`,
      [...attestationEvidence(attestation), ...observed],
      all,
    );
  }
  if (req.probes.length === 0) {
    const why =
      req.automatable === 'none'
        ? 'no automated check can decide this; a person must attest it in vouch.yaml'
        : 'no automated check covers this yet; attest it in vouch.yaml';
    return result(req, 'unknown', 'none', why, [], []);
  }
  const passed: string[] = [];
  const blind: string[] = [];
  // A check with nothing to check here (no security.txt to validate) leaves no gap in a claim
  // other checks pass; it decides nothing on its own.
  const inapplicable: string[] = [];
  for (const [probe, fs] of perProbe) {
    // Observations are information: they neither pass nor fail a check.
    const relevant = fs.filter((f) => f.outcome !== 'not-applicable' && f.outcome !== 'observation');
    if (fs.length === 0) {
      blind.push(`${probe} did not run`);
    } else if (relevant.length === 0) {
      inapplicable.push(`${probe} does not apply to this repository`);
    } else if (relevant.every((f) => f.outcome === 'pass')) {
      passed.push(probe);
    } else {
      const f = relevant.find((x) => x.outcome !== 'pass');
      blind.push(`${probe} could not see (${f?.outcome}: ${f?.message})`);
    }
  }
  if (passed.length === 0) {
    return result(
      req,
      'unknown',
      'none',
      `not observable: ${[...blind, ...inapplicable].join('; ')}`,
      observed,
      all,
    );
  }
  const aside = inapplicable.length > 0 ? ` (${inapplicable.join('; ')})` : '';
  if (blind.length === 0 && req.automatable === 'full') {
    return result(req, 'met', 'observed', `checks pass: ${passed.join(', ')}${aside}`, observed, all);
  }
  const rest = blind.length > 0 ? `; ${blind.join('; ')}` : '';
  return result(
    req,
    'partial',
    'observed',
    `checks pass: ${passed.join(', ')}${aside}${rest}; the rest needs a person's attestation in vouch.yaml`,
    observed,
    all,
  );
}

/** NCSC: a principle is met only when every claim is. Should-provisions never fail a principle. */
export function principleVerdict(reqs: RequirementResult[]): Verdict {
  const applicable = reqs.filter((r) => r.verdict !== 'not-applicable');
  if (applicable.length === 0) return 'not-applicable';
  const binding = applicable.filter((r) => r.strength === 'shall');
  const considered = binding.length > 0 ? binding : applicable;
  const verdicts = considered.map((r) =>
    r.strength === 'should' && r.verdict === 'not-met' ? 'partial' : r.verdict,
  );
  if (verdicts.every((v) => v === 'met')) return 'met';
  if (verdicts.includes('not-met')) return 'not-met';
  if (verdicts.some((v) => v === 'met' || v === 'partial')) return 'partial';
  return 'unknown';
}

function roleReason(
  code: Code,
  themeOrPhase: string,
  req: Requirement,
  input: JudgeInput,
): string | undefined {
  if (code.id === 'sscop') {
    return themesByRole[input.vendorRole].has(themeOrPhase)
      ? undefined
      : `theme ${themeOrPhase} does not apply to a ${input.vendorRole} (SSCoP Table 1)`;
  }
  const roles = req.roles ?? [];
  if (roles.length === 0 || roles.some((r) => input.ai.roles.includes(r))) return undefined;
  return `addressed to ${roles.join(', ')}; the product declares the AI roles ${input.ai.roles.join(', ') || 'none'}`;
}

export function judge(input: JudgeInput): CodeResult[] {
  const byRule = new Map<string, Finding[]>();
  for (const f of input.findings) {
    // "<probe>/<sub>" findings count for "<probe>".
    const probe = f.rule.includes('/') ? f.rule.slice(0, f.rule.indexOf('/')) : f.rule;
    for (const key of new Set([probe, f.rule])) {
      const list = byRule.get(key) ?? [];
      list.push(f);
      byRule.set(key, list);
    }
  }
  return input.catalogue.codes.map((code) => {
    const aiApplies = code.id !== 'aicop' || input.ai.declared;
    const codeReason =
      code.id === 'aicop' && !input.ai.declared
        ? input.ai.detected
          ? 'vouch.yaml declares no AI, but AI use was detected (see finding ai-use-undeclared): declare ai.uses and ai.roles'
          : 'vouch.yaml declares no AI use and none was detected'
        : undefined;
    const counts = emptyCounts();
    const principles: PrincipleResult[] = code.principles.map((p) => {
      const requirements = p.requirements.map((req) => {
        const na = aiApplies ? roleReason(code, p.group, req, input) : codeReason;
        const attestation = input.attestations.get(req.id);
        const r = judgeRequirement(req, byRule, attestation, na);
        const lost = attestation || na ? undefined : input.lostAttestations?.get(req.id);
        if (lost) r.reason = `${lost}; ${r.reason}`;
        counts[r.verdict]++;
        return r;
      });
      return {
        id: p.id,
        number: p.number,
        title: p.title,
        verdict: principleVerdict(requirements),
        requirements,
      };
    });
    return {
      id: code.id,
      title: code.title,
      sourceUrl: code.sourceUrl,
      applicable: aiApplies,
      ...(codeReason ? { reason: codeReason } : {}),
      principles,
      counts,
    };
  });
}
