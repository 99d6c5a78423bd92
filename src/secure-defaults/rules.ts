/**
 * The secure-default rules (rules/secure-defaults.yaml), validated and compiled once: each
 * rule's globs, keywords and patterns. Detection knowledge stays in the YAML.
 */
import type { z } from 'zod';
import { regexSource, ruleFile } from '../collectors/rules.js';
import { lazySchema } from '../util/zod.js';

export const SECURE_DEFAULTS_FILE = 'secure-defaults.yaml';

/** The probes the rules feed; a rule names one. */
export const SECURE_DEFAULT_PROBES = ['insecure-defaults', 'default-credentials'] as const;
export type SecureDefaultProbe = (typeof SECURE_DEFAULT_PROBES)[number];

const keyword = lazySchema((z) => z.string().regex(/^[\x20-\x7e]+$/, 'keywords are printable ASCII'));

const ruleSchema = lazySchema((z) =>
  z.strictObject({
    id: z.string().regex(/^[a-z0-9-]+$/),
    probe: z.enum(SECURE_DEFAULT_PROBES),
    title: z.string().min(1),
    files: z.array(z.string().min(1)).min(1),
    keywords: z.array(keyword()).min(1),
    pattern: regexSource(),
    flags: z
      .string()
      .regex(/^[imsu]*$/)
      .optional(),
    near: z.strictObject({ pattern: regexSource(), lines: z.number().int().min(1).max(20) }).optional(),
    inFile: z.strictObject({ keywords: z.array(keyword()).min(1), pattern: regexSource() }).optional(),
    unless: regexSource().optional(),
    severity: z.enum(['critical', 'high', 'medium', 'low']),
    confidence: z.enum(['high', 'medium', 'low']),
    remediation: z.string().min(1),
    stance: z.string().min(1),
  }),
);

const fileSchema = lazySchema((z) =>
  z.strictObject({
    version: z.literal(1),
    limits: z.strictObject({
      maxFileBytes: z.number().int().positive(),
      maxLineChars: z.number().int().positive(),
    }),
    testNames: regexSource(),
    developmentNames: regexSource(),
    rules: z.array(ruleSchema()).min(1),
  }),
);

export type SecureDefaultRuleData = z.infer<ReturnType<typeof ruleSchema>>;

export interface SecureDefaultRule
  extends Omit<SecureDefaultRuleData, 'pattern' | 'near' | 'inFile' | 'unless'> {
  pattern: RegExp;
  near?: { pattern: RegExp; lines: number };
  inFile?: { keywords: string[]; pattern: RegExp };
  unless?: RegExp;
}

export interface SecureDefaultRules {
  rules: SecureDefaultRule[];
  limits: { maxFileBytes: number; maxLineChars: number };
  testNames: RegExp;
  developmentNames: RegExp;
}

let compiled: SecureDefaultRules | undefined;

export function compileSecureDefaultRules(data: z.infer<ReturnType<typeof fileSchema>>): SecureDefaultRules {
  return {
    limits: data.limits,
    testNames: new RegExp(data.testNames, 'i'),
    developmentNames: new RegExp(data.developmentNames, 'i'),
    rules: data.rules.map(({ near, inFile, unless, ...r }): SecureDefaultRule => {
      const flags = r.flags ?? 'i';
      return {
        ...r,
        pattern: new RegExp(r.pattern, flags),
        ...(near ? { near: { pattern: new RegExp(near.pattern, flags), lines: near.lines } } : {}),
        ...(inFile
          ? { inFile: { keywords: inFile.keywords, pattern: new RegExp(inFile.pattern, flags) } }
          : {}),
        ...(unless ? { unless: new RegExp(unless, flags) } : {}),
      };
    }),
  };
}

/** The shipped rules, loaded and compiled once per process. */
export function secureDefaultRules(): SecureDefaultRules {
  compiled ??= compileSecureDefaultRules(ruleFile(SECURE_DEFAULTS_FILE, fileSchema));
  return compiled;
}
