/**
 * pull_request_target and workflow_run run with the base repository's secrets on events outsiders
 * cause. Reported at `on:`, as an observation unless a job checks out the pull request's head,
 * which is the `untrusted-checkout` sub-rule (high confidence) and fails with the trigger. A workflow whose only steps are
 * actions/labeler (which never runs the pull request's code) is left alone.
 */
import { type Step, stepsOf } from '../../models/github-actions/index.js';
import { type ActionsFileModel, type AuditHit, actionsAuditProbe, spanAt } from '../actions-audit.js';
import { actionName } from '../actions-audit-rules.js';
import { definitionFor } from '../definitions.js';
import { list, quote } from '../text.js';

const definition = definitionFor(import.meta.url);
const DANGEROUS = ['pull_request_target', 'workflow_run'];
/** Refs a checkout may name that hold the pull request's (or the triggering run's) code. */
const UNTRUSTED_REF =
  /github\.(?:head_ref|event\.pull_request\.head\.(?:ref|sha)|event\.workflow_run\.head_(?:branch|sha)|event\.number)|refs\/pull\//i;

const SAFE_ONLY = ['actions/labeler'];

function untrustedCheckout(step: Step): string | undefined {
  if (step.uses && actionName(step.uses) === 'actions/checkout') {
    const ref = step.with?.entries.find((e) => e.name.value === 'ref' || e.name.value === 'repository');
    if (ref?.text && UNTRUSTED_REF.test(ref.text)) return ref.text;
  }
  if (
    step.run &&
    /\bgit\s+(?:fetch|checkout|pull)\b/.test(step.run.value) &&
    UNTRUSTED_REF.test(step.run.value)
  )
    return step.run.value.split('\n').find((l) => UNTRUSTED_REF.test(l));
  return undefined;
}

function audit(file: ActionsFileModel): AuditHit[] {
  if (file.kind !== 'workflow') return [];
  const events = file.triggers.filter((t) => DANGEROUS.includes(t.event));
  if (events.length === 0) return [];
  const steps = stepsOf(file);
  const uses =
    file.jobs.every((j) => !j.uses) &&
    steps.every((s) => s.step.uses && SAFE_ONLY.includes(actionName(s.step.uses) ?? ''));
  if (uses && steps.length > 0) return [];
  const names = events.map((t) => t.event);
  const at = file.on ?? events[0]!.span;
  // the finding covers `on:` through the last trigger, so an ignore comment on a trigger applies
  const endLine = Math.max(at.line, ...file.triggers.map((t) => t.span.endLine));
  const checkouts: AuditHit[] = [];
  for (const { step, job } of steps) {
    const ref = untrustedCheckout(step);
    if (!ref) continue;
    checkouts.push({
      message: `job ${quote(job!.id.value)} checks out untrusted code (${quote(ref)}) in a workflow started by ${list(names)}`,
      at: spanAt(step),
      key: `${job!.id.value}|${ref}`,
      sub: 'untrusted-checkout',
      confidence: 'high',
    });
  }
  // The trigger is a risk only with the pull request's code in reach: alone it is shown, not judged.
  const trigger: AuditHit = {
    message: `the workflow runs on ${list(names)}, with the base repository's token and secrets${checkouts.length === 0 ? "; no step checks out the pull request's code" : ''}`,
    at: { line: at.line, column: at.column, endLine, endColumn: 1, route: 'on' },
    key: names.join(','),
    ...(checkouts.length === 0 ? { outcome: 'observation' as const } : {}),
  };
  return [trigger, ...checkouts];
}

export const probe = actionsAuditProbe(definition, audit);
