/**
 * The secret rules (rules/secrets.yaml, data) and their compiled form. The shipped file is
 * validated when loaded (and by the build); rules a user adds in vouch.yaml go through the same
 * schema, so a user rule cannot do anything a shipped one cannot.
 */
import { readFileSync } from 'node:fs';
import { shippedValues } from '../catalogue/shipped-data.js';
import { parseRuleYaml, RULES_DIR, ruleFile, validateRules } from '../collectors/rules.js';
import type { Confidence, Severity } from '../probes/types.js';
import { type SecretRuleSpec, type SecretsFile, secretRuleSchema, secretsFileSchema } from './rule-schema.js';
import type { VALIDATORS } from './validators.js';

export type { SecretRuleSpec, SecretsFile };

export const SECRETS_FILE = 'secrets.yaml';

function bytes(v: number | string): number {
  if (typeof v === 'number') return v;
  const m = /^(\d+)\s*(B|KiB|MiB)$/.exec(v)!;
  return Number(m[1]) * (m[2] === 'MiB' ? 1024 * 1024 : m[2] === 'KiB' ? 1024 : 1);
}

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

/** Validates the text of rules/secrets.yaml (the build calls this; invalid data fails it). */
export function validateSecretsFile(text: string): SecretsFile {
  return validateRules(SECRETS_FILE, parseRuleYaml(SECRETS_FILE, text), secretsFileSchema());
}

let loaded: SecretsFile | undefined;

/** The shipped rules: the build's validated copy when it matches the file, else validated now. */
export function loadSecretsFile(): SecretsFile {
  if (!loaded) {
    const text = readFileSync(new URL(SECRETS_FILE, RULES_DIR), 'utf8');
    const shipped = shippedValues('rules', { [SECRETS_FILE]: text });
    loaded = shipped ? (shipped[SECRETS_FILE] as SecretsFile) : ruleFile(SECRETS_FILE, secretsFileSchema);
  }
  return loaded;
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
    const parsed = secretRuleSchema().safeParse(add);
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
