import { describe, expect, it } from 'vitest';
import type { Catalogue, Code, Requirement } from '../catalogue/types.js';
import { fingerprint } from '../probes/finding.js';
import type { Finding } from '../probes/types.js';
import { type JudgeInput, judge, principleVerdict, type ResolvedAttestation } from './judge.js';
import type { RequirementResult } from './types.js';

/**
 * A requirement whose probes refute it and, for a fully automatable one, suffice for it; for a
 * partly automatable one they only support it.
 */
function req(id: string, probes: string[], extra: Partial<Requirement> = {}): Requirement {
  const [code, number] = id.split(':') as [string, string];
  const full = (extra.automatable ?? 'full') === 'full';
  return {
    id,
    number,
    kind: code === 'sscop' ? 'claim' : 'provision',
    text: `text of ${id}`,
    strength: 'shall',
    automatable: 'full',
    evidenceIdeas: [],
    probes,
    ...(probes.length > 0
      ? {
          evidence: {
            argument: `why ${id} is decided so`,
            sufficient: full ? probes : [],
            supporting: full ? [] : probes,
            refutes: probes,
            host: [],
          },
        }
      : {}),
    ...extra,
  };
}

function catalogue(): Catalogue {
  const sscop: Code = {
    id: 'sscop',
    title: 'SSCoP',
    publisher: 'DSIT',
    published: '2025-05-07',
    sourceUrl: 'https://example.invalid/sscop',
    principles: [
      {
        id: 'sscop:1.2',
        number: '1.2',
        title: 'Composition',
        text: '',
        group: '1',
        groupTitle: 'Design',
        sourceUrl: '',
        requirements: [
          req('sscop:1.2.1', ['lockfile-committed']),
          req('sscop:1.2.2', ['lockfile-committed'], { automatable: 'partial' }),
          req('sscop:1.2.3', [], { automatable: 'none' }),
        ],
      },
      {
        id: 'sscop:3.2',
        number: '3.2',
        title: 'Disclosure',
        text: '',
        group: '3',
        groupTitle: 'Comms',
        sourceUrl: '',
        requirements: [req('sscop:3.2.1', ['security-policy-present', 'security-policy-contact'])],
      },
    ],
  };
  const aicop: Code = {
    id: 'aicop',
    title: 'AI CoP',
    publisher: 'DSIT',
    published: '2025-01-31',
    sourceUrl: 'https://example.invalid/aicop',
    principles: [
      {
        id: 'aicop:2',
        number: '2',
        title: 'Design',
        text: '',
        group: 'secure_design',
        groupTitle: 'Secure design',
        sourceUrl: '',
        requirements: [
          req('aicop:2.1', [], { roles: ['system-operator'] }),
          req('aicop:2.2', [], { roles: ['developer'], strength: 'should' }),
        ],
      },
    ],
  };
  const byId = new Map<string, never>();
  return { version: 'test', codes: [sscop, aicop], byId };
}

function f(rule: string, outcome: Finding['outcome'], severity: Finding['severity'] = 'medium'): Finding {
  return {
    rule,
    outcome,
    severity,
    confidence: 'high',
    message: `${rule} ${outcome}`,
    remediation: 'fix it',
    fingerprint: fingerprint(rule, undefined, outcome),
  };
}

function input(over: Partial<JudgeInput>): JudgeInput {
  return {
    catalogue: catalogue(),
    findings: [],
    attestations: new Map(),
    vendorRole: 'developer-and-distributor',
    ai: { declared: false, roles: [], detected: false },
    ...over,
  };
}

function find(codes: ReturnType<typeof judge>, id: string): RequirementResult {
  for (const c of codes)
    for (const p of c.principles) for (const r of p.requirements) if (r.id === id) return r;
  throw new Error(`no ${id}`);
}

const attestation = (status: ResolvedAttestation['status']): ResolvedAttestation => ({
  status,
  statement: 'we do this',
  owner: 'CTO',
  expires: '2099-01-01',
  evidence: [{ kind: 'file', path: 'docs/x.md', sha256: 'a'.repeat(64) }],
});

