/**
 * vouch.yaml: the product manifest. Zod schema; field docs live in the template (init.ts).
 */
import type { z } from 'zod';
import { secretRuleSchema } from '../secrets/rule-schema.js';
import { isCalendarDate } from '../util/dates.js';
import { lazySchema } from '../util/zod.js';

// The pattern is for editors (the JSON Schema); the refinement refuses days that do not exist.
const isoDate = lazySchema((z) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD, e.g. 2027-01-31')
    .refine(isCalendarDate, 'expected a date that exists, as YYYY-MM-DD'),
);

/** What the product is; decides which checks make sense (a library ships no deployment). */
export const productKinds = ['application', 'service', 'library', 'framework', 'firmware', 'model'] as const;

export const vendorRoles = ['developer-and-distributor', 'reseller', 'developer-only'] as const;
export const aiRoles = [
  'developer',
  'system-operator',
  'data-custodian',
  'end-user',
  'affected-entity',
] as const;
export const attestationStatuses = ['met', 'not-met', 'partial', 'not-applicable'] as const;

const evidenceRef = lazySchema((z) =>
  z.union([
    z.string().min(1),
    z
      .object({
        path: z.string().min(1).optional(),
        url: z.string().url().optional(),
        /** The SHA-256 the attester saw; if the file changes, the attestation needs review. */
        sha256: z
          .string()
          .regex(/^[0-9a-f]{64}$/, 'expected 64 lower-case hex digits')
          .optional(),
      })
      .strict()
      .refine((e) => Boolean(e.path) !== Boolean(e.url), 'give exactly one of path or url'),
  ]),
);

export const attestationSchema = lazySchema((z) =>
  z
    .object({
      status: z.enum(attestationStatuses),
      statement: z.string().min(1, 'say what is attested'),
      evidence: z.array(evidenceRef()).default([]),
      owner: z.string().min(1),
      reviewed: isoDate().optional(),
      expires: isoDate(),
    })
    .strict(),
);

/**
 * A support date: a calendar date, or an RFC 3339 date-time (read as its UTC calendar date, so
 * that a notice is measured the same way wherever it was written).
 */
const supportInstant = lazySchema((z) =>
  z.union([
    isoDate(),
    z.iso.datetime({ offset: true, message: 'expected YYYY-MM-DD or an RFC 3339 date-time' }),
  ]),
);

/** An end of support: its date (or "tba" while none is set) and when that date was announced. */
const supportEnd = lazySchema((z) =>
  z
    .object({
      date: z.union([supportInstant(), z.literal('tba')]),
      announced: supportInstant().optional().describe('When customers were told this date'),
    })
    .strict(),
);

export const supportLineSchema = lazySchema((z) =>
  z
    .object({
      line: z
        .string()
        .regex(/^[A-Za-z0-9.\-+_]+$/, 'a release line such as 2.x, 2.4 or 2024.1')
        .describe('Release line (cycle), e.g. 2.x'),
      released: supportInstant().optional(),
      latest: z.string().optional().describe('Latest release in the line'),
      securitySupport: supportEnd().optional().describe('End of security fixes'),
      endOfLife: supportEnd().optional().describe('End of all support'),
    })
    .strict(),
);

export const supportSchema = lazySchema((z) =>
  z
    .object({
      /** Where customers read these dates (URL or repository path): 4.1.1 asks that they are published. */
      published: z.string().min(1).optional(),
      /** The update policy: how often updates come and how to apply them (4.1.2). */
      policy: z.string().min(1).optional(),
      lines: z.array(supportLineSchema()).min(1, 'list at least one release line'),
    })
    .strict(),
);

export const suppressionSchema = lazySchema((z) =>
  z
    .object({
      rule: z.string().min(1),
      fingerprint: z.string().optional(),
      path: z.string().optional(),
      reason: z.string().min(1, 'a suppression needs a reason'),
      expires: isoDate(),
    })
    .strict(),
);

export const secretsConfigSchema = lazySchema((z) =>
  z
    .object({
      rules: z
        .array(secretRuleSchema())
        .default([])
        .describe('rules to add, in the shape of rules/secrets.yaml'),
      disable: z.array(z.string().min(1)).default([]).describe('rule ids to turn off'),
      enable: z.array(z.string().min(1)).default([]).describe('rule ids that are off by default to turn on'),
      allow: z
        .array(z.string().min(1))
        .default([])
        .describe('regexes (or /regex/): a secret matching one is not reported'),
      baseline: z
        .string()
        .min(1)
        .optional()
        .describe('baseline file of accepted findings (from vouch secrets --write-baseline)'),
    })
    .strict(),
);

