/**
 * actions/checkout without `persist-credentials: false` leaves the token in .git/config. When a
 * later step of the same job uploads an artefact (which may publish it) it fails at high
 * confidence; otherwise it is an observation: the token stays on the runner. An explicit
 * `persist-credentials: true` is the `explicit` sub-rule (a choice, possibly needed to push).
 */
import { type Step, stepsOf } from '../../models/github-actions/index.js';
import { type ActionsFileModel, type AuditHit, actionsAuditProbe, spanAt } from '../actions-audit.js';
import { actionName } from '../actions-audit-rules.js';
import { definitionFor } from '../definitions.js';

const definition = definitionFor(import.meta.url);

const uploads = (s: Step) => s.uses !== undefined && actionName(s.uses) === 'actions/upload-artifact';
/** Written exactly so: `actions/checkout/@sha` is another (obfuscated) path, reported elsewhere. */
const CHECKOUT = /^actions\/checkout@/i;

function audit(file: ActionsFileModel): AuditHit[] {
  const out: AuditHit[] = [];
  const all = stepsOf(file);
  for (const { step, job } of all) {
    if (!step.uses || !CHECKOUT.test(step.uses.raw.value.trim())) continue;
    const w = step.with;
    if (w && w.entries.length === 0 && w.span.line === w.span.endLine && w.span.endColumn > w.span.column) {
      // `with: ${{ fromJSON(...) }}`: whether persist-credentials is set is not known
      out.push({
        message: `the inputs of actions/checkout in ${job ? `job ${job.id.value}` : 'the action'} come from an expression; whether the token is kept is unknown`,
        at: { line: w.span.line, column: w.span.column, route: w.route },
        key: `${job?.id.value ?? ''}|${step.id?.value ?? step.name?.value ?? ''}|checkout-with`,
        sub: 'unknown-inputs',
        severity: 'info',
        confidence: 'high',
      });
      continue;
    }
    const persist = step.with?.entries.find((e) => e.name.value === 'persist-credentials');
    const value = persist?.text?.trim().toLowerCase();
    if (value === 'false') continue;
    const explicit = value === 'true';
    const uploaded = all.some((s) => s.job === job && s.step.index > step.index && uploads(s.step));
    out.push({
      message: `actions/checkout in ${job ? `job ${job.id.value}` : 'the action'} ${explicit ? 'sets persist-credentials: true' : 'keeps the token in .git/config'}${uploaded ? ', and a later step uploads an artefact' : "; no later step of the job uploads an artefact, so it stays on the runner, readable by the job's later steps"}`,
      at: spanAt(step),
      key: `${job?.id.value ?? ''}|${step.id?.value ?? step.name?.value ?? ''}|checkout`,
      ...(explicit ? { sub: 'explicit' } : {}),
      // Kept on the runner the token is exposed, not published: shown, not judged.
      ...(uploaded ? { confidence: 'high' as const } : { outcome: 'observation' as const }),
    });
  }
  return out;
}

export const probe = actionsAuditProbe(definition, audit);
