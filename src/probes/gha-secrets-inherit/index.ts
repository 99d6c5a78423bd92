/** A reusable-workflow call with `secrets: inherit` hands the callee every secret. */
import { type ActionsFileModel, type AuditHit, actionsAuditProbe } from '../actions-audit.js';
import { definitionFor } from '../definitions.js';
import { quote } from '../text.js';

const definition = definitionFor(import.meta.url);

function audit(file: ActionsFileModel): AuditHit[] {
  if (file.kind !== 'workflow') return [];
  return file.jobs.flatMap((job) => {
    if (!job.uses || !job.secrets?.inherit) return [];
    const at = job.uses.raw.span;
    return [
      {
        message: `job ${quote(job.id.value)} passes every secret to ${quote(job.uses.raw.value)}`,
        at: { line: at.line, column: at.column, route: job.secrets.raw.route },
        key: `${job.id.value}|${job.uses.raw.value}`,
        related: [{ path: file.path, line: job.secrets.raw.span.line, column: job.secrets.raw.span.column }],
      },
    ];
  });
}

export const probe = actionsAuditProbe(definition, audit);