/** A VEX statement written in vouch.yaml (OpenVEX vocabulary). */
export const vexStatementSchema = lazySchema((z) =>
  z
    .object({
      vulnerability: z.string().min(1).describe('the id or any alias: CVE-…, GHSA-…, PYSEC-…, GO-…'),
      products: z.array(z.string().regex(/^pkg:/, 'expected a purl')).default([]),
      status: z.enum(['not_affected', 'affected', 'fixed', 'under_investigation']),
      justification: z
        .enum([
          'component_not_present',
          'vulnerable_code_not_present',
          'vulnerable_code_not_in_execute_path',
          'vulnerable_code_cannot_be_controlled_by_adversary',
          'inline_mitigations_already_exist',
        ])
        .optional(),
      impact: z.string().optional(),
      expires: isoDate(),
    })
    .strict()
    .refine((s) => s.status !== 'not_affected' || s.justification || s.impact, {
      message: 'not_affected needs a justification or an impact statement',
    }),
);

const days = lazySchema((z) => z.number().int().positive());

export const vulnerabilityPolicySchema = lazySchema((z) =>
  z
    .object({
      vex: z.array(vexStatementSchema()).default([]),
      vexFiles: z
        .array(z.object({ path: z.string().min(1), expires: isoDate() }).strict())
        .default([])
        .describe('OpenVEX 0.2.0 or CycloneDX VEX files in the repository'),
      windows: z
        .object({ 'known-exploited': days(), high: days(), medium: days(), low: days() })
        .partial()
        .strict()
        .default({})
        .describe('days to remediate, per priority, from when a vulnerability was first seen'),
      maxDatabaseAge: days()
        .default(7)
        .describe('days; an older advisory store makes vulnerability claims unknown'),
    })
    .strict(),
);

export const incidentSeverities = ['critical', 'high', 'medium', 'low'] as const;

/** One notable incident, as the vendor records it for customers (SSCoP 4.3). */
export const incidentSchema = lazySchema((z) =>
  z
    .object({
      id: z.string().regex(/^[A-Za-z0-9._:-]+$/, 'an id such as INC-2026-01'),
      title: z.string().min(1),
      detected: supportInstant().describe('When the vendor learned of the incident'),
      severity: z.enum(incidentSeverities),
      affected: z
        .array(z.string().min(1))
        .min(1, 'name the affected products and versions')
        .describe('Affected products and versions, e.g. "widget 2.0 to 2.1.3"'),
      summary: z.string().min(1).optional(),
      customerActions: z.string().min(1).optional().describe('What customers should do'),
      notices: z
        .array(
          z
            .object({
              date: supportInstant(),
              channel: z.string().min(1).optional(),
              url: z.string().min(1).optional(),
            })
            .strict(),
        )
        .default([])
        .describe('Each notice sent to affected customers, first one first'),
      resolved: supportInstant().optional(),
      report: z.string().min(1).optional().describe('The post-incident report: URL or repository path'),
    })
    .strict(),
);

export const incidentsSchema = lazySchema((z) =>
  z
    .object({
      plan: z
        .string()
        .min(1)
        .optional()
        .describe('How customers are supported during an incident: URL or repository path (4.3.1)'),
      noticeWithinDays: days()
        .default(3)
        .describe(
          'days from detection to the first customer notice; 3 (72 hours) unless you commit to another',
        ),
      records: z.array(incidentSchema()).default([]),
    })
    .strict(),
);

/** Where the product's CSAF advisories live and are published (`vouch advisory`). */
export const advisoriesSchema = lazySchema((z) =>
  z
    .object({
      path: z
        .string()
        .min(1)
        .default('advisories')
        .describe('folder of CSAF 2.0 advisories (one <tracking id>.json each), relative to the repository'),
      idPrefix: z
        .string()
        .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, 'letters, digits, - and _ (e.g. ACME-SA)')
        .optional()
        .describe('tracking id prefix; ids are <prefix>-<year>-<number>'),
      baseUrl: z
        .string()
        .url()
        .regex(/^https:\/\//, 'an https URL')
        .optional()
        .describe('https URL the published advisories folder is served from (provider-metadata.json)'),
    })
    .strict(),
);

