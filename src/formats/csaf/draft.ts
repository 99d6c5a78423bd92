/**
 * An advisory draft: what the vendor writes (YAML or JSON) for `vouch advisory new`, before vouch
 * turns it into a CSAF 2.0 document. Product versions are plain strings; the product tree, ids,
 * scores and tracking are vouch's job.
 */
import { z } from 'zod';
import { vexJustifications } from '../../vulnerabilities/vex/model.js';

/** CSAF flag labels are OpenVEX's justifications, word for word. */
export const VEX_JUSTIFICATIONS = vexJustifications;

const version = z.string().min(1).max(100);

export const draftVulnerabilitySchema = z
  .object({
    cve: z
      .string()
      .regex(/^CVE-[0-9]{4}-[0-9]{4,}$/, 'expected CVE-YYYY-NNNN')
      .optional(),
    ids: z
      .array(z.object({ system: z.string().min(1), text: z.string().min(1) }).strict())
      .default([])
      .describe('other identifiers, e.g. { system: GHSA, text: GHSA-xxxx-xxxx-xxxx }'),
    title: z.string().min(1).optional(),
    description: z.string().min(1).describe('what the vulnerability is and what it lets an attacker do'),
    cwe: z
      .object({ id: z.string().regex(/^CWE-[1-9]\d{0,5}$/), name: z.string().min(1) })
      .strict()
      .optional(),
    cvss: z
      .string()
      .regex(/^CVSS:3\.[01]\//, 'a CVSS 3.0 or 3.1 vector (CSAF 2.0 has no CVSS 4.0)')
      .optional(),
    affected: z.array(version).default([]),
    fixed: z.array(version).default([]),
    notAffected: z
      .array(
        z
          .object({
            version,
            justification: z.enum(VEX_JUSTIFICATIONS).optional(),
            impact: z.string().min(1).optional(),
          })
          .strict()
          .refine((n) => n.justification || n.impact, 'say why: a justification or an impact statement'),
      )
      .default([]),
    underInvestigation: z.array(version).default([]),
    components: z
      .array(z.string().regex(/^pkg:/, 'expected a purl'))
      .default([])
      .describe('the vulnerable components (purls), looked up in the SBOM when one is given'),
    remediation: z
      .object({
        category: z.enum(['mitigation', 'no_fix_planned', 'none_available', 'vendor_fix', 'workaround']),
        details: z.string().min(1),
        url: z.string().url().optional(),
      })
      .strict()
      .optional()
      .describe('for the affected versions; by default: update to a fixed version, or none available'),
  })
  .strict()
  .refine(
    (v) => v.affected.length + v.fixed.length + v.notAffected.length + v.underInvestigation.length > 0,
    'name at least one version: affected, fixed, notAffected or underInvestigation',
  );

export const advisoryDraftSchema = z
  .object({
    id: z
      .string()
      .regex(/^[\S](.*[\S])?$/)
      .max(100)
      .optional()
      .describe('tracking id; by default the next free <prefix>-<year>-<number>'),
    title: z.string().min(1),
    category: z.enum(['security-advisory', 'vex']).default('security-advisory'),
    status: z.enum(['final', 'interim', 'draft']).default('final'),
    lang: z.string().default('en'),
    summary: z.string().min(1),
    tlp: z.enum(['WHITE', 'GREEN', 'AMBER', 'RED']).optional(),
    references: z.array(z.object({ url: z.string().url(), summary: z.string().min(1) }).strict()).default([]),
    acknowledgments: z
      .array(
        z
          .object({
            names: z.array(z.string().min(1)).optional(),
            organization: z.string().min(1).optional(),
            summary: z.string().min(1).optional(),
          })
          .strict(),
      )
      .default([]),
    vulnerabilities: z
      .array(draftVulnerabilitySchema)
      .min(1, 'an advisory is about at least one vulnerability'),
  })
  .strict()
  .superRefine((d, ctx) => {
    const cves = d.vulnerabilities.map((v) => v.cve).filter(Boolean);
    if (new Set(cves).size !== cves.length)
      ctx.addIssue({ code: 'custom', message: 'a CVE is listed twice' });
    if (d.category === 'vex')
      d.vulnerabilities.forEach((v, i) => {
        if (!v.cve && v.ids.length === 0)
          ctx.addIssue({
            code: 'custom',
            path: ['vulnerabilities', i],
            message: 'a VEX statement needs a cve or ids',
          });
      });
  });

export type AdvisoryDraft = z.infer<typeof advisoryDraftSchema>;
export type DraftVulnerability = z.infer<typeof draftVulnerabilitySchema>;
