/** An assessment's failing findings as SARIF, described by the probe and vouch.yaml rule definitions. */

import { manifestRules } from '../../assessment/manifest-rules.js';
import type { AssessmentReport } from '../../assessment/types.js';
import { probeDefinitions } from '../../probes/definitions.js';
import { renderSarif } from './index.js';

export function renderAssessmentSarif(report: AssessmentReport): string {
  return renderSarif({
    rules: [...probeDefinitions, ...manifestRules],
    // Several repositories: each result names its own (its path starts with that name, too).
    findings: report.findings.map((f) =>
      f.repository ? { ...f, properties: { repository: f.repository } } : f,
    ),
    automationId: 'vouch/assess/',
  });
}
