import { aiModelsFact } from '../../collectors/ai-models/index.js';
import { factsFor } from '../common.js';
import { definitionFor } from '../definitions.js';
import { finding } from '../finding.js';
import type { Probe } from '../types.js';

const definition = definitionFor(import.meta.url);

export const probe: Probe = {
  definition,
  run(facts) {
    const got = factsFor(facts, definition, aiModelsFact);
    if (!got.ok) return got.findings;
    const { models, problems } = got.value;
    if (models.length === 0 && problems.length === 0)
      return [finding(definition, { outcome: 'not-applicable', message: 'no model files in the product' })];
    const out = [
      ...problems.map((p) =>
        finding(definition, {
          outcome: 'unknown',
          message: `model file ${p.path} could not be scanned: ${p.message}`,
          location: { path: p.path },
          key: `unreadable:${p.path}`,
        }),
      ),
    ];
    for (const m of models) {
      if (m.scan.verdict === 'dangerous') {
        for (const f of m.scan.findings) {
          const where = f.entry ? `${f.entry} at offset ${f.offset}` : `offset ${f.offset}`;
          out.push(
            finding(definition, {
              outcome: 'fail',
              message: `model file ${m.path} (${m.scan.format}) imports ${f.module}.${f.name} (${f.opcode}, ${where}): ${f.reason}`,
              location: { path: m.path },
              key: `${f.entry ?? ''}:${f.module}.${f.name}`,
              severity: f.severity === 'critical' ? 'critical' : 'high',
            }),
          );
        }
      } else if (m.scan.verdict === 'error') {
        const why = m.scan.problems.find((p) => p.fatal)?.message ?? 'the scan did not finish';
        out.push(
          finding(definition, {
            outcome: 'unknown',
            message: `model file ${m.path} could not be scanned to the end: ${why}; re-export it, or check it by hand and attest`,
            location: { path: m.path },
            key: `error:${m.path}`,
          }),
        );
      }
    }
    if (out.length > 0) return out;
    const formats = [...new Set(models.map((m) => m.scan.format))].sort().join(', ');
    return [
      finding(definition, {
        outcome: 'pass',
        message: `${models.length} model file(s) scanned without executing them (${formats}): no import outside the allow-list`,
      }),
    ];
  },
};
