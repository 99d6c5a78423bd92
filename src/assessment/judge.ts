/**
 * Findings and attestations become verdicts, reading only each requirement's evidence rule
 * (catalogue/evidence.yaml). The rules, in order:
 * 1. A requirement outside the vendor's (or the product's AI) roles is not-applicable.
 * 2. A person's valid not-applicable attestation makes it not-applicable.
 * 3. A failure of a refuting check at medium severity or more makes it not-met, whatever was
 *    attested (the conflict is stated).
 * 4. Otherwise a valid attestation decides it (basis: attested); a low-severity refuting failure
 *    caps an attested "met" at partial.
 * 5. Otherwise, when every sufficient check passes (at least one; those that do not apply aside)
 *    and nothing refutes it, it is met.
 * 6. Otherwise passing checks, or only low-severity refuting failures, make it partial: a person
 *    must attest the rest.
 * 7. Otherwise it is unknown, with the reason: no check exists, the checks could not see, or only
 *    the host or a person can say.
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
    ...(req.evidence ? { argument: req.evidence.argument } : {}),
    ...(req.strength === 'should' ? { recommendation: true } : {}),
    // AI CoP provisions are mostly new to vendors: say what evidence would satisfy each.
    ...(req.id.startsWith('aicop:') && req.evidenceIdeas.length > 0
      ? { wouldSatisfy: req.evidenceIdeas }
      : {}),
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
  const observed = all.filter((f) => f.outcome !== 'not-applicable').map(findingEvidence);
  const rule = req.evidence;
  const refuting = all.filter((f) => f.outcome === 'fail' && rule?.refutes.includes(probeOf(f.rule)));
  const decisive = refuting.filter((f) => severityRank[f.severity] >= severityRank.medium);
  const conflict =
    attestation && attestation.status !== 'not-met'
      ? `; ${attestation.owner} attested "${attestation.status}", but the checks contradict it`
      : '';
  if (decisive.length > 0) {
    return result(
      req,
      'not-met',
      'observed',
      `failing checks: ${rulesOf(decisive)}${conflict}`,
      observed,
      all,
    );
  }
  if (attestation) {
    const caveat = refuting.length > 0 ? `; low-severity findings stand: ${rulesOf(refuting)}` : '';
    return result(
      req,
      refuting.length > 0 && attestation.status === 'met' ? 'partial' : attestation.status,
      'attested',
      `attested by ${attestation.owner}${attestation.principle ? ` for the whole principle ${attestation.principle}` : ''} (expires ${attestation.expires})${caveat}`,
      [...attestationEvidence(attestation), ...observed],
      all,
    );
  }
  if (!rule || req.probes.length === 0) {
    const why =
      req.automatable === 'none'
        ? 'no automated check can decide this; a person must attest it in vouch.yaml'
        : 'no automated check covers this yet; attest it in vouch.yaml';
    const host = rule && rule.host.length > 0 ? `; host facts that bear on it: ${rule.host.join(', ')}` : '';
    return result(req, 'unknown', 'none', `${why}${host}`, [], []);
  }
  const status = new Map([...perProbe].map(([probe, fs]) => [probe, probeStatus(fs)]));
  const passed = [...status].filter(([, s]) => s.kind === 'pass').map(([p]) => p);
  const blind = [...status].flatMap(([p, s]) => (s.kind === 'blind' ? [`${p}: ${s.why}`] : []));
  const sufficientMet =
    rule.sufficient.length > 0 &&
    rule.sufficient.every((p) => ['pass', 'not-applicable'].includes(status.get(p)?.kind ?? 'blind')) &&
    rule.sufficient.some((p) => status.get(p)?.kind === 'pass');
  if (sufficientMet && refuting.length === 0) {
    return result(
      req,
      'met',
      'observed',
      `sufficient checks pass: ${rule.sufficient.join(', ')}`,
      observed,
      all,
    );
  }
  if (passed.length > 0 || refuting.length > 0) {
    const why: string[] = [];
    if (refuting.length > 0) why.push(`low-severity findings: ${rulesOf(refuting)}`);
    if (rule.sufficient.length === 0) why.push('no check can decide it alone');
    else if (!sufficientMet) {
      const missing = rule.sufficient.filter(
        (p) => status.get(p)?.kind !== 'pass' && status.get(p)?.kind !== 'not-applicable',
      );
      why.push(`not decided by ${missing.join(', ')}`);
    }
    if (blind.length > 0) why.push(`could not see: ${blind.join('; ')}`);
    const support = passed.length > 0 ? `supporting checks pass: ${passed.join(', ')}; ` : '';
    return result(
      req,
      'partial',
      'observed',
      `${support}${why.join('; ')}; the rest needs a person's attestation in vouch.yaml`,
      observed,
      all,
    );
  }
  const host = rule.host.length > 0 ? `; host facts that would decide it: ${rule.host.join(', ')}` : '';
  const aside = [...status].flatMap(([p, s]) =>
    s.kind === 'not-applicable'
      ? [`${p} does not apply`]
      : s.kind === 'fail'
        ? [`${p} fails, which does not decide this claim`]
        : [],
  );
  return result(
    req,
    'unknown',
    'none',
    `not observable: ${[...blind, ...aside].join('; ')}${host}; or attest it in vouch.yaml`,
    observed,
    all,
  );
}

export type ProbeStatus = { kind: 'pass' | 'fail' | 'not-applicable' } | { kind: 'blind'; why: string };

/** One probe's findings as one status: observations are information and do not count. */
export function probeStatus(fs: readonly Finding[]): ProbeStatus {
  if (fs.length === 0) return { kind: 'blind', why: 'did not run' };
  const relevant = fs.filter((f) => f.outcome !== 'not-applicable' && f.outcome !== 'observation');
  if (relevant.length === 0) return { kind: 'not-applicable' };
  if (relevant.some((f) => f.outcome === 'fail')) return { kind: 'fail' };
  if (relevant.every((f) => f.outcome === 'pass')) return { kind: 'pass' };
  const f = relevant.find((x) => x.outcome !== 'pass')!;
  return { kind: 'blind', why: `${f.outcome}: ${f.message}` };
}

const severityRank: Record<Finding['severity'], number> = {
  info: 0,
  low: 1,
  medium: 2,
  high: 3,
  critical: 4,
};

export const probeOf = (rule: string) => (rule.includes('/') ? rule.slice(0, rule.indexOf('/')) : rule);

const rulesOf = (fs: readonly Finding[]) => [...new Set(fs.map((f) => f.rule))].join(', ');

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
