/**
 * What a reader asked to see of an assessment: one Code (`--code`) and/or only what fails
 * (`--only failing`). The same selection serves every report format. Counts per Code stay those
 * of the whole Code, so a filtered report never misstates the totals.
 */
import type { AssessmentReport, Verdict } from '../../assessment/types.js';
import type { CodeId } from '../../catalogue/types.js';

export interface ReportSelection {
  code?: CodeId;
  /** failing: requirements that are not met or only partly met, and failing unsuppressed findings. */
  only?: 'failing';
}

/** Verdicts `--only failing` keeps: what stands between the vendor and `met`, seen by a machine or a person. */
export const FAILING_VERDICTS: readonly Verdict[] = ['not-met', 'partial'];

export function selectReport(report: AssessmentReport, selection: ReportSelection): AssessmentReport {
  const codes = report.codes.filter((c) => !selection.code || c.id === selection.code);
  const narrowed = selection.code ? narrowFindings(report, codes) : report;
  if (selection.only !== 'failing') return { ...narrowed, codes };
  const failing = narrowed.findings.filter((f) => f.outcome === 'fail' && !f.suppressed);
  const failingRules = new Set(failing.map((f) => f.rule));
  return {
    ...narrowed,
    codes: codes.map((c) => ({
      ...c,
      principles: c.principles
        .map((p) => ({
          ...p,
          requirements: p.requirements.filter(
            (r) => !r.recommendation && FAILING_VERDICTS.includes(r.verdict),
          ),
        }))
        .filter((p) => p.requirements.length > 0),
    })),
    findings: failing,
    actions: narrowed.actions.filter((a) => failingRules.has(a.rule)),
  };
}

/**
 * With one Code chosen: the findings that bear on its requirements, and those that bear on no
 * requirement of either Code (repository-wide problems such as a lost attestation).
 */
function narrowFindings(report: AssessmentReport, kept: AssessmentReport['codes']): AssessmentReport {
  const requirementsOf = (codes: AssessmentReport['codes']) =>
    codes.flatMap((c) => c.principles.flatMap((p) => p.requirements));
  const inKept = new Set(requirementsOf(kept).flatMap((r) => r.findings));
  const anywhere = new Set(requirementsOf(report.codes).flatMap((r) => r.findings));
  const findings = report.findings.filter((f) => inKept.has(f.fingerprint) || !anywhere.has(f.fingerprint));
  const rules = new Set(findings.map((f) => f.rule));
  return { ...report, findings, actions: report.actions.filter((a) => rules.has(a.rule)) };
}
