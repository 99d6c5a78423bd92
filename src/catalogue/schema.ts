/**
 * Shapes of the catalogue data files (catalogue/sscop.yaml, aicop.yaml, evidence.yaml), with the
 * structure of both Codes pinned: a file with a missing, extra or misnumbered item is rejected.
 */
import { z } from 'zod';

/** Claims per principle in the NCSC Assurance Principles and Claims v1.0 (45 in all). */
export const SSCOP_CLAIMS_PER_PRINCIPLE: Readonly<Record<string, number>> = {
  '1.1': 6,
  '1.2': 5,
  '1.3': 3,
  '1.4': 5,
  '2.1': 6,
  '2.2': 4,
  '3.1': 2,
  '3.2': 2,
  '3.3': 2,
  '3.4': 2,
  '3.5': 2,
  '4.1': 3,
  '4.2': 1,
  '4.3': 2,
};
export const SSCOP_THEMES = 4;
export const SSCOP_PRINCIPLES = 14;
export const SSCOP_CLAIMS = 45;

/** Provisions per principle in the AI Cyber Security Code of Practice (72 in all). */
export const AICOP_PROVISIONS_PER_PRINCIPLE: Readonly<Record<string, number>> = {
  '1': 5,
  '2': 9,
  '3': 7,
  '4': 5,
  '5': 7,
  '6': 6,
  '7': 6,
  '8': 6,
  '9': 6,
  '10': 5,
  '11': 4,
  '12': 4,
  '13': 2,
};
export const AICOP_PRINCIPLES = 13;
export const AICOP_PROVISIONS = 72;
export const AICOP_SHALL = 49;
export const AICOP_SHOULD = 23;
export const AICOP_PHASES = ['design', 'development', 'deployment', 'maintenance', 'end-of-life'] as const;

const text = z.string().trim().min(1, 'must not be empty');
const httpsUrl = z.url({ protocol: /^https$/, message: 'must be an https URL' });
const isoDate = z.iso.date();
const automatable = z.enum(['full', 'partial', 'none']);
const aiRole = z.enum(['developer', 'system-operator', 'data-custodian', 'end-user', 'affected-entity']);
const osps = z.string().regex(/^OSPS-[A-Z]{2}-\d{2}$/, 'must be an OSPS Baseline control id like OSPS-VM-02');
const link = z.strictObject({ title: text, url: httpsUrl });

const commonMeta = {
  title: text,
  short_name: text,
  publisher: text,
  published: isoDate,
  source_url: httpsUrl,
  related: z.array(link).default([]),
};

const sscopClaim = z.strictObject({
  number: z.string().regex(/^\d+\.\d+\.\d+$/, 'must look like 1.2.3'),
  text,
  automatable,
  evidence_ideas: z.array(text).min(1),
  refs: z.array(osps).optional(),
  /** Present when the claim's number is in doubt: says why. */
  uncertain: text.optional(),
});

const sscopPrinciple = z.strictObject({
  number: z.string().regex(/^\d+\.\d+$/, 'must look like 1.2'),
  title: text,
  text,
  source_url: httpsUrl.optional(),
  refs: z.array(osps).default([]),
  claims: z.array(sscopClaim).min(1),
});

const sscopTheme = z.strictObject({
  number: z.string().regex(/^\d+$/),
  title: text,
  purpose: text,
  principles: z.array(sscopPrinciple).min(1),
});

type Issue = { message: string; path: (string | number)[] };