describe('judge', () => {
  it('says unknown with a reason when nothing can be seen, never met', () => {
    const codes = judge(input({}));
    for (const id of ['sscop:1.2.1', 'sscop:1.2.2', 'sscop:1.2.3', 'sscop:3.2.1']) {
      const r = find(codes, id);
      expect(r.verdict).toBe('unknown');
      expect(r.basis).toBe('none');
      expect(r.reason.length).toBeGreaterThan(10);
    }
    expect(find(codes, 'sscop:1.2.3').reason).toMatch(/person must attest/);
    expect(find(codes, 'sscop:1.2.1').reason).toMatch(/lockfile-committed: did not run/);
  });

  it('meets a fully automatable claim only when every mapped check passes', () => {
    const one = judge(input({ findings: [f('security-policy-present', 'pass')] }));
    expect(find(one, 'sscop:3.2.1').verdict).toBe('partial');
    const both = judge(
      input({ findings: [f('security-policy-present', 'pass'), f('security-policy-contact', 'pass')] }),
    );
    const r = find(both, 'sscop:3.2.1');
    expect(r.verdict).toBe('met');
    expect(r.basis).toBe('observed');
    expect(r.evidence).toHaveLength(2);
  });

  it('keeps a partly automatable claim partial even when its checks pass', () => {
    const r = find(judge(input({ findings: [f('lockfile-committed', 'pass')] })), 'sscop:1.2.2');
    expect(r.verdict).toBe('partial');
    expect(r.reason).toMatch(/attestation/);
  });

  it('is not-met on a failing check, and sub-rules count for their probe', () => {
    const r = find(judge(input({ findings: [f('lockfile-committed/npm', 'fail')] })), 'sscop:1.2.1');
    expect(r.verdict).toBe('not-met');
    expect(r.findings).toHaveLength(1);
  });

  it('meets a full claim whose checks pass or do not apply, but never on inapplicable checks alone', () => {
    const passAndNa = [f('security-policy-present', 'pass'), f('security-policy-contact', 'not-applicable')];
    const met = find(judge(input({ findings: passAndNa })), 'sscop:3.2.1');
    expect(met.verdict).toBe('met');
    expect(met.reason).toBe('sufficient checks pass: security-policy-present, security-policy-contact');
    const onlyNa = [
      f('security-policy-present', 'not-applicable'),
      f('security-policy-contact', 'not-applicable'),
    ];
    expect(find(judge(input({ findings: onlyNa })), 'sscop:3.2.1').verdict).toBe('unknown');
    // A check that did not run is a gap, unlike one that does not apply.
    const notRun = find(judge(input({ findings: [f('security-policy-present', 'pass')] })), 'sscop:3.2.1');
    expect(notRun.verdict).toBe('partial');
  });

  it('neither fails nor passes a claim on observations', () => {
    const withPass = find(
      judge(
        input({
          findings: [f('lockfile-committed', 'pass'), f('lockfile-committed', 'observation', 'info')],
        }),
      ),
      'sscop:1.2.1',
    );
    expect(withPass.verdict).toBe('met');
    const alone = find(
      judge(input({ findings: [f('lockfile-committed', 'observation', 'info')] })),
      'sscop:1.2.1',
    );
    expect(alone.verdict).toBe('unknown');
  });

  it('weighs severity: a low refuting failure caps a claim at partial, a medium one refutes it', () => {
    const low = find(judge(input({ findings: [f('lockfile-committed', 'fail', 'low')] })), 'sscop:1.2.1');
    expect(low.verdict).toBe('partial');
    expect(low.reason).toMatch(/low-severity findings: lockfile-committed/);
    const lowBesidePass = find(
      judge(
        input({
          findings: [f('security-policy-present', 'pass'), f('security-policy-contact', 'fail', 'low')],
        }),
      ),
      'sscop:3.2.1',
    );
    expect(lowBesidePass.verdict).toBe('partial');
    const medium = find(
      judge(input({ findings: [f('lockfile-committed', 'fail', 'medium')] })),
      'sscop:1.2.1',
    );
    expect(medium.verdict).toBe('not-met');
  });

  it('reads only the evidence rule: a supporting check never makes a claim met, and only refuting checks fail it', () => {
    const supportOnly = req('sscop:1.2.1', ['lockfile-committed'], {
      evidence: {
        argument: 'a',
        sufficient: [],
        supporting: ['lockfile-committed'],
        refutes: [],
        host: ['branchRules'],
      },
    });
    const cat = catalogue();
    cat.codes[0]!.principles[0]!.requirements[0] = supportOnly;
    const pass = find(
      judge({ ...input({ findings: [f('lockfile-committed', 'pass')] }), catalogue: cat }),
      'sscop:1.2.1',
    );
    expect(pass.verdict).toBe('partial');
    expect(pass.reason).toMatch(/no check can decide it alone/);
    const fail = find(
      judge({ ...input({ findings: [f('lockfile-committed', 'fail', 'high')] }), catalogue: cat }),
      'sscop:1.2.1',
    );
    expect(fail.verdict).toBe('unknown');
    expect(fail.reason).toMatch(/host facts that would decide it: branchRules/);
  });

  it('lets an attestation decide what machines cannot, and records its evidence', () => {
    const r = find(
      judge(input({ attestations: new Map([['sscop:1.2.3', attestation('met')]]) })),
      'sscop:1.2.3',
    );
    expect(r.verdict).toBe('met');
    expect(r.basis).toBe('attested');
    expect(r.evidence.map((e) => e.kind)).toEqual(['attestation', 'file']);
  });

  it('does not let an attestation overrule an observed failure', () => {
    const r = find(
      judge(
        input({
          findings: [f('lockfile-committed', 'fail')],
          attestations: new Map([['sscop:1.2.1', attestation('met')]]),
        }),
      ),
      'sscop:1.2.1',
    );
    expect(r.verdict).toBe('not-met');
    expect(r.reason).toMatch(/contradict/);
  });

  it('accepts a not-applicable attestation with its justification', () => {
    const r = find(
      judge(input({ attestations: new Map([['sscop:1.2.3', attestation('not-applicable')]]) })),
      'sscop:1.2.3',
    );
    expect(r.verdict).toBe('not-applicable');
    expect(r.reason).toContain('we do this');
  });

  it('applies SSCoP themes by vendor role', () => {
    const codes = judge(input({ vendorRole: 'reseller' }));
    expect(find(codes, 'sscop:1.2.1').verdict).toBe('not-applicable');
    expect(find(codes, 'sscop:1.2.1').reason).toMatch(/reseller/);
    expect(find(codes, 'sscop:3.2.1').verdict).toBe('unknown');
  });

  it('does not apply the AI CoP without declared AI, and says when AI was detected', () => {
    const quiet = judge(input({}));
    expect(quiet[1]?.applicable).toBe(false);
    expect(find(quiet, 'aicop:2.1').verdict).toBe('not-applicable');
    const detected = judge(input({ ai: { declared: false, roles: [], detected: true } }));
    expect(detected[1]?.reason).toMatch(/detected/);
  });

  it('applies AI CoP provisions by the declared roles and marks should-provisions as recommendations', () => {
    const codes = judge(input({ ai: { declared: true, roles: ['developer'], detected: true } }));
    expect(codes[1]?.applicable).toBe(true);
    expect(find(codes, 'aicop:2.1').verdict).toBe('not-applicable');
    const should = find(codes, 'aicop:2.2');
    expect(should.verdict).toBe('unknown');
    expect(should.recommendation).toBe(true);
  });

  it('counts verdicts per code', () => {
    const codes = judge(input({ findings: [f('lockfile-committed', 'fail')] }));
    expect(codes[0]?.counts).toEqual({ met: 0, 'not-met': 2, partial: 0, unknown: 2, 'not-applicable': 0 });
  });
});

describe('principleVerdict', () => {
  const r = (verdict: RequirementResult['verdict'], strength: 'shall' | 'should' = 'shall') =>
    ({ verdict, strength }) as RequirementResult;
  it('is met only when every applicable requirement is met', () => {
    expect(principleVerdict([r('met'), r('met'), r('not-applicable')])).toBe('met');
    expect(principleVerdict([r('met'), r('unknown')])).toBe('partial');
    expect(principleVerdict([r('met'), r('not-met')])).toBe('not-met');
    expect(principleVerdict([r('unknown'), r('unknown')])).toBe('unknown');
    expect(principleVerdict([r('not-applicable')])).toBe('not-applicable');
  });
  it('never fails a principle on a should-provision', () => {
    expect(principleVerdict([r('met'), r('not-met', 'should')])).toBe('met');
    expect(principleVerdict([r('not-met', 'should')])).toBe('partial');
  });
});
