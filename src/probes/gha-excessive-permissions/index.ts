/**
 * The workflow token's reach, per workflow and job (SSCoP 2.1: least privilege for automation).
 * Sub-rules: `default` (no permissions block: the repository's default token), `read-all`,
 * `write-scope` (a write scope granted to the whole workflow, severity by scope from
 * rules/github-actions-audits.yaml), and `write-all` as the main rule. A workflow-level hit is
 * `covered` when the workflow block matters less: one job, every job sets its own (then low), or
 * the workflow only runs when called (its caller's permissions apply); so is a missing block on a
 * normal job of a called-only workflow. A `covered` hit reaches no further than the same grant on
 * the job would, so it is an observation, never a failure. A reusable-workflow call without a block is always
 * `default`: the caller decides what the callee's token may do.
 */
import type { HostFacts } from '../../host/types.js';
import type { Job, Permissions, Workflow } from '../../models/github-actions/index.js';
import { type ActionsFileModel, type AuditHit, actionsAuditProbe } from '../actions-audit.js';
import { auditRules } from '../actions-audit-rules.js';
import { definitionFor } from '../definitions.js';
import { quote } from '../text.js';
import type { Severity } from '../types.js';

const definition = definitionFor(import.meta.url);

/** Where the workflow document starts: its first top-level key that the model keeps a place for. */
function workflowStart(w: Workflow): { line: number; column: number } {
  const starts = [w.name?.span, w.runName?.span, w.on, w.permissions?.key, w.env?.key]
    .filter((s) => s !== undefined)
    .sort((a, b) => a.line - b.line || a.column - b.column);
  return starts[0] ? { line: starts[0].line, column: 1 } : { line: 1, column: 1 };
}

function baseHit(p: Permissions, owner: string, key: string): AuditHit | undefined {
  const all = p.all?.value.trim().toLowerCase();
  const at = { line: p.key?.line ?? p.span.line, column: p.key?.column ?? p.span.column, route: p.route };
  if (all === 'write-all')
    return {
      message: `${owner} grants the token write-all`,
      at,
      key: `${key}|write-all`,
      confidence: 'high',
    };
  if (all === 'read-all')
    return {
      message: `${owner} grants the token read-all`,
      at,
      key: `${key}|read-all`,
      sub: 'read-all',
      severity: 'medium',
      confidence: 'high',
    };
  return undefined;
}

/**
 * A job left with the repository's default token is as broad as that default, a repository
 * setting the tree does not show: read-only (then the hit is only shown), write (a failure), or
 * not known (undecided, with what would decide it).
 */
function byDefault(hit: AuditHit, host: HostFacts | undefined): AuditHit {
  if (hit.sub !== 'default') return hit;
  const known = host?.workflowTokenDefault;
  if (known?.status === 'known' && known.value === 'read')
    return {
      ...hit,
      message: `${hit.message}, which the repository sets to read-only (${known.source})`,
      severity: 'low',
      outcome: 'observation',
    };
  if (known?.status === 'known')
    return { ...hit, message: `${hit.message}, which the repository lets write (${known.source})` };
  return {
    ...hit,
    message: `${hit.message}; whether that token may write is a repository setting the tree does not show (${known?.reason ?? 'the host was not asked'}): give a GitHub token to read it, or set permissions`,
    outcome: 'unknown',
  };
}

function audit(file: ActionsFileModel, host?: HostFacts): AuditHit[] {
  return auditHits(file).map((hit) => byDefault(hit, host));
}

function auditHits(file: ActionsFileModel): AuditHit[] {
  if (file.kind !== 'workflow') return [];
  const out: AuditHit[] = [];
  const { writeScopes } = auditRules();
  const calledOnly = file.triggers.length === 1 && file.triggers[0]!.event === 'workflow_call';
  const everyJobSets = file.jobs.every((j: Job) => j.permissions !== undefined);
  // the workflow's block reaches one job, none, or is decided by the caller: it matters less
  const covered = file.jobs.length === 1 || everyJobSets || calledOnly;
  const workflowHits: AuditHit[] = [];
  const wp = file.permissions;
  if (wp === undefined)
    workflowHits.push({
      message: `the workflow sets no permissions: jobs without their own get the repository's default token`,
      at: workflowStart(file),
      key: 'workflow|default',
      sub: 'default',
      severity: 'medium',
      confidence: 'medium',
    });
  else {
    const base = baseHit(wp, 'the workflow', 'workflow');
    if (base) workflowHits.push(base);
    for (const { scope, level } of wp.scopes) {
      if (level.value.trim().toLowerCase() !== 'write') continue;
      workflowHits.push({
        message: `the workflow grants ${quote(scope.value)}: write to every job`,
        at: { line: scope.span.line, column: scope.span.column, route: scope.route },
        key: `workflow|write|${scope.value}`,
        sub: 'write-scope',
        severity: (writeScopes[scope.value] as Severity | undefined) ?? 'medium',
        confidence: 'high',
      });
    }
  }
  for (const hit of workflowHits) {
    if (!covered) out.push(hit);
    else
      out.push({
        ...hit,
        message: `${hit.message} (${everyJobSets ? 'every job sets its own, so it has no effect' : calledOnly ? 'the workflow only runs when called' : 'it has one job'})`,
        sub: 'covered',
        severity: everyJobSets ? 'low' : (hit.severity ?? definition.severity),
        // No more reach than the same grant on the job itself (or none at all): shown, not judged.
        outcome: 'observation',
      });
  }
  for (const job of file.jobs) {
    const owner = `job ${quote(job.id.value)}`;
    if (job.permissions) {
      const base = baseHit(job.permissions, owner, `job|${job.id.value}`);
      if (base) out.push({ ...base, scope: job.span });
      continue;
    }
    // a job without a block inherits the workflow's when there is one
    if (wp !== undefined) continue;
    // a reusable-workflow call is always the caller's to restrict
    const minor = calledOnly && !job.uses;
    out.push({
      message: job.uses
        ? `${owner} calls ${quote(job.uses.raw.value)} without permissions: the callee gets the default token`
        : `${owner} sets no permissions and gets the repository's default token${minor ? ' (unless its caller restricts it)' : ''}`,
      at: { line: job.id.span.line, column: job.id.span.column, route: job.route },
      key: `job|${job.id.value}|default`,
      sub: minor ? 'covered' : 'default',
      severity: minor ? 'low' : 'medium',
      confidence: 'medium',
      ...(minor ? { outcome: 'observation' as const } : {}),
      scope: job.span,
    });
  }
  return out;
}

export const probe = actionsAuditProbe(definition, audit);