function checkSscop(file: { themes: z.infer<typeof sscopTheme>[] }): Issue[] {
  const issues: Issue[] = [];
  const seen = new Set<string>();
  let principles = 0;
  let claims = 0;
  if (file.themes.length !== SSCOP_THEMES) {
    issues.push({
      message: `expected ${SSCOP_THEMES} themes, found ${file.themes.length}`,
      path: ['themes'],
    });
  }
  file.themes.forEach((theme, t) => {
    if (theme.number !== String(t + 1)) {
      issues.push({ message: `theme ${t + 1} is numbered "${theme.number}"`, path: ['themes', t, 'number'] });
    }
    theme.principles.forEach((principle, p) => {
      principles++;
      const where = ['themes', t, 'principles', p];
      const expectedNumber = `${theme.number}.${p + 1}`;
      if (principle.number !== expectedNumber) {
        issues.push({
          message: `expected principle ${expectedNumber}, found "${principle.number}"`,
          path: [...where, 'number'],
        });
      }
      if (seen.has(principle.number)) {
        issues.push({ message: `duplicate principle ${principle.number}`, path: [...where, 'number'] });
      }
      seen.add(principle.number);
      const expectedClaims = SSCOP_CLAIMS_PER_PRINCIPLE[principle.number];
      if (expectedClaims === undefined) {
        issues.push({ message: `the Code has no principle ${principle.number}`, path: [...where, 'number'] });
      } else if (principle.claims.length !== expectedClaims) {
        issues.push({
          message: `principle ${principle.number} has ${expectedClaims} claims, found ${principle.claims.length}`,
          path: [...where, 'claims'],
        });
      }
      principle.claims.forEach((claim, c) => {
        claims++;
        const expected = `${principle.number}.${c + 1}`;
        if (claim.number !== expected) {
          issues.push({
            message: `expected claim ${expected}, found "${claim.number}"`,
            path: [...where, 'claims', c, 'number'],
          });
        }
      });
    });
  });
  if (principles !== SSCOP_PRINCIPLES) {
    issues.push({
      message: `expected ${SSCOP_PRINCIPLES} principles, found ${principles}`,
      path: ['themes'],
    });
  }
  if (claims !== SSCOP_CLAIMS) {
    issues.push({ message: `expected ${SSCOP_CLAIMS} claims, found ${claims}`, path: ['themes'] });
  }
  return issues;
}

export const sscopFileSchema = z
  .strictObject({
    code: z.literal('sscop'),
    ...commonMeta,
    apc_url: httpsUrl,
    apc_version: text,
    themes: z.array(sscopTheme),
  })
  .superRefine((file, ctx) => {
    for (const issue of checkSscop(file)) ctx.addIssue({ code: 'custom', ...issue });
  });

const aicopProvision = z.strictObject({
  number: z.string().regex(/^\d+\.\d+(\.\d+)?$/, 'must look like 8.1 or 8.1.2'),
  strength: z.enum(['shall', 'should']),
  roles: z.array(aiRole).min(1),
  recipients: z.array(aiRole).optional(),
  /** When the provision applies only in some situations: which. */
  condition: text.optional(),
  etsi_clause: z.string().regex(/^5\.\d\.\d-\d+(\.\d+)?$/, 'must look like 5.2.4-1.2'),
  text,
  automatable,
  evidence_ideas: z.array(text).min(1),
});

const aicopPrinciple = z.strictObject({
  number: z.string().regex(/^\d+$/),
  title: text,
  short_title: text,
  text,
  source_url: httpsUrl.optional(),
  etsi_clause: z.string().regex(/^5\.\d\.\d$/, 'must look like 5.2.4'),
  provisions: z.array(aicopProvision).min(1),
});

const aicopPhase = z.strictObject({
  id: z.enum(AICOP_PHASES),
  title: text,
  principles: z.array(aicopPrinciple).min(1),
});

