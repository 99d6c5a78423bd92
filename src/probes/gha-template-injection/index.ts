/**
 * Expressions expanded into a script (`run:`, actions/github-script `script:`). Each context the
 * expression reads is judged by who controls it (rules/github-actions-contexts.yaml), by constant
 * env and matrix values in scope, and by what it is (inputs, step outputs). Sub-rules say which
 * kind of origin a finding has, so a gate can keep only attacker-controlled ones.
 */
import {
  constantEnv,
  contextReferences,
  contextTrust,
  type Expr,
  embeddedExpressions,
  type Job,
  positionIn,
  resultOperands,
  type Step,
  type Str,
  stepEvents,
  stepsOf,
  type Workflow,
  type YValue,
} from '../../models/github-actions/index.js';
import { type ActionsFileModel, type AuditHit, actionsAuditProbe, strOf } from '../actions-audit.js';
import { actionName, auditRules } from '../actions-audit-rules.js';
import { definitionFor } from '../definitions.js';
import { quote } from '../text.js';
import type { Confidence, Severity } from '../types.js';

const definition = definitionFor(import.meta.url);

interface Origin {
  sub?: string;
  severity: Severity;
  confidence: Confidence;
  why: string;
  /** A value no one outside the repository chooses and that cannot carry shell syntax: shown, not a failure. */
  inert?: true;
}

/** Matrix values that cannot carry shell syntax. */
const INERT = /^[\w.,:/@+=-]*$/;

