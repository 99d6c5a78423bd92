import type { Evaluation } from '../../collectors/ai-evaluations/index.js';
import { aiEvaluationsFact } from '../../collectors/ai-evaluations/index.js';
import { aiUsageFact } from '../../collectors/ai-usage/index.js';
import { factsFor } from '../common.js';
import { definitionFor } from '../definitions.js';
import { finding } from '../finding.js';
import type { Finding, Probe } from '../types.js';

const definition = definitionFor(import.meta.url);

const rate = (e: Evaluation) => (e.total > 0 ? `${((100 * e.passed) / e.total).toFixed(1)}%` : 'no tests');

function describe(e: Evaluation, categories: Record<string, string>): string {
  const owasp = [...new Set(e.groups.flatMap((g) => (g.owasp ? [g.owasp] : [])))].sort();
  const covered =
    owasp.length > 0
      ? `; OWASP LLM Top 10: ${owasp.map((c) => `${c} ${categories[c] ?? ''}`.trim()).join(', ')}`
      : '';
  const when = e.date ? ` on ${e.date.date} (${e.date.source})` : '';
  return `${e.tool} evaluation ${e.path}${e.target ? ` of ${e.target}` : ''}${when}: ${e.passed}/${e.total} passed (${rate(e)}), ${e.failed} failed, ${e.errors} errors${covered}`;
}

export const probe: Probe = {
  definition,
  run(facts) {
    const got = factsFor(facts, definition, aiEvaluationsFact);
    if (!got.ok) return got.findings;
    const { evaluations, problems, owasp } = got.value;
    const usage = facts.get(aiUsageFact);
    const out: Finding[] = problems.map((p) =>
      finding(definition, {
        outcome: 'unknown',
        message: `evaluation file ${p.path} could not be used: ${p.message}`,
        location: { path: p.path },
        key: `problem:${p.path}`,
      }),
    );
    const covered =
      (usage?.modelFiles.filter((m) => m.confidence !== 'low').length ?? 0) + (usage?.prompts.length ?? 0);
    if (evaluations.length === 0) {
      if (covered === 0 && out.length === 0)
        return [
          finding(definition, {
            outcome: 'not-applicable',
            message: 'no model, prompt or evaluation file in the product',
          }),
        ];
      out.push(
        finding(definition, {
          outcome: 'unknown',
          message:
            'no promptfoo results or garak reports found (in the tree or vouch.yaml ai.evaluations); testing done elsewhere needs an attestation',
        }),
      );
      return out;
    }
    for (const e of evaluations) {
      if (e.failed > 0)
        out.push(
          finding(definition, {
            outcome: 'observation',
            sub: 'failures',
            message: `${describe(e, owasp.categories)}; failing: ${e.failures.join('; ')}`,
            location: { path: e.path },
            key: `failures:${e.path}`,
          }),
        );
    }
    const dated = evaluations.filter((e) => e.date && !e.undatedBecause);
    const current = dated.filter((e) => e.newerThanEvaluation.length === 0);
    if (current.length > 0) {
      out.push(
        finding(definition, {
          outcome: 'pass',
          message: current.map((e) => describe(e, owasp.categories)).join('; '),
          key: 'current',
        }),
      );
    } else if (dated.length === evaluations.length) {
      for (const e of evaluations) {
        const newer = e.newerThanEvaluation
          .slice(0, 5)
          .map((d) => `${d.path} (${d.date}, ${d.source})`)
          .join(', ');
        out.push(
          finding(definition, {
            outcome: 'fail',
            message: `stale: ${describe(e, owasp.categories)}, but changed since: ${newer}${e.newerThanEvaluation.length > 5 ? ', ...' : ''}`,
            location: { path: e.path },
            key: `stale:${e.path}`,
          }),
        );
      }
    } else {
      const why = evaluations.flatMap((e) => (e.undatedBecause ? [`${e.path}: ${e.undatedBecause}`] : []));
      out.push(
        finding(definition, {
          outcome: 'unknown',
          message: `whether the evaluations cover the current models and prompts cannot be decided: ${why.join('; ')}`,
          key: 'undated',
        }),
      );
    }
    return out;
  },
};
