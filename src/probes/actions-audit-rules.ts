/** rules/github-actions-audits.yaml: what the GitHub Actions audits know, as data. */
import type { z } from 'zod';
import { regexSource, ruleFile } from '../collectors/rules.js';
import { lazySchema } from '../util/zod.js';

const schema = lazySchema((z) =>
  z.strictObject({
    version: z.literal(1),
    refPinnedOwners: z.array(z.string().min(1)).transform((a) => a.map((o) => o.toLowerCase())),
    cacheAware: z.array(
      z.strictObject({
        uses: z.string().min(1),
        input: z.string().min(1).optional(),
        /** The value when the input is not given: on, off, or `auto` (read by `auto` below). */
        default: z.union([z.boolean(), z.literal('auto')]).optional(),
        /** What `auto` does, by the action's major version: the first band with `below` above it. */
        auto: z
          .array(
            z.strictObject({
              below: z.number().int().positive().optional(),
              caches: z.boolean(),
              /** Events whose runs `auto` does not cache in. */
              exceptOn: z.array(z.string().min(1)).optional(),
            }),
          )
          .optional(),
        invert: z.boolean().optional(),
        /** Caching happens only when this input is given too (setup-buildx caches a pinned version). */
        requires: z.string().min(1).optional(),
      }),
    ),
    publishers: z.array(z.string().min(1)),
    scriptInputs: z.array(z.strictObject({ uses: z.string().min(1), input: z.string().min(1) })),
    download: regexSource(),
    verification: regexSource(),
    writerEvents: z.array(z.string().min(1)),
    refNameContexts: z.array(z.string().min(1)).transform((a) => a.map((c) => c.toLowerCase())),
    botActorIds: z.array(z.string().regex(/^\d+$/)),
    writeScopes: z.record(z.string().min(1), z.enum(['low', 'medium', 'high', 'critical'])),
  }),
);

export type ActionsAuditRules = z.infer<ReturnType<typeof schema>>;

export function auditRules(): ActionsAuditRules {
  return ruleFile('github-actions-audits.yaml', schema);
}

/** `owner/repo[/path]` of a repository `uses:` (lower case), for matching against the rules. */
export function actionName(uses: {
  kind: string;
  owner?: string;
  repo?: string;
  path?: string;
}): string | undefined {
  if (uses.kind !== 'repository') return undefined;
  return [uses.owner, uses.repo, uses.path]
    .filter((x) => x)
    .join('/')
    .toLowerCase();
}
