/**
 * `vouch statement`: the self-assessment a vendor publishes for one product, built from a fresh
 * assessment of the repository or from a saved one (`vouch assess --format json`), in one of the
 * registered statement formats. Returns data and the document's text; the CLI writes it.
 */
import type { AssessmentReport } from '../assessment/types.js';
import type { RunContext } from '../collectors/types.js';
import { type StatementFormatName, statementFormats } from '../formats/statement/index.js';
import { buildStatement, type Statement } from '../formats/statement/model.js';

export type StatementSource = { report: AssessmentReport } | { root: string; run?: RunContext };

export interface StatementRequest {
  source: StatementSource;
  format: StatementFormatName;
  /** Overrides vouch.yaml's assessor. */
  assessor?: string;
  /** Statement date (YYYY-MM-DD); default: the day the assessment ran. */
  date?: string;
  onProgress?: (stage: string) => void;
}

export interface StatementResult {
  statement: Statement;
  text: string;
}

export async function makeStatement(req: StatementRequest): Promise<StatementResult> {
  let report: AssessmentReport;
  if ('report' in req.source) report = req.source.report;
  else {
    const { assess } = await import('./assess.js');
    report = await assess(req.source.root, {
      ...(req.source.run ? { run: req.source.run } : {}),
      ...(req.onProgress ? { onProgress: req.onProgress } : {}),
    });
  }
  const statement = buildStatement(report, {
    ...(req.assessor !== undefined ? { assessor: req.assessor } : {}),
    ...(req.date !== undefined ? { date: req.date } : {}),
  });
  return { statement, text: await statementFormats[req.format].render(statement) };
}
