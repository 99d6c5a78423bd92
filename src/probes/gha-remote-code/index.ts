/**
 * `run:` scripts of workflows and composite actions that run remote code unchecked: a download
 * piped into a shell or interpreter (the main rule; the pattern is the one the Dockerfile audit
 * uses, rules/container-build.yaml), and a script that downloads to a file but never checks a
 * checksum or signature (`no-checksum`, medium confidence: the file may be data; patterns in
 * rules/github-actions-audits.yaml).
 */

import { dockerfileRules } from '../../models/dockerfile/rules.js';
import { positionIn, stepsOf } from '../../models/github-actions/index.js';
import { type ActionsFileModel, type AuditHit, actionsAuditProbe } from '../actions-audit.js';
import { auditRules } from '../actions-audit-rules.js';
import { definitionFor } from '../definitions.js';
import { quote } from '../text.js';

const definition = definitionFor(import.meta.url);

/** Longest script a pattern is tried on (keeps regex cost bounded on hostile files). */
const MAX_SCRIPT_CHARS = 64 * 1024;

let compiled: { pipeToShell: RegExp; download: RegExp; verification: RegExp } | undefined;
/** The patterns, compiled once per process. */
function patterns() {
  if (!compiled) {
    const rules = auditRules();
    compiled = {
      pipeToShell: dockerfileRules().pipeToShell,
      download: new RegExp(rules.download, 'i'),
      verification: new RegExp(rules.verification, 'i'),
    };
  }
  return compiled;
}

function audit(file: ActionsFileModel): AuditHit[] {
  const out: AuditHit[] = [];
  const { pipeToShell, download, verification } = patterns();
  for (const { step, job } of stepsOf(file)) {
    if (!step.run) continue;
    const script = step.run.value.slice(0, MAX_SCRIPT_CHARS);
    const owner = `step ${step.index} of ${job ? `job ${quote(job.id.value)}` : 'the action'}`;
    const stepKey = `${job?.id.value ?? ''}|${step.id?.value ?? step.name?.value ?? step.index}`;
    let offset = 0;
    let piped = false;
    for (const line of script.split('\n')) {
      const m = pipeToShell.exec(line);
      if (m) {
        piped = true;
        out.push({
          message: `${owner} pipes a download into an interpreter: ${quote(m[0], 120)}`,
          at: { ...positionIn(step.run, offset + m.index), route: step.run.route },
          key: `${stepKey}|${m[0]}`,
          scope: step.span,
        });
      }
      offset += line.length + 1;
    }
    if (piped || verification.test(script)) continue;
    const d = download.exec(script);
    if (!d) continue;
    out.push({
      message: `${owner} downloads a file (${quote(d[0], 120)}) and checks no checksum or signature`,
      at: { ...positionIn(step.run, d.index), route: step.run.route },
      key: `${stepKey}|download`,
      sub: 'no-checksum',
      severity: 'medium',
      confidence: 'medium',
      scope: step.span,
    });
  }
  return out;
}

export const probe = actionsAuditProbe(definition, audit);