/** True when the matrix writes `key` (anywhere, include entries too) as text around an expression. */
function matrixValueHasExpression(v: YValue | undefined, key: string | undefined, depth = 0): boolean {
  if (!v || !key || depth > 8) return false;
  if (v.kind === 'seq') return v.items.some((i) => matrixValueHasExpression(i, key, depth + 1));
  if (v.kind !== 'map') return false;
  return v.entries.some((e) => {
    const value = e.value;
    if (e.key.value === key) {
      const texts = value.kind === 'seq' ? value.items : [value];
      if (
        texts.some(
          (t) =>
            t.kind === 'scalar' &&
            typeof t.value === 'string' &&
            /.\$\{\{|\$\{\{[\s\S]*\}\}./.test(t.value.trim()),
        )
      )
        return true;
    }
    return matrixValueHasExpression(value, key, depth + 1);
  });
}

function matrixOrigin(path: string[], job: Job | undefined): Origin | undefined {
  const matrix = job?.strategy?.matrix;
  const key = path[1];
  if (matrix?.combinations && key) {
    const values = matrix.combinations.map((c) => c[key]);
    if (values.every((v) => v === undefined || typeof v !== 'string' || INERT.test(v)))
      return {
        sub: 'matrix-static',
        severity: 'low',
        confidence: 'high',
        why: 'a constant matrix value (no injection risk)',
        inert: true,
      };
  }
  if (!matrix?.combinations)
    return matrixValueHasExpression(matrix?.value, path[1])
      ? {
          sub: 'matrix-expression',
          severity: 'medium',
          confidence: 'medium',
          why: 'a matrix value built from an expression',
        }
      : {
          sub: 'matrix',
          severity: 'medium',
          confidence: 'medium',
          why: 'a matrix value not known to be fixed',
        };
  // Every value is written in the workflow: shell syntax in one is the maintainers' own script
  // (several arguments in one value), unless a value is itself an expression.
  const values = matrix.combinations.map((c) => c[key!]);
  if (values.every((v) => typeof v !== 'string' || !v.includes('${{')))
    return {
      sub: 'matrix-constant',
      severity: 'low',
      confidence: 'high',
      why: "a constant matrix value written in the workflow (shell syntax in it is the maintainers' own, not injected)",
      inert: true,
    };
  return {
    sub: 'matrix',
    severity: 'medium',
    confidence: 'high',
    why: 'a matrix value holding an expression',
  };
}

function inputOrigin(path: string[], workflow: Workflow | undefined): Origin | undefined {
  const name = path[1];
  if (workflow && name) {
    for (const t of workflow.triggers) {
      if (t.event !== 'workflow_dispatch' && t.event !== 'workflow_call') continue;
      const c = t.config;
      if (c?.kind !== 'map') continue;
      const inputs = c.entries.find((e) => e.key.value === 'inputs')?.value;
      if (inputs?.kind !== 'map') continue;
      const def = inputs.entries.find((e) => e.key.value === name)?.value;
      const type = def?.kind === 'map' ? def.entries.find((e) => e.key.value === 'type')?.value : undefined;
      if (type?.kind === 'scalar' && ['boolean', 'number'].includes(String(type.value))) return undefined;
    }
  }
  return { sub: 'input', severity: 'low', confidence: 'low', why: 'an input its caller chooses' };
}

const FIXED: Origin = {
  sub: 'fixed-context',
  severity: 'low',
  confidence: 'high',
  why: 'fixed by GitHub or the repository (no injection risk, but better passed through env)',
  inert: true,
};

const SECRET: Origin = {
  sub: 'secret',
  severity: 'low',
  confidence: 'high',
  why: 'a secret (pasted into the script text)',
};

/** Sub-rules whose value comes from somewhere the workflow does not show. */
const UNKNOWN_ORIGINS = new Set(['env', 'input', 'output', 'unknown-context', 'matrix', 'matrix-expression']);

const WRITER_REF: Origin = {
  sub: 'writer-ref',
  severity: 'low',
  confidence: 'high',
  why: 'a ref name, chosen here only by people with write access (every event that runs this step is theirs)',
  inert: true,
};

/**
 * True when every event that may run the step is one only writers cause (push, schedule, a manual
 * run, ...): what they choose then runs nothing they could not already run by committing it.
 */
function writerOnly(step: Step, job: Job | undefined, workflow: Workflow | undefined): boolean {
  if (!workflow || !job) return false;
  const events = stepEvents(workflow, job, step);
  const writers = auditRules().writerEvents;
  return events.length > 0 && events.every((e) => writers.includes(e));
}

function origin(
  ref: string,
  step: Step,
  job: Job | undefined,
  workflow: Workflow | undefined,
): Origin | undefined {
  const path = ref.toLowerCase().split('.');
  const base = path[0];
  // the job's token is fixed, but pasting it into a script is a secret's problem, not a constant's
  if (base === 'secrets' || (base === 'github' && path[1] === 'token' && path.length === 2)) return SECRET;
  const trust = contextTrust(ref);
  if (trust === 'attacker') {
    if (auditRules().refNameContexts.includes(ref.toLowerCase()) && writerOnly(step, job, workflow))
      return WRITER_REF;
    return { severity: 'high', confidence: 'high', why: 'attacker-controllable' };
  }
  if (trust === 'fixed') return FIXED;
  if (base === 'env') {
    const name = ref.split('.')[1];
    if (name === undefined || name === '*') return undefined;
    const value = constantEnv(name, [step.env, job?.env, workflow?.env]);
    if (value !== undefined) return undefined;
    return { sub: 'env', severity: 'low', confidence: 'high', why: 'an env value not known to be constant' };
  }
  if (base === 'matrix') return matrixOrigin(path, job);
  if (base === 'inputs') return inputOrigin(path, workflow);
  if (base === 'steps' || base === 'needs')
    return path.includes('outputs')
      ? { sub: 'output', severity: 'info', confidence: 'low', why: 'the output of another step or job' }
      : FIXED;
  return { sub: 'unknown-context', severity: 'low', confidence: 'low', why: 'of unknown origin' };
}

/** `fromJSON(x).a`, `(a || b).c`: a value computed from the expression, not a context itself. */
function computedAccess(e: Expr): boolean {
  let cur = e;
  while (cur.type === 'property' || cur.type === 'index' || cur.type === 'star') cur = cur.object;
  return cur !== e && cur.type !== 'context';
}

function scriptSinks(step: Step): Str[] {
  const out: Str[] = [];
  if (step.run) out.push(step.run);
  const name = step.uses ? actionName(step.uses) : undefined;
  if (!name) return out;
  for (const sink of auditRules().scriptInputs) {
    if (sink.uses.toLowerCase() !== name) continue;
    const text = strOf(step.with?.entries.find((e) => e.name.value === sink.input)?.value);
    if (text) out.push(text);
  }
  return out;
}

function audit(file: ActionsFileModel): AuditHit[] {
  const out: AuditHit[] = [];
  for (const { step, job, workflow } of stepsOf(file)) {
    for (const sink of scriptSinks(step)) {
      if (!sink.value.includes('${{')) continue;
      for (const e of embeddedExpressions(sink.value)) {
        if (!('expr' in e.parsed)) continue;
        // only what can become the expanded text: `a && b` expands b, a merely decides
        for (const operand of resultOperands(e.parsed.expr)) {
          const computed = computedAccess(operand);
          for (const r of contextReferences(operand)) {
            let o = origin(r.path, step, job, workflow);
            if (!o) continue;
            // A value of unknown origin in a step only writers start: shown, not a failure.
            if (!o.inert && o.sub && UNKNOWN_ORIGINS.has(o.sub) && writerOnly(step, job, workflow))
              o = { ...o, inert: true, why: `${o.why} (only people with write access start this step)` };
            if (computed)
              o =
                o.severity === 'high'
                  ? { ...o, sub: 'computed', severity: 'info', confidence: 'low' }
                  : {
                      sub: 'output',
                      severity: 'info',
                      confidence: 'low',
                      why: 'a value computed from an expression',
                    };
            out.push({
              message: `${quote(r.path)} is ${o.why}, and is expanded into the script of ${job ? `job ${quote(job.id.value)}` : 'the action'}`,
              at: { ...positionIn(sink, e.innerStart + r.start), route: sink.route },
              scope: step.span,
              key: `${job?.id.value ?? ''}|${step.id?.value ?? step.name?.value ?? ''}|${r.path}`,
              ...(o.sub ? { sub: o.sub } : {}),
              severity: o.severity,
              confidence: o.confidence,
              ...(o.inert
                ? {
                    outcome: 'observation' as const,
                    remediation:
                      'Nothing to fix for safety; passing the value through `env:` ("$NAME") keeps every script free of expansions.',
                  }
                : {}),
            });
          }
        }
      }
    }
  }
  return out;
}

export const probe = actionsAuditProbe(definition, audit);
