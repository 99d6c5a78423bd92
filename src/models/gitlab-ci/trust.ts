/** rules/gitlab-ci.yaml, validated: attacker-controlled variables, code sinks, merge-request signals. */
import type { z } from 'zod';
import { regexSource, ruleFile, ruleRegex } from '../../collectors/rules.js';
import { lazySchema } from '../../util/zod.js';

const schema = lazySchema((z) =>
  z.strictObject({
    version: z.literal(1),
    attackerControlled: z.array(z.string().regex(/^[A-Z0-9_]+$/)).min(1),
    codeSinks: regexSource(),
    mergeRequestSignals: regexSource(),
    forkGuards: regexSource(),
    credentialNames: regexSource(),
    deployEnvironments: regexSource(),
  }),
);

export function gitlabTrust() {
  const r = ruleFile('gitlab-ci.yaml', schema);
  return {
    attackerControlled: new Set(r.attackerControlled),
    codeSinks: ruleRegex(r.codeSinks, 'i'),
    mergeRequestSignals: ruleRegex(r.mergeRequestSignals),
    forkGuards: ruleRegex(r.forkGuards),
    credentialNames: ruleRegex(r.credentialNames),
    deployEnvironments: ruleRegex(r.deployEnvironments, 'i'),
  };
}

/** `$NAME`, `${NAME}` and `%NAME%` references in a command or value. */
export function variableRefs(text: string): { name: string; index: number }[] {
  const out: { name: string; index: number }[] = [];
  for (const m of text.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?|%([A-Za-z_][A-Za-z0-9_]*)%/g)) {
    out.push({ name: (m[1] ?? m[2])!, index: m.index });
  }
  return out;
}
