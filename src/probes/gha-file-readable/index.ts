/**
 * One `error` finding per GitHub Actions file the audits could not read in full: unreadable or
 * over the size limit (the ci collector refused it), invalid YAML or an alias bomb (a blocking
 * problem of the model), or an expression past the parser's depth or length limits. The audits
 * skip such files and go on with the others.
 */
import { ciFact } from '../../collectors/ci/index.js';
import type { Facts } from '../../collectors/types.js';
import { blockingProblem, embeddedExpressions } from '../../models/github-actions/index.js';
import { type ActionsFileModel, expressionStrings } from '../actions-audit.js';
import { factsFor } from '../common.js';
import { definitionFor } from '../definitions.js';
import { finding } from '../finding.js';
import { oneLine, plural } from '../text.js';
import type { Finding, Location, Probe } from '../types.js';

const definition = definitionFor(import.meta.url);
const LIMIT = /nested too deeply|longer than/;

/** Why the audits could not read `file` in full, and where; undefined when they could. */
export function unreadable(file: ActionsFileModel): { why: string; at?: Location } | undefined {
  const blocking = blockingProblem(file);
  if (blocking) {
    const at = blocking.span ? { line: blocking.span.line, column: blocking.span.column } : {};
    return {
      why: `${blocking.kind === 'yaml' ? 'not valid YAML' : 'over a limit'}: ${blocking.message}`,
      at: { path: file.path, ...at },
    };
  }
  for (const s of expressionStrings(file)) {
    for (const e of embeddedExpressions(s.value)) {
      if ('error' in e.parsed && LIMIT.test(e.parsed.error))
        return {
          why: `an expression is past the parser's limits (${e.parsed.error}) and was not audited`,
          at: { path: file.path, line: s.span.line, column: s.span.column, route: s.route },
        };
    }
  }
  return undefined;
}

function run(facts: Facts): Finding[] {
  const got = factsFor(facts, definition, ciFact);
  if (!got.ok) return got.findings;
  const files = got.value.files.filter((f) => f.system === 'github-actions');
  if (files.length === 0)
    return [
      finding(definition, {
        outcome: 'not-applicable',
        message: 'no GitHub Actions workflow or action',
        key: 'none',
      }),
    ];
  const out: Finding[] = [];
  for (const f of files) {
    const problem = f.model ? unreadable(f.model) : { why: f.error ?? 'not read', at: { path: f.path } };
    if (!problem) continue;
    out.push(
      finding(definition, {
        outcome: 'error',
        severity: 'medium',
        message: `${oneLine(f.path)} was not audited: ${oneLine(problem.why, 200)}`,
        location: problem.at ?? { path: f.path },
        key: f.path,
      }),
    );
  }
  if (out.length > 0) return out;
  return [
    finding(definition, {
      outcome: 'pass',
      message: `${plural(files.length, 'GitHub Actions file')} read and audited`,
      key: 'all',
    }),
  ];
}

export const probe: Probe = { definition, run };
