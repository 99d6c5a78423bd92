/**
 * The shape of src/probes/<id>/probe.yaml. Used at build time (build-definitions.ts) and in
 * tests; a built vouch reads the generated JSON without it.
 */
import { z } from 'zod';
import { OUTCOMES } from './types.js';

const text = z.string().trim().min(1);
const outcome = z.enum(OUTCOMES);

export const probeFileSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lower-case words joined by hyphens'),
    title: text,
    lifecycle: z.enum(['experimental', 'stable', 'deprecated']),
    description: text,
    facts: z.array(z.string().min(1)),
    severity: z.enum(['info', 'low', 'medium', 'high', 'critical']),
    confidence: z.enum(['low', 'medium', 'high']),
    outcomes: z.partialRecord(outcome, text),
    remediation: z.strictObject({
      text,
      effort: z.enum(['low', 'medium', 'high']),
      onOutcome: z.array(outcome).min(1),
    }),
    // A product of several repositories (vouch.yaml repositories:): whether this probe's fact
    // must hold in every repository it applies to, or once for the product (a policy, a statement).
    combine: z.enum(['every-repository', 'any-repository']).optional(),
    // What the probe deliberately leaves out to stay precise, and how an exception is allowed.
    falsePositives: text.optional(),
    docs: z.string().regex(/^[\w./-]+#[a-z0-9-]+$/, 'a repository path and an anchor, e.g. README.md#probes'),
  })
  .superRefine((def, ctx) => {
    const declared = new Set(Object.keys(def.outcomes));
    // Every probe may find its facts missing; saying what that means is part of the definition.
    if (!declared.has('error'))
      ctx.addIssue({ code: 'custom', path: ['outcomes'], message: 'says nothing about error' });
    for (const o of def.remediation.onOutcome) {
      if (!declared.has(o)) {
        ctx.addIssue({
          code: 'custom',
          path: ['remediation', 'onOutcome'],
          message: `${o} is not among the outcomes`,
        });
      }
    }
    // Information is an observation; a failure that weighs nothing is a contradiction.
    if (declared.has('fail') && def.severity === 'info') {
      ctx.addIssue({
        code: 'custom',
        path: ['severity'],
        message: 'a probe that can fail needs a severity above info',
      });
    }
  });

export type ProbeFile = z.infer<typeof probeFileSchema>;
