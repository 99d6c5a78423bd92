/**
 * Who controls an expression context: rules/github-actions-contexts.yaml classifies contexts as
 * attacker-controllable or fixed; everything else is unknown (evidence, not a guess).
 */
import type { z } from 'zod';
import { ruleFile } from '../../collectors/rules.js';
import { lazySchema } from '../../util/zod.js';

export type Trust = 'attacker' | 'fixed' | 'unknown';

const contextsSchema = lazySchema((z) =>
  z.strictObject({
    version: z.literal(1),
    contexts: z
      .array(
        z.strictObject({
          pattern: z.string().regex(/^[a-z_][a-z0-9_-]*(\.([a-z0-9_-]+|\*))*$/),
          trust: z.enum(['attacker', 'fixed']),
        }),
      )
      .min(1),
  }),
);

export type TrustTable = { pattern: string[]; trust: Exclude<Trust, 'unknown'> }[];

let table: TrustTable | undefined;

/** The shipped trust table, loaded and validated once per process. */
export function contextTrustTable(): TrustTable {
  table ??= ruleFile('github-actions-contexts.yaml', contextsSchema).contexts.map((c) => ({
    pattern: c.pattern.split('.'),
    trust: c.trust,
  }));
  return table;
}

function segmentsMatch(pattern: readonly string[], path: readonly string[], n: number): boolean {
  for (let i = 0; i < n; i++) {
    const p = pattern[i]!;
    const s = path[i]!;
    // a reference's own `*` (a filter or computed index) may be any element, so it matches anything
    if (p !== '*' && s !== '*' && p !== s) return false;
  }
  return true;
}

/**
 * Trust of a context path (`github.event.issue.title`; contexts are case-insensitive). The most
 * specific pattern wins; a path inside an attacker pattern, or an object holding one, is attacker.
 */
export function contextTrust(path: string, rules: TrustTable = contextTrustTable()): Trust {
  const parts = path.toLowerCase().split('.');
  let best: { length: number; trust: Trust } | undefined;
  let containsAttacker = false;
  for (const rule of rules) {
    const p = rule.pattern;
    if (p.length <= parts.length) {
      if (segmentsMatch(p, parts, p.length) && (!best || p.length > best.length))
        best = { length: p.length, trust: rule.trust };
    } else if (rule.trust === 'attacker' && segmentsMatch(p, parts, parts.length)) {
      containsAttacker = true;
    }
  }
  if (best?.trust === 'attacker' || containsAttacker) return 'attacker';
  return best?.trust ?? 'unknown';
}
