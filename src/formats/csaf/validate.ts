/**
 * A CSAF 2.0 document checked as a whole: the official JSON schema, then vouch's mandatory tests.
 * Each problem carries its JSON path and, when the text is given, its line and column.
 */
import { jsonPositions } from '../../util/position.js';
import { runMandatoryTests } from './mandatory-tests.js';
import { schemaValidators } from './schema.js';

export interface CsafProblem {
  /** `schema`, or the number of the mandatory test (6.1.x). */
  test: string;
  /** JSON Pointer of the value concerned. */
  pointer: string;
  line?: number;
  column?: number;
  message: string;
}

export interface CsafValidation {
  valid: boolean;
  problems: CsafProblem[];
}

const pointer = (path: readonly (string | number)[]) =>
  path.length ? `/${path.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}` : '';

/** A JSON Pointer as a path; digit-only segments are array indexes (CSAF has no such keys). */
const pathOf = (instancePath: string): (string | number)[] =>
  instancePath
    .split('/')
    .slice(1)
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p.replace(/~1/g, '/').replace(/~0/g, '~')));

/** Checks a parsed document; `text` (its source) adds line and column to each problem. */
export function validateCsaf(doc: unknown, text?: string): CsafValidation {
  const { csaf } = schemaValidators();
  const problems: CsafProblem[] = [];
  if (!csaf(doc))
    for (const e of csaf.errors ?? []) {
      const extra =
        e.keyword === 'additionalProperties'
          ? ` (${String((e.params as { additionalProperty?: unknown }).additionalProperty)})`
          : '';
      problems.push({
        test: 'schema',
        pointer: e.instancePath,
        message: `${e.message ?? e.keyword}${extra}`,
      });
    }
  for (const f of runMandatoryTests(doc))
    problems.push({ test: f.test, pointer: pointer(f.path), message: f.message });
  if (text !== undefined) {
    const at = jsonPositions(text);
    for (const p of problems) {
      const pos = at(pathOf(p.pointer));
      if (pos) Object.assign(p, { line: pos.line, column: pos.column });
    }
  }
  return { valid: problems.length === 0, problems };
}
