/**
 * `if:` conditions of `pull_request_target` workflows that trust the actor to be a bot: the actor
 * (by name ending in `[bot]`, or by a known bot id from rules/github-actions-audits.yaml) is the
 * last one to act, which an attacker can arrange. Confidence is high when the comparison alone
 * decides the condition (`a == bot || b`), medium when other terms must hold too (`a == bot && b`).
 */
import { conditionExpression, type Expr, type Str } from '../../models/github-actions/index.js';
import { type ActionsFileModel, type AuditHit, actionsAuditProbe } from '../actions-audit.js';
import { auditRules } from '../actions-audit-rules.js';
import { definitionFor } from '../definitions.js';
import { quote } from '../text.js';

const definition = definitionFor(import.meta.url);

/** Contexts holding the actor's login, and its numeric id. */
const ACTOR_NAMES = new Set([
  'github.actor',
  'github.triggering_actor',
  'github.event.pull_request.sender.login',
]);
const ACTOR_IDS = new Set(['github.actor_id', 'github.event.pull_request.sender.id']);

/** `github.actor`, `github['ACTOR']` ... as a lower-case dotted path; undefined for anything else. */
function contextPath(e: Expr): string | undefined {
  if (e.type === 'context') return e.name.toLowerCase();
  if (e.type === 'property') {
    const base = contextPath(e.object);
    return base && `${base}.${e.name.toLowerCase()}`;
  }
  if (e.type === 'index' && e.index.type === 'literal' && typeof e.index.value === 'string') {
    const base = contextPath(e.object);
    return base && `${base}.${e.index.value.toLowerCase()}`;
  }
  return undefined;
}

function isBotCheck(a: Expr, b: Expr, botIds: ReadonlySet<string>): boolean {
  const path = contextPath(a);
  if (!path || b.type !== 'literal' || b.value === null) return false;
  const v = String(b.value);
  return (ACTOR_NAMES.has(path) && v.endsWith('[bot]')) || (ACTOR_IDS.has(path) && botIds.has(v));
}

/** Whether `e` holds a bot check, and whether one alone makes `e` true (`decides`). */
function botCheck(e: Expr, botIds: ReadonlySet<string>, depth = 0): { found: boolean; decides: boolean } {
  const none = { found: false, decides: false };
  if (depth > 64) return none;
  const inner = (x: Expr) => botCheck(x, botIds, depth + 1);
  switch (e.type) {
    case 'binary': {
      if (e.op === '==' && (isBotCheck(e.left, e.right, botIds) || isBotCheck(e.right, e.left, botIds)))
        return { found: true, decides: true };
      const l = inner(e.left);
      const r = inner(e.right);
      const found = l.found || r.found;
      // either side of || suffices; under any other operator the other side matters too
      return { found, decides: e.op === '||' && ((l.found && l.decides) || (r.found && r.decides)) };
    }
    case 'unary':
      return { found: inner(e.operand).found, decides: false };
    case 'call':
      return { found: e.args.some((a) => inner(a).found), decides: false };
    default:
      return none;
  }
}

function audit(file: ActionsFileModel): AuditHit[] {
  if (file.kind !== 'workflow' || !file.triggers.some((t) => t.event === 'pull_request_target')) return [];
  const botIds = new Set(auditRules().botActorIds);
  const out: AuditHit[] = [];
  const check = (cond: Str | undefined, owner: string, key: string, scope: AuditHit['scope']) => {
    if (!cond) return;
    const expr = conditionExpression(cond.value);
    if (!expr) return;
    const { found, decides } = botCheck(expr, botIds);
    if (!found) return;
    out.push({
      message: `${owner} runs when the actor is a bot (${quote(cond.value, 120)}); on pull_request_target the actor can be arranged`,
      at: { line: cond.span.line, column: cond.span.column, route: cond.route },
      key,
      confidence: decides ? 'high' : 'medium',
      scope,
    });
  };
  for (const job of file.jobs) {
    check(job.if, `job ${quote(job.id.value)}`, `${job.id.value}|if`, job.span);
    for (const step of job.steps)
      check(
        step.if,
        `step ${step.index} of job ${quote(job.id.value)}`,
        `${job.id.value}|${step.id?.value ?? step.name?.value ?? step.index}|if`,
        step.span,
      );
  }
  return out;
}

export const probe = actionsAuditProbe(definition, audit);
