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
    const { models, published } = got.value;
    if (models.length === 0)
      return [finding(definition, { outcome: 'not-applicable', message: 'no model files in the product' })];
    const byPath = new Map<string, typeof published>();
    for (const p of published) byPath.set(p.path, [...(byPath.get(p.path) ?? []), p]);
    const out = [];
    const unpublished: string[] = [];
    for (const m of models) {
      const hashes = byPath.get(m.path) ?? [];
      if (!m.sha256) {
        unpublished.push(`${m.path} (could not be hashed)`);
        continue;
      }
      if (hashes.length === 0) {
        unpublished.push(m.path);
        continue;
      }
      for (const h of hashes.filter((x) => x.sha256 !== m.sha256)) {
        out.push(
          finding(definition, {
            outcome: 'fail',
            message: `${h.source}${h.line ? ` line ${h.line}` : ''} publishes SHA-256 ${h.sha256} for ${m.path}, but the file's is ${m.sha256}`,
            location: {
              path: h.source === 'vouch.yaml' ? 'vouch.yaml' : h.source,
              ...(h.line ? { line: h.line } : {}),
            },
            key: `${h.source}:${m.path}`,
          }),
        );
      }
    }
    if (out.length > 0) return out;
    if (unpublished.length > 0)
      return [
        finding(definition, {
          outcome: 'unknown',
          message: `no SHA-256 published in the repository for ${unpublished.join(', ')}; publish them (vouch.yaml ai.models[].sha256 or a SHA256SUMS file), or attest aicop:8.1.2 if they are published elsewhere`,
        }),
      ];
    return [
      finding(definition, {
        outcome: 'pass',
        message: `the published SHA-256 of all ${models.length} model file(s) match the files`,
      }),
    ];
  },
};
