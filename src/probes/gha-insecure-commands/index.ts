/**
 * ACTIONS_ALLOW_UNSECURE_COMMANDS in any env (workflow, job, step, action), or an env that is a
 * whole expression and so may set it (confidence low).
 */
import type { Env } from '../../models/github-actions/index.js';
import { stepsOf } from '../../models/github-actions/index.js';
import { type ActionsFileModel, type AuditHit, actionsAuditProbe } from '../actions-audit.js';
import { definitionFor } from '../definitions.js';

const definition = definitionFor(import.meta.url);
const NAME = 'ACTIONS_ALLOW_UNSECURE_COMMANDS';

function check(env: Env | undefined, owner: string): AuditHit | undefined {
  if (!env) return undefined;
  const at = env.key ?? env.span;
  const pos = { line: at.line, column: at.column, route: env.route };
  if (env.expression)
    return {
      message: `the env of ${owner} is an expression and may set ${NAME}`,
      at: pos,
      key: `${owner}|expression`,
      sub: 'expression',
      confidence: 'low',
    };
  const entry = env.entries.find((e) => e.name.value === NAME);
  if (!entry) return undefined;
  // the runner turns the commands on only for the value true; an expression may produce it
  if (entry.constant !== undefined && entry.constant.trim().toLowerCase() !== 'true') return undefined;
  return {
    message: `${NAME} is ${entry.constant === undefined ? 'set from an expression' : 'true'} in the env of ${owner}`,
    at: pos,
    key: owner,
  };
}

function audit(file: ActionsFileModel): AuditHit[] {
  const out: (AuditHit | undefined)[] = [];
  if (file.kind === 'workflow') {
    out.push(check(file.env, 'the workflow'));
    for (const job of file.jobs) out.push(check(job.env, `job ${job.id.value}`));
  } else out.push(check(file.runs?.env, 'the action'));
  for (const { step, job } of stepsOf(file))
    out.push(
      check(
        step.env,
        `step ${step.id?.value ?? step.name?.value ?? step.index} of ${job ? `job ${job.id.value}` : 'the action'}`,
      ),
    );
  return out.filter((h): h is AuditHit => h !== undefined);
}

export const probe = actionsAuditProbe(definition, audit);
