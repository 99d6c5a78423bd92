/**
 * The secret rules (rules/secrets.yaml, data) and their compiled form. The shipped file is
 * validated when loaded (and by the build); rules a user adds in vouch.yaml go through the same
 * schema, so a user rule cannot do anything a shipped one cannot.
 */
import { z } from 'zod';
import { regexSource, ruleFile } from '../collectors/rules.js';
import type { Confidence, Severity } from '../probes/types.js';
import { VALIDATORS } from './validators.js';

export const SECRETS_FILE = 'secrets.yaml';

/** Accepts "16 MiB", "512 KiB", "100 B" or a number of bytes. */
const byteSize = z.union([
  z.number().int().positive(),
  z.string().regex(/^\d+\s*(?:B|KiB|MiB)$/, 'expected a size such as 16 MiB'),
]);

function bytes(v: number | string): number {
  if (typeof v === 'number') return v;
  const m = /^(\d+)\s*(B|KiB|MiB)$/.exec(v)!;
  return Number(m[1]) * (m[2] === 'MiB' ? 1024 * 1024 : m[2] === 'KiB' ? 1024 : 1);
}

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

export const secretRuleSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'kebab-case id'),
  title: z.string().min(1),
  keywords: z.array(z.string().min(2).max(64)).min(1),
  pattern: regexSource.superRefine((s, ctx) => {
    const hazard = patternHazard(s);
    if (hazard) ctx.addIssue({ code: 'custom', message: hazard });
  }),
  flags: z.enum(['i', '']).optional(),
  entropy: z.number().min(0).max(8).optional(),
  check: z.enum(Object.keys(VALIDATORS) as [string, ...string[]]).optional(),
  allow: z.array(regexSource).optional(),
  severity: z.enum(severities),
  confidence: z.enum(confidences),
  enabled: z.boolean().optional(),
  gate: z.boolean().optional(),
  lockfiles: z.boolean().optional(),
});

export const secretsFileSchema = z.strictObject({
  version: z.literal(1),
  limits: z.strictObject({
    maxFileBytes: byteSize,
    window: z.number().int().min(256).max(65536),
    minifiedLine: z.number().int().min(100),
  }),
  skip: z.strictObject({ lockfiles: z.array(z.string().min(1)), generated: z.array(z.string().min(1)) }),
  rules: z
    .array(secretRuleSchema)
    .min(1)
    .refine((rs) => new Set(rs.map((r) => r.id)).size === rs.length, { message: 'rule ids must be unique' }),
});

export type SecretRuleSpec = z.infer<typeof secretRuleSchema>;
export type SecretsFile = z.infer<typeof secretsFileSchema>;

/** A rule ready to run. */
export interface SecretRule {
  id: string;
  title: string;
  keywords: string[];
  /** Global (and sticky-free) regex; callers set lastIndex. */
  pattern: RegExp;
  entropy?: number;
  check?: keyof typeof VALIDATORS;
  allow: RegExp[];
  severity: Severity;
  confidence: Confidence;
  gate: boolean;
  lockfiles: boolean;
}

export interface SecretLimits {
  maxFileBytes: number;
  window: number;
  minifiedLine: number;
}

/** What vouch.yaml (or a caller) changes about the shipped rules. */
export interface SecretRuleOptions {
  /** Rules to add, same shape as in rules/secrets.yaml. */
  add?: SecretRuleSpec[];
  /** Rule ids to turn off. */
  disable?: string[];
  /** Rule ids that are off by default (enabled: false) to turn on. */
  enable?: string[];
  /** Regexes (or /regex/ strings); a secret matching one is not reported, whatever the rule. */
  allow?: string[];
}

export function loadSecretsFile(): SecretsFile {
  return ruleFile(SECRETS_FILE, secretsFileSchema);
}

export function compileRule(spec: SecretRuleSpec, extraAllow: RegExp[] = []): SecretRule {
  return {
    id: spec.id,
    title: spec.title,
    keywords: spec.keywords,
    pattern: new RegExp(spec.pattern, `g${spec.flags ?? ''}`),
    ...(spec.entropy !== undefined ? { entropy: spec.entropy } : {}),
    ...(spec.check ? { check: spec.check as keyof typeof VALIDATORS } : {}),
    allow: [...(spec.allow ?? []).map((a) => new RegExp(a)), ...extraAllow],
    severity: spec.severity,
    confidence: spec.confidence,
    gate: spec.gate ?? true,
    lockfiles: spec.lockfiles ?? false,
  };
}

/** "/re/" or "re" as a RegExp; a plain string that is not a valid regex is matched literally. */
export function allowPattern(text: string): RegExp {
  const m = /^\/(.*)\/$/.exec(text);
  const source = m ? m[1]! : text;
  try {
    return new RegExp(source);
  } catch {
    return new RegExp(source.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  }
}

/** The rules in force: shipped rules less disabled, plus enabled and added ones. Throws on unknown ids. */
export function secretRules(options: SecretRuleOptions = {}): {
  rules: SecretRule[];
  limits: SecretLimits;
  skip: SecretsFile['skip'];
} {
  const file = loadSecretsFile();
  const specs = [...file.rules];
  for (const add of options.add ?? []) {
    const parsed = secretRuleSchema.safeParse(add);
    if (!parsed.success)
      throw new Error(
        `secret rule ${String(add.id)}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
    if (specs.some((s) => s.id === parsed.data.id))
      throw new Error(`secret rule ${parsed.data.id} already exists`);
    specs.push({ ...parsed.data, enabled: parsed.data.enabled ?? true });
  }
  const known = new Set(specs.map((s) => s.id));
  for (const id of [...(options.disable ?? []), ...(options.enable ?? [])]) {
    if (!known.has(id)) throw new Error(`unknown secret rule ${id} (known: ${[...known].join(', ')})`);
  }
  const disabled = new Set(options.disable ?? []);
  const enabled = new Set(options.enable ?? []);
  const extraAllow = (options.allow ?? []).map(allowPattern);
  const rules = specs
    .filter((s) => !disabled.has(s.id) && (s.enabled !== false || enabled.has(s.id)))
    .map((s) => compileRule(s, extraAllow));
  return {
    rules,
    limits: {
      maxFileBytes: bytes(file.limits.maxFileBytes),
      window: file.limits.window,
      minifiedLine: file.limits.minifiedLine,
    },
    skip: file.skip,
  };
}
