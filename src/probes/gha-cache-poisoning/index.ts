/**
 * Cache poisoning in release jobs: a job is a release job when its workflow runs on `release`, on
 * pushed tags or on a release branch, or when the job has a publishing step; every step of it that
 * restores a cache (rules/github-actions-audits.yaml `cacheAware`: always, or as an input turns it
 * on, its default when not given) is a hit at its `uses:`. An input given by an expression may turn
 * caching on: reported too (the confidence is low in every case: the cache may hold nothing an
 * attacker could write).
 */
import {
  conditionExpression,
  type Expr,
  type Step,
  type Str,
  usesVersion,
  type Workflow,
} from '../../models/github-actions/index.js';
import { type ActionsFileModel, type AuditHit, actionsAuditProbe } from '../actions-audit.js';
import { type ActionsAuditRules, actionName, auditRules } from '../actions-audit-rules.js';
import { definitionFor } from '../definitions.js';
import { quote } from '../text.js';

const definition = definitionFor(import.meta.url);

/** The workflow's release triggers: `tag` (pushed tags), `release` (the event), `branch` (a release branch). */
function releaseTriggers(w: Workflow): ('tag' | 'release' | 'branch')[] {
  const out: ('tag' | 'release' | 'branch')[] = [];
  for (const t of w.triggers) {
    if (t.event === 'release') out.push('release');
    if (t.event !== 'push') continue;
    if (t.filters.tags !== undefined) out.push('tag');
    if ((t.filters.branches ?? []).some((b) => b.toLowerCase().includes('release'))) out.push('branch');
  }
  return out;
}

const WHY = {
  tag: 'it runs on pushed tags',
  release: 'it runs on release',
  branch: 'it runs on a release branch',
};

/**
 * The value of an expression (a cache input, an `if:`) in a run for a tag or a release, when that
 * is known: `startsWith(github.ref, 'refs/tags/')`, `github.event_name == 'push' && github.ref_type
 * == 'tag'`, literals, their negations, and `&&` / `||` of them as far as one side decides.
 * Undefined for anything else.
 */
function onTagRun(e: Expr, depth = 0): boolean | undefined {
  if (depth > 16) return undefined;
  if (e.type === 'literal' && typeof e.value === 'boolean') return e.value;
  if (e.type === 'unary') {
    const v = onTagRun(e.operand, depth + 1);
    return v === undefined ? undefined : !v;
  }
  const text = (x: Expr): string | undefined =>
    x.type === 'literal' && typeof x.value === 'string'
      ? `'${x.value.toLowerCase()}'`
      : x.type === 'property' && x.object.type === 'context'
        ? `${x.object.name}.${x.name}`.toLowerCase()
        : undefined;
  if (e.type === 'call' && e.name.toLowerCase() === 'startswith' && e.args.length === 2)
    return text(e.args[0]!) === 'github.ref' && text(e.args[1]!) === "'refs/tags/'" ? true : undefined;
  if (e.type === 'binary' && e.op === '&&') {
    const eq = (x: Expr) =>
      x.type === 'binary' && x.op === '==' ? [text(x.left), text(x.right)].sort().join('=') : undefined;
    const both = [eq(e.left), eq(e.right)].sort().join('&');
    if (both === "'push'=github.event_name&'tag'=github.ref_type") return true;
  }
  if (e.type === 'binary' && (e.op === '&&' || e.op === '||')) {
    const sides = [onTagRun(e.left, depth + 1), onTagRun(e.right, depth + 1)];
    // one false side makes `&&` false, one true side makes `||` true
    const decider = e.op !== '&&';
    if (sides.includes(decider)) return decider;
    return sides.every((v) => v === !decider) ? !decider : undefined;
  }
  return undefined;
}

/** True when a condition is false in every run for a tag or a release: the job or step does not run in them. */
function skippedOnTagRuns(condition: Str | undefined): boolean {
  const expr = condition ? conditionExpression(condition.value) : undefined;
  return expr !== undefined && onTagRun(expr) === false;
}

type CacheRule = ActionsAuditRules['cacheAware'][number];
/** `version`: caching depends on the action's version, which the workflow does not say. */
type CacheUse = 'always' | 'on' | 'maybe' | 'version' | undefined;

/** The runs a release job's cache matters in, as the events that start them. */
interface RunContext {
  /** The workflow runs only for tags and releases (decides tag expressions). */
  tagOnly: boolean;
  /** Events of the runs that release (or, for a publishing job, of every run). */
  events: string[];
}

/**
 * What `auto` does for this step: the version band of its tag or version comment; with no version
 * known, the bands' common answer, or `version` when they differ.
 */
function autoCaches(step: Step, rule: CacheRule, runs: RunContext): 'on' | 'version' | undefined {
  const bands = rule.auto;
  if (!bands) return 'on';
  const caches = (b: NonNullable<CacheRule['auto']>[number]) =>
    b.caches && !(b.exceptOn && runs.events.length > 0 && runs.events.every((e) => b.exceptOn!.includes(e)));
  const version = step.uses ? usesVersion(step.uses) : undefined;
  if (version) {
    const band = bands.find((b) => b.below === undefined || version.major < b.below);
    return band && caches(band) ? 'on' : undefined;
  }
  const answers = new Set(bands.map(caches));
  if (answers.size === 1) return answers.has(true) ? 'on' : undefined;
  return 'version';
}

