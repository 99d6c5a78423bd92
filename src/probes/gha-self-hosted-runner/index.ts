/**
 * Jobs on self-hosted runners: `runs-on` naming the `self-hosted` label (`label`), a runner group
 * (`group`: usually self-hosted, low confidence), or a constant matrix value that is one
 * (`matrix`). The danger depends on the repository being public, which the tree cannot show, so
 * every hit is `unknown` with what would decide it; a runner chosen by a value not known here
 * (an input) is left alone.
 */
import type { Job, YValue } from '../../models/github-actions/index.js';
import { type ActionsFileModel, type AuditHit, actionsAuditProbe } from '../actions-audit.js';
import { definitionFor } from '../definitions.js';
import { quote } from '../text.js';

const definition = definitionFor(import.meta.url);

const SELF_HOSTED = 'self-hosted';

/** The labels of a value (a string or a list of strings), lower case. */
function labels(v: unknown): string[] {
  if (typeof v === 'string') return [v.trim().toLowerCase()];
  if (Array.isArray(v)) return v.flatMap((x) => (typeof x === 'string' ? [x.trim().toLowerCase()] : []));
  return [];
}

/** The plain value of a model node: scalars, lists and maps. */
function plain(v: YValue | undefined, depth = 0): unknown {
  if (!v || depth > 8) return undefined;
  if (v.kind === 'scalar') return v.value;
  if (v.kind === 'seq') return v.items.map((i) => plain(i, depth + 1));
  if (v.kind === 'map')
    return Object.fromEntries(v.entries.map((e) => [String(e.key.value), plain(e.value, depth + 1)]));
  return undefined;
}

function runnerKind(job: Job): { sub: 'label' | 'group' | 'matrix'; what: string } | undefined {
  const value = plain(job.runsOn);
  if (labels(value).includes(SELF_HOSTED)) return { sub: 'label', what: 'the self-hosted label' };
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const v = value as Record<string, unknown>;
    if (labels(v.labels).includes(SELF_HOSTED)) return { sub: 'label', what: 'the self-hosted label' };
    if (typeof v.group === 'string') return { sub: 'group', what: `runner group ${quote(v.group)}` };
  }
  // `${{ matrix.x }}`: a constant matrix value that is a self-hosted label
  const m = typeof value === 'string' ? /^\$\{\{\s*matrix\.([\w-]+)\s*\}\}$/i.exec(value.trim()) : null;
  const combos = m ? job.strategy?.matrix?.combinations : undefined;
  if (m && combos?.some((c) => labels(c[m[1]!]).includes(SELF_HOSTED)))
    return { sub: 'matrix', what: `the self-hosted label in matrix value ${quote(m[1]!)}` };
  return undefined;
}

function audit(file: ActionsFileModel): AuditHit[] {
  if (file.kind !== 'workflow') return [];
  const out: AuditHit[] = [];
  for (const job of file.jobs) {
    const kind = runnerKind(job);
    if (!kind) continue;
    const at = job.runsOnKey ?? job.runsOn?.span ?? job.id.span;
    out.push({
      message: `job ${quote(job.id.value)} runs on a self-hosted runner (${kind.what}); whether the repository is public, so that outsiders' pull requests reach it, is not known from the tree`,
      at: { line: at.line, column: at.column, route: `${job.route}.runs-on` },
      key: `${job.id.value}|${kind.sub}`,
      sub: kind.sub,
      confidence: kind.sub === 'group' ? 'low' : 'high',
      outcome: 'unknown',
      scope: job.span,
    });
  }
  return out;
}

export const probe = actionsAuditProbe(definition, audit);