export const manifestSchema = lazySchema((z) =>
  z
    .object({
      schemaVersion: z.literal(1, 'this vouch reads schemaVersion 1'),
      product: z
        .object({
          name: z.string().min(1),
          kind: z
            .enum(productKinds)
            .optional()
            .describe('What the product is: application, service, library, framework, firmware or model'),
          version: z.string().optional(),
          description: z.string().optional(),
          /** SPDX licence expression, or "proprietary". */
          license: z.string().optional(),
          url: z.string().url().optional(),
        })
        .strict(),
      vendor: z
        .object({
          name: z.string().min(1),
          url: z.string().url().optional(),
          securityContact: z.string().optional(),
        })
        .strict(),
      sro: z
        .object({ name: z.string().min(1), role: z.string().optional(), email: z.string().optional() })
        .strict()
        .optional(),
      vendorRole: z.enum(vendorRoles).describe('SSCoP Table 1: which themes the vendor answers for'),
      assessor: z
        .object({ name: z.string().min(1), organisation: z.string().optional() })
        .strict()
        .optional()
        .describe(
          'who signs off the self-assessment that `vouch statement` publishes (--assessor overrides)',
        ),
      ai: z
        .object({
          uses: z.boolean(),
          roles: z.array(z.enum(aiRoles)).default([]),
          models: z
            .array(
              z
                .object({
                  path: z.string().min(1).describe('the model file, relative to the repository root'),
                  name: z.string().optional(),
                  version: z.string().optional(),
                  sha256: z
                    .string()
                    .regex(/^[a-fA-F0-9]{64}$/, 'a SHA-256 is 64 hexadecimal digits')
                    .optional()
                    .describe('the hash published for recipients (AI CoP 8.1.2)'),
                  source: z.string().optional().describe('where the model came from (URL or supplier)'),
                  license: z.string().optional(),
                  task: z.string().optional().describe('what the model does, e.g. text-classification'),
                  datasets: z
                    .array(z.string())
                    .optional()
                    .describe('datasets it was trained or fine-tuned on'),
                  limitations: z.string().optional(),
                })
                .strict(),
            )
            .optional()
            .describe(
              'Model cards for model files: what the AI-BOM says about each, and the hashes published',
            ),
          evaluations: z
            .array(z.string().min(1))
            .optional()
            .describe('promptfoo result JSON or garak report JSONL files to read, relative to the root'),
        })
        .strict()
        .default({ uses: false, roles: [] }),
      repositories: z
        .array(z.object({ path: z.string().optional(), url: z.string().optional() }).strict())
        .default([]),
      attestations: z
        .record(
          // A claim (sscop:1.2.3), or a principle (sscop:1.2, aicop:8) standing for all its claims.
          z.string().regex(/^(sscop|aicop):\d+(\.\d+){0,2}$/, 'expected an id like sscop:1.2.3'),
          attestationSchema(),
        )
        .default({})
        .describe(
          'A person vouches for what machines cannot see, by claim (sscop:1.2.3) or principle (sscop:1.2); evidence hashes are pinned in vouch.lock by `vouch attest --update`',
        ),
      suppressions: z.array(suppressionSchema()).default([]),
      support: supportSchema()
        .optional()
        .describe(
          'Release lines with their end of security support and end of life, and when each was announced',
        ),
      secrets: secretsConfigSchema()
        .optional()
        .describe(
          'vouch secrets and the secrets probe: rules added, disabled or enabled, allowlist, baseline',
        ),
      vulnerabilities: vulnerabilityPolicySchema().optional(),
      incidents: incidentsSchema()
        .optional()
        .describe(
          'Notable incidents: the support plan, the notice window, and each incident with its notices',
        ),
      advisories: advisoriesSchema()
        .optional()
        .describe('CSAF advisories: folder, tracking id prefix, where they are published'),
    })
    .strict(),
);

export type ProductKind = (typeof productKinds)[number];
export type VouchManifest = z.infer<ReturnType<typeof manifestSchema>>;
export type Attestation = z.infer<ReturnType<typeof attestationSchema>>;
export type Suppression = z.infer<ReturnType<typeof suppressionSchema>>;
export type EvidenceRef = z.infer<ReturnType<typeof evidenceRef>>;
export type SupportSection = z.infer<ReturnType<typeof supportSchema>>;
export type SupportLine = z.infer<ReturnType<typeof supportLineSchema>>;
export type IncidentsSection = z.infer<ReturnType<typeof incidentsSchema>>;
export type Incident = z.infer<ReturnType<typeof incidentSchema>>;
export type AdvisoriesConfig = z.infer<ReturnType<typeof advisoriesSchema>>;