/** What one input rule says about a step: caching on, maybe (an expression decides) or off. */
function byInput(step: Step, rule: CacheRule & { input: string }, runs: RunContext): CacheUse {
  if (rule.requires && !step.with?.entries.some((e) => e.name.value === rule.requires)) return undefined;
  const entry = step.with?.entries.find((e) => e.name.value === rule.input);
  if (entry === undefined)
    return rule.default === 'auto' ? autoCaches(step, rule, runs) : rule.default ? 'on' : undefined;
  const text = (entry.text ?? '').trim().toLowerCase();
  if (text === 'auto' && rule.auto) return autoCaches(step, rule, runs);
  if (entry.text === undefined || text.includes('${{')) {
    // a workflow that runs only for tags and releases decides some expressions
    const expr = runs.tagOnly && entry.text !== undefined ? conditionExpression(entry.text) : undefined;
    const v = expr ? onTagRun(expr) : undefined;
    if (v === undefined) return 'maybe';
    return (rule.invert ? !v : v) ? 'on' : undefined;
  }
  const truthy = text !== '' && text !== 'false' && text !== 'no' && text !== '0' && text !== 'off';
  return (rule.invert ? !truthy : truthy) ? 'on' : undefined;
}

/**
 * Whether a step restores a cache: `always`, `on`, `maybe` (an expression decides), `version` (its
 * version decides) or undefined. An action with several cache inputs caches when any turns it on.
 */
function cacheUse(step: Step, runs: RunContext): CacheUse {
  const name = step.uses ? actionName(step.uses) : undefined;
  if (!name) return undefined;
  const rules = auditRules().cacheAware.filter((r) => r.uses.toLowerCase() === name);
  if (rules.length === 0) return undefined;
  if (rules.some((r) => !r.input)) return 'always';
  // `with:` as one expression: any input may be set
  if (step.with && step.with.entries.length === 0 && step.with.span.endColumn > step.with.span.column)
    return 'maybe';
  const uses = rules.map((r) => byInput(step, r as CacheRule & { input: string }, runs));
  for (const u of ['on', 'maybe', 'version'] as const) if (uses.includes(u)) return u;
  return undefined;
}

function audit(file: ActionsFileModel): AuditHit[] {
  if (file.kind !== 'workflow') return [];
  const out: AuditHit[] = [];
  const { publishers } = auditRules();
  const publisherNames = new Set(publishers.map((p) => p.toLowerCase()));
  const triggers = releaseTriggers(file);
  const tagOnly = triggers.length > 0 && !triggers.includes('branch');
  const releaseEvents = [...new Set(triggers.map((t) => (t === 'release' ? 'release' : 'push')))];
  for (const job of file.jobs) {
    const publisher = job.steps.find((s) => {
      const n = s.uses ? actionName(s.uses) : undefined;
      const push = s.with?.entries
        .find((e) => e.name.value === 'push')
        ?.text?.trim()
        .toLowerCase();
      return n !== undefined && publisherNames.has(n) && push !== 'false';
    });
    const why =
      triggers.length > 0
        ? WHY[triggers[0]!]
        : publisher
          ? `step ${publisher.index} publishes (${quote(publisher.uses!.raw.value)})`
          : undefined;
    if (!why) continue;
    // a release trigger's runs; a publishing job publishes from every run
    const runs = {
      tagOnly,
      events: triggers.length > 0 ? releaseEvents : [...new Set(file.triggers.map((t) => t.event))],
    };
    // in a workflow that releases only for tags and releases, what those runs skip restores nothing
    // for them (a publishing job publishes from other runs too: it is left as it is)
    const skips = (condition: Str | undefined) => tagOnly && !publisher && skippedOnTagRuns(condition);
    if (skips(job.if)) continue;
    for (const step of job.steps) {
      if (skips(step.if)) continue;
      const use = cacheUse(step, runs);
      if (!use || !step.uses) continue;
      const at = step.uses.raw.span;
      const what =
        use === 'maybe'
          ? 'may restore a cache'
          : use === 'version'
            ? 'restores a cache in some of its versions, and its version is not written (a commit pin without a version comment)'
            : 'restores a cache';
      out.push({
        message: `job ${quote(job.id.value)} is a release job (${why}) and ${quote(step.uses.raw.value)} ${what}`,
        at: { line: at.line, column: at.column, route: step.uses.raw.route },
        key: `${job.id.value}|${step.id?.value ?? step.name?.value ?? step.uses.raw.value}`,
        ...(use === 'maybe' || use === 'version' ? { sub: use } : {}),
        ...(use === 'version'
          ? {
              outcome: 'unknown' as const,
              remediation:
                'Write the version after the pinned commit (`# v10.0.0`), or turn the cache input off explicitly.',
            }
          : {}),
        scope: step.span,
      });
    }
  }
  return out;
}

export const probe = actionsAuditProbe(definition, audit);
