/**
 * Questions collectors ask of the model: which events reach a job or step (an `if:` on
 * `github.event_name`, or a needed job that never runs for the event), whether a command's exit
 * code can fail the job, and `run:` text with constant `env` expressions substituted.
 */
import {
  type ContextReference,
  contextReferences,
  type Expr,
  embeddedExpressions,
  parseExpression,
} from './expressions.js';
import type { Action, Env, Job, Step, Str, Uses, Workflow } from './types.js';

const UNKNOWN = Symbol('unknown');
type Value = string | number | boolean | null | unknown[] | typeof UNKNOWN;

function truthy(v: Exclude<Value, typeof UNKNOWN>): boolean {
  return !(v === false || v === null || v === 0 || v === '' || Number.isNaN(v));
}

function looseEqual(a: Value, b: Value): Value {
  if (a === UNKNOWN || b === UNKNOWN) return UNKNOWN;
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  if (typeof a === typeof b && !Array.isArray(a)) return a === b;
  return UNKNOWN;
}

const MAX_JSON_LITERAL = 10_000;

/** Three-valued evaluation with only `github.event_name` known; anything else is UNKNOWN. */
function evaluate(e: Expr, eventName: string): Value {
  switch (e.type) {
    case 'literal':
      return e.value;
    case 'property':
      return e.object.type === 'context' &&
        e.object.name.toLowerCase() === 'github' &&
        e.name.toLowerCase() === 'event_name'
        ? eventName
        : UNKNOWN;
    case 'unary': {
      const v = evaluate(e.operand, eventName);
      return v === UNKNOWN ? UNKNOWN : !truthy(v);
    }
    case 'binary': {
      const l = evaluate(e.left, eventName);
      if (e.op === '&&' || e.op === '||') {
        const r = evaluate(e.right, eventName);
        const and = e.op === '&&';
        if (l !== UNKNOWN) return truthy(l) === and ? r : l;
        if (r !== UNKNOWN && truthy(r) !== and) return r;
        return UNKNOWN;
      }
      const r = evaluate(e.right, eventName);
      if (e.op === '==' || e.op === '!=') {
        const eq = looseEqual(l, r);
        return eq === UNKNOWN ? UNKNOWN : e.op === '==' ? eq : !eq;
      }
      return UNKNOWN;
    }
    case 'call': {
      const name = e.name.toLowerCase();
      const args = e.args.map((a) => evaluate(a, eventName));
      if (args.includes(UNKNOWN)) return UNKNOWN;
      const [a, b] = args;
      if (name === 'fromjson' && typeof a === 'string' && a.length <= MAX_JSON_LITERAL) {
        try {
          const v = JSON.parse(a) as unknown;
          return Array.isArray(v) || typeof v !== 'object' ? (v as Value) : UNKNOWN;
        } catch {
          return UNKNOWN;
        }
      }
      if (name === 'contains') {
        if (Array.isArray(a)) return a.some((x) => looseEqual(x as Value, b as Value) === true);
        if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase().includes(b.toLowerCase());
      }
      if ((name === 'startswith' || name === 'endswith') && typeof a === 'string' && typeof b === 'string') {
        const x = a.toLowerCase();
        const y = b.toLowerCase();
        return name === 'startswith' ? x.startsWith(y) : x.endsWith(y);
      }
      return UNKNOWN;
    }
    default:
      return UNKNOWN;
  }
}

/** The expression of an `if:`: `${{ x }}` around the whole value, or the bare text. */
export function conditionExpression(text: string): Expr | undefined {
  const t = text.trim();
  const whole = /^\$\{\{([\s\S]*)\}\}$/.exec(t);
  if (!whole && t.includes('${{')) return undefined;
  const parsed = parseExpression(whole ? whole[1]! : t);
  return 'expr' in parsed ? parsed.expr : undefined;
}

/** False only when the condition is certainly false for this event; unknown conditions may run. */
export function mayRunOn(condition: string | undefined, eventName: string): boolean {
  if (condition === undefined || condition.trim() === '') return true;
  const expr = conditionExpression(condition);
  if (!expr) return true;
  const v = evaluate(expr, eventName);
  return v === UNKNOWN || truthy(v);
}

