/**
 * The shape of a secret rule, shared by rules/secrets.yaml and the `secrets.rules` of vouch.yaml
 * (so a user rule can do nothing a shipped one cannot).
 */
import type { z } from 'zod';
import { regexSource } from '../collectors/rules.js';
import { lazySchema } from '../util/zod.js';
import { VALIDATORS } from './validators.js';

/** Accepts "16 MiB", "512 KiB", "100 B" or a number of bytes. */
const byteSize = lazySchema((z) =>
  z.union([
    z.number().int().positive(),
    z.string().regex(/^\d+\s*(?:B|KiB|MiB)$/, 'expected a size such as 16 MiB'),
  ]),
);

/**
 * Nested quantifiers (a quantified group holding a quantifier) are how a JavaScript regex
 * backtracks exponentially; rules may not have them, and every quantifier is bounded.
 */
export function patternHazard(source: string): string | undefined {
  if (/(?<!\\)[*+](?![^[]*\])/.test(source.replace(/\\./g, '')))
    return 'unbounded quantifier (* or +); use {m,n}';
  if (/\{\d*,\}/.test(source)) return 'unbounded quantifier {m,}; give an upper bound';
  if (/\([^()]*\{\d+,\d+\}[^()]*\)\{/.test(source)) return 'nested quantifier';
  return undefined;
}

const severities = ['critical', 'high', 'medium', 'low', 'info'] as const;
const confidences = ['high', 'medium', 'low'] as const;

export const secretRuleSchema = lazySchema((z) =>
  z.strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'kebab-case id'),
    title: z.string().min(1),
    keywords: z.array(z.string().min(2).max(64)).min(1),
    pattern: regexSource().superRefine((s, ctx) => {
      const hazard = patternHazard(s);
      if (hazard) ctx.addIssue({ code: 'custom', message: hazard });
    }),
    flags: z.enum(['i', '']).optional(),
    entropy: z.number().min(0).max(8).optional(),
    check: z.enum(Object.keys(VALIDATORS) as [string, ...string[]]).optional(),
    allow: z.array(regexSource()).optional(),
    severity: z.enum(severities),
    confidence: z.enum(confidences),
    enabled: z.boolean().optional(),
    gate: z.boolean().optional(),
    lockfiles: z.boolean().optional(),
    testMaterial: z.boolean().optional(),
  }),
);

export const secretsFileSchema = lazySchema((z) =>
  z.strictObject({
    version: z.literal(1),
    limits: z.strictObject({
      maxFileBytes: byteSize(),
      window: z.number().int().min(256).max(65536),
      minifiedLine: z.number().int().min(100),
    }),
    skip: z.strictObject({ lockfiles: z.array(z.string().min(1)), generated: z.array(z.string().min(1)) }),
    rules: z
      .array(secretRuleSchema())
      .min(1)
      .refine((rs) => new Set(rs.map((r) => r.id)).size === rs.length, {
        message: 'rule ids must be unique',
      }),
  }),
);

export type SecretRuleSpec = z.infer<ReturnType<typeof secretRuleSchema>>;
export type SecretsFile = z.infer<ReturnType<typeof secretsFileSchema>>;
