/**
 * `vouch statement`: the self-assessment a vendor publishes for one product, built from a fresh
 * assessment of the repository or from a saved one (`vouch assess --format json`), in one of the
 * registered statement formats. Returns data and the document's text; the CLI writes it.
 */
import type { AssessmentReport } from '../assessment/types.js';
import type { RunContext } from '../collectors/types.js';
import { type StatementFormatName, statementFormats } from '../formats/statement/index.js';
import { buildStatement, type Statement } from '../formats/statement/model.js';

export type StatementSource =
  | { report: AssessmentReport }
  | { root: string; run?: RunContext }
  /** Already a statement: read back from OSCAL assessment results (--ingest). */
  | { statement: Statement };

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
  if ('statement' in req.source) {
    const statement = {
      ...req.source.statement,
      ...(req.assessor !== undefined ? { assessor: req.assessor } : {}),
      ...(req.date !== undefined ? { date: req.date } : {}),
    };
    return { statement, text: await statementFormats[req.format].render(statement) };
  }
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

/** Most OSCAL assessment results vouch writes are a few MB; anything far larger is not one. */
const MAX_INGEST_BYTES = 256 * 1024 * 1024;

/** Reads OSCAL assessment results (as `vouch statement --format oscal` writes them) back into a statement. */
export async function readOscalStatement(
  path: string,
): Promise<{ ok: true; statement: Statement } | { ok: false; problem: string }> {
  const { readFile, stat } = await import('node:fs/promises');
  const size = await stat(path).then(
    (s) => (s.isFile() ? s.size : -1),
    () => -2,
  );
  if (size === -2) return { ok: false, problem: `${path} does not exist` };
  if (size === -1) return { ok: false, problem: `${path} is not a file` };
  if (size > MAX_INGEST_BYTES) return { ok: false, problem: `${path} is over ${MAX_INGEST_BYTES} bytes` };
  let doc: unknown;
  try {
    doc = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    return { ok: false, problem: `${path} is not JSON (${(e as Error).message})` };
  }
  const { ingestAssessmentResults } = await import('../formats/statement/oscal.js');
  const r = ingestAssessmentResults(doc);
  return r.ok ? r : { ok: false, problem: `${path}: ${r.problem}` };
}
