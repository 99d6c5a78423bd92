/** `toJSON(secrets)` or `secrets[<computed>]`: the whole secrets context reaches one place. */
import { type Expr, embeddedExpressions, positionIn } from '../../models/github-actions/index.js';
import {
  type ActionsFileModel,
  type AuditHit,
  actionsAuditProbe,
  expressionStrings,
} from '../actions-audit.js';
import { definitionFor } from '../definitions.js';

const definition = definitionFor(import.meta.url);

const isSecrets = (e: Expr) => e.type === 'context' && e.name.toLowerCase() === 'secrets';

/** Offsets (in the expression) of every use of the whole secrets context. */
function wholeSecrets(e: Expr, out: number[] = [], depth = 0): number[] {
  if (depth > 200) return out;
  switch (e.type) {
    case 'call':
      if (e.args.some(isSecrets)) out.push(e.start);
      for (const a of e.args) wholeSecrets(a, out, depth + 1);
      break;
    case 'index':
      if (isSecrets(e.object) && e.index.type !== 'literal') out.push(e.start);
      wholeSecrets(e.index, out, depth + 1);
      break;
    case 'unary':
      wholeSecrets(e.operand, out, depth + 1);
      break;
    case 'binary':
      wholeSecrets(e.left, out, depth + 1);
      wholeSecrets(e.right, out, depth + 1);
      break;
    default:
      break;
  }
  return out;
}

function audit(file: ActionsFileModel): AuditHit[] {
  const out: AuditHit[] = [];
  for (const s of expressionStrings(file)) {
    for (const e of embeddedExpressions(s.value)) {
      if (!('expr' in e.parsed) || wholeSecrets(e.parsed.expr).length === 0) continue;
      out.push({
        message: 'the whole secrets context is expanded into one value',
        at: { ...positionIn(s, e.start), route: s.route },
        key: `${s.route.replace(/\[\d+\]/g, '')}|${e.inner.trim()}`,
      });
    }
  }
  return out;
}

export const probe = actionsAuditProbe(definition, audit);