function checkAicop(file: { phases: z.infer<typeof aicopPhase>[] }): Issue[] {
  const issues: Issue[] = [];
  let principles = 0;
  let provisions = 0;
  let shall = 0;
  let should = 0;
  const seen = new Set<string>();
  const phaseIds = file.phases.map((phase) => phase.id).join(',');
  if (phaseIds !== AICOP_PHASES.join(',')) {
    issues.push({ message: `expected phases ${AICOP_PHASES.join(', ')} in that order`, path: ['phases'] });
  }
  file.phases.forEach((phase, ph) => {
    phase.principles.forEach((principle, p) => {
      principles++;
      const where = ['phases', ph, 'principles', p];
      if (principle.number !== String(principles)) {
        issues.push({
          message: `expected principle ${principles}, found "${principle.number}"`,
          path: [...where, 'number'],
        });
      }
      const expected = AICOP_PROVISIONS_PER_PRINCIPLE[principle.number];
      if (expected !== undefined && principle.provisions.length !== expected) {
        issues.push({
          message: `principle ${principle.number} has ${expected} provisions, found ${principle.provisions.length}`,
          path: [...where, 'provisions'],
        });
      }
      principle.provisions.forEach((provision, v) => {
        provisions++;
        if (provision.strength === 'shall') shall++;
        else should++;
        const at = [...where, 'provisions', v];
        const prefix = `${principle.number}.`;
        if (!provision.number.startsWith(prefix)) {
          issues.push({
            message: `provision ${provision.number} is not under principle ${principle.number}`,
            path: [...at, 'number'],
          });
        }
        if (seen.has(provision.number)) {
          issues.push({ message: `duplicate provision ${provision.number}`, path: [...at, 'number'] });
        }
        seen.add(provision.number);
        const etsi = `${principle.etsi_clause}-${provision.number.slice(prefix.length)}`;
        if (provision.etsi_clause !== etsi) {
          issues.push({
            message: `provision ${provision.number} should map to ETSI ${etsi}, found ${provision.etsi_clause}`,
            path: [...at, 'etsi_clause'],
          });
        }
      });
    });
  });
  const counts: [string, number, number][] = [
    ['principles', principles, AICOP_PRINCIPLES],
    ['provisions', provisions, AICOP_PROVISIONS],
    ['shall provisions', shall, AICOP_SHALL],
    ['should provisions', should, AICOP_SHOULD],
  ];
  for (const [what, found, expected] of counts) {
    if (found !== expected)
      issues.push({ message: `expected ${expected} ${what}, found ${found}`, path: ['phases'] });
  }
  return issues;
}

export const aicopFileSchema = z
  .strictObject({
    code: z.literal('aicop'),
    ...commonMeta,
    etsi_standard: text,
    phases: z.array(aicopPhase),
  })
  .superRefine((file, ctx) => {
    for (const issue of checkAicop(file)) ctx.addIssue({ code: 'custom', ...issue });
  });

export const probeIdSchema = z
  .string()
  .regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, 'must be a kebab-case probe id');

const probeList = z
  .array(probeIdSchema)
  .min(1)
  .refine((ids) => new Set(ids).size === ids.length, 'lists a probe twice');

/** Host facts (src/host/types.ts HostFacts keys) a requirement can need. */
export const hostFactNames = [
  'organizationSecurityPolicy',
  'privateVulnerabilityReporting',
  'codeScanningDefaultSetup',
  'branchRules',
  'organizationTwoFactorRequired',
  'workflowTokenDefault',
  'allowedActions',
  'dependabotSecurityUpdates',
] as const;

/**
 * What evidence decides one requirement. `sufficient`: when every one of these probes passes (or
 * does not apply, with at least one passing) the requirement is met by observation. `supporting`:
 * a pass supports it, at most partially. `refutes`: a failure of medium severity or more makes it
 * not met; a low one caps it at partial. `host`: facts only the source host knows that bear on it.
 * `argument`: why this evidence suffices (or why only a person can attest), for an assessor to
 * challenge.
 */
export const evidenceRuleSchema = z
  .object({
    argument: text,
    sufficient: probeList.optional(),
    supporting: probeList.optional(),
    refutes: probeList.optional(),
    host: z.array(z.enum(hostFactNames)).min(1).optional(),
  })
  .strict();

/** Requirement id -> its evidence rule. Whether each id exists is checked against the loaded Codes. */
export const evidenceFileSchema = z.record(
  z.string().regex(/^(sscop|aicop):\d+(\.\d+)*$/, 'must be a qualified id like sscop:1.2.3 or aicop:8.1.2'),
  evidenceRuleSchema,
);

export type SscopFile = z.infer<typeof sscopFileSchema>;
export type AicopFile = z.infer<typeof aicopFileSchema>;
export type EvidenceFile = z.infer<typeof evidenceFileSchema>;