/** Status functions let a job run although a job it needs was skipped. */
function runsAfterSkippedNeeds(condition: string | undefined): boolean {
  return condition !== undefined && /\b(?:always|failure|cancelled)\s*\(/i.test(condition);
}

/**
 * The workflow events that may start `job`: the workflow's triggers, minus events its `if:` rules
 * out, minus events for which a job it needs never runs. Reusable workflows report `workflow_call`
 * (the caller's events are not known here).
 */
export function jobEvents(workflow: Workflow, job: Job): string[] {
  const events = [...new Set(workflow.triggers.map((t) => t.event))];
  const byId = new Map(workflow.jobs.map((j) => [j.id.value, j]));
  const memo = new Map<string, Set<string>>();
  const reach = (j: Job, visiting: Set<string>): Set<string> => {
    const known = memo.get(j.id.value);
    if (known) return known;
    let out = new Set(events.filter((e) => mayRunOn(j.if?.value, e)));
    if (!visiting.has(j.id.value) && !runsAfterSkippedNeeds(j.if?.value)) {
      visiting.add(j.id.value);
      for (const need of j.needs) {
        const dep = byId.get(need.value);
        if (!dep) continue;
        const depEvents = reach(dep, visiting);
        out = new Set([...out].filter((e) => depEvents.has(e)));
      }
      visiting.delete(j.id.value);
    }
    memo.set(j.id.value, out);
    return out;
  };
  const reached = reach(job, new Set());
  return events.filter((e) => reached.has(e));
}

/** The events that may run `step` of `job` (its own `if:` on top of the job's). */
export function stepEvents(workflow: Workflow, job: Job, step: Step): string[] {
  return jobEvents(workflow, job).filter((e) => mayRunOn(step.if?.value, e));
}

/** Events whose runs test proposed changes before they merge. */
export const PULL_REQUEST_EVENTS: readonly string[] = ['pull_request', 'pull_request_target', 'merge_group'];

/** True when a pull request can run this job (so its failure can block the change). */
export function jobGatesPullRequests(workflow: Workflow, job: Job): boolean {
  return jobEvents(workflow, job).some((e) => PULL_REQUEST_EVENTS.includes(e));
}

const SWALLOW_AT_END = /(?:\|\|\s*(?:true|:|exit\s+0?)|;\s*exit\s+0|^\s*exit\s+0)\s*(?:#.*)?$/;
const SET_PLUS_E = /^\s*set\s+(?:[-+][a-z]*\s+)*\+[a-z]*e/m;

/** A custom `shell:` such as `bash {0}`: without -e a failing line does not stop the script. */
function shellWithoutErrexit(shell: string): boolean {
  return /^(?:bash|sh)\b/.test(shell) && shell.includes('{0}') && !/\s-[a-z]*e/.test(shell);
}

/**
 * Why a failure of the command on line `lineIndex` of the step's `run:` cannot fail the job, or
 * undefined when it can (as far as the text shows): `continue-on-error: true` on the step or job,
 * `|| true` / `|| exit 0` after the command, `set +e` before it, or a custom shell without `-e`
 * where only the last command's status counts.
 */
export function exitCodeIgnored(step: Step, job: Job | undefined, lineIndex?: number): string | undefined {
  if (step.continueOnError?.value.trim() === 'true') return 'the step has continue-on-error: true';
  if (job?.continueOnError?.value.trim() === 'true') return 'the job has continue-on-error: true';
  const run = step.run?.value;
  if (run === undefined) return undefined;
  const lines = run.split('\n');
  const lastCommand = lines.findLastIndex((l) => l.trim() !== '' && !l.trim().startsWith('#'));
  const index = lineIndex ?? lastCommand;
  const line = lines[index] ?? '';
  if (SWALLOW_AT_END.test(line)) return `the command ends with "${SWALLOW_AT_END.exec(line)![0].trim()}"`;
  const before = lines.slice(0, index + 1).join('\n');
  if (SET_PLUS_E.test(before)) return 'set +e turns off exit on error before the command';
  if (
    lineIndex !== undefined &&
    index !== lastCommand &&
    step.shell &&
    shellWithoutErrexit(step.shell.value.trim())
  )
    return `shell "${step.shell.value.trim()}" has no -e: only the last command's status counts`;
  // the last command decides the step: a swallowing last line swallows the whole script
  if (lineIndex === undefined && lastCommand >= 0 && SWALLOW_AT_END.test(lines[lastCommand]!))
    return 'the script ends with a command that always succeeds';
  return undefined;
}

/** A constant `env` value visible at a step: step env, then job env, then workflow env. */
export function constantEnv(name: string, scopes: readonly (Env | undefined)[]): string | undefined {
  for (const env of scopes) {
    if (!env) continue;
    if (env.expression) return undefined;
    const entry = env.entries.find((e) => e.name.value === name);
    if (entry) return entry.constant;
  }
  return undefined;
}

/** `${{ env.X }}` / `${{ env['X'] }}` resolved against constant env (nearest scope first); the rest kept. */
export function expandEnv(text: string, scopes: readonly (Env | undefined)[]): string {
  if (!text.includes('${{')) return text;
  let out = '';
  let last = 0;
  for (const e of embeddedExpressions(text)) {
    if (!('expr' in e.parsed)) continue;
    const x = e.parsed.expr;
    let name: string | undefined;
    if (x.type === 'property' && x.object.type === 'context' && x.object.name.toLowerCase() === 'env')
      name = x.name;
    if (
      x.type === 'index' &&
      x.object.type === 'context' &&
      x.object.name.toLowerCase() === 'env' &&
      x.index.type === 'literal' &&
      typeof x.index.value === 'string'
    )
      name = x.index.value;
    const value = name === undefined ? undefined : constantEnv(name, scopes);
    if (value === undefined) continue;
    out += text.slice(last, e.start) + value;
    last = e.end;
  }
  return last === 0 ? text : out + text.slice(last);
}

/** A step's `run:` text with constant env expressions substituted (undefined without `run:`). */
export function expandedRun(
  step: Step,
  job: Job | undefined,
  workflow: Workflow | undefined,
): string | undefined {
  if (!step.run) return undefined;
  return expandEnv(step.run.value, [step.env, job?.env, workflow?.env]);
}

/** Every context an embedded expression in `text` reads, with offsets into `text`. */
export function referencesIn(text: string): ContextReference[] {
  const out: ContextReference[] = [];
  for (const e of embeddedExpressions(text)) {
    if (!('expr' in e.parsed)) continue;
    for (const r of contextReferences(e.parsed.expr))
      out.push({ path: r.path, start: e.innerStart + r.start, end: e.innerStart + r.end });
  }
  return out;
}

/**
 * Where character `offset` of a string node's value is in the file. Exact for one-line plain
 * values, one-line quoted values without escapes and literal blocks; otherwise the value's start.
 * A value reached through an alias is placed in the anchored text.
 */
export function positionIn(s: Str, offset: number): { line: number; column: number } {
  // through an alias: positions are those of the anchored text
  if (s.text) {
    if (!s.text.lineMapped && !s.via) return { line: s.text.line, column: s.text.column };
    let line = 0;
    let lineStart = 0;
    for (let i = s.value.indexOf('\n'); i >= 0 && i < offset; i = s.value.indexOf('\n', i + 1)) {
      line++;
      lineStart = i + 1;
    }
    return { line: s.text.line + line, column: s.text.indent + (offset - lineStart) + 1 };
  }
  if (s.span.line !== s.span.endLine) return { line: s.span.line, column: s.span.column };
  const quoted = s.span.endColumn - s.span.column === s.value.length + 2;
  return { line: s.span.line, column: s.span.column + offset + (quoted ? 1 : 0) };
}

/** A step with the job and workflow around it (both undefined for an action's steps). */
export interface StepInContext {
  step: Step;
  job?: Job;
  workflow?: Workflow;
}

/** Every step of a workflow's jobs, or of a composite action. */
/** Every `uses:` of a file in document order: reusable-workflow calls, then each job's steps; an action's steps. */
export function usesOf(file: Workflow | Action): Uses[] {
  const all: Uses[] = [];
  if (file.kind === 'workflow') {
    for (const job of file.jobs) {
      if (job.uses) all.push(job.uses);
      for (const step of job.steps) if (step.uses) all.push(step.uses);
    }
  } else for (const step of file.runs?.steps ?? []) if (step.uses) all.push(step.uses);
  return all;
}

export function stepsOf(file: Workflow | Action): StepInContext[] {
  if (file.kind === 'action') return (file.runs?.steps ?? []).map((step) => ({ step }));
  return file.jobs.flatMap((job) => job.steps.map((step) => ({ step, job, workflow: file })));
}
