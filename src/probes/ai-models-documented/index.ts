import { posix } from 'node:path';
import { aiUsageFact } from '../../collectors/ai-usage/index.js';
import { manifestFact } from '../../collectors/manifest/index.js';
import { factsFor } from '../common.js';
import { definitionFor } from '../definitions.js';
import { finding } from '../finding.js';
import type { Probe } from '../types.js';

const definition = definitionFor(import.meta.url);

/** The folders from `path`'s own up to the root ("" is the root). */
function foldersUp(path: string): string[] {
  const out: string[] = [];
  let d = posix.dirname(path);
  for (;;) {
    out.push(d === '.' ? '' : d);
    if (d === '.' || d === '/') return out;
    d = posix.dirname(d);
  }
}

export const probe: Probe = {
  definition,
  run(facts) {
    const usage = factsFor(facts, definition, aiUsageFact);
    if (!usage.ok) return usage.findings;
    const models = usage.value.modelFiles.filter((m) => m.confidence !== 'low');
    if (models.length === 0)
      return [finding(definition, { outcome: 'not-applicable', message: 'no model files in the product' })];
    const cardFolders = new Map(
      usage.value.cards
        .filter((c) => c.kind === 'model')
        .map((c) => [posix.dirname(c.path) === '.' ? '' : posix.dirname(c.path), c.path]),
    );
    const described = new Set(
      (facts.get(manifestFact)?.manifest?.ai.models ?? [])
        .filter((m) => m.task || m.source || m.datasets || m.limitations)
        .map((m) => m.path),
    );
    const undocumented = [];
    const how: string[] = [];
    for (const m of models) {
      const card = foldersUp(m.path)
        .map((d) => cardFolders.get(d))
        .find(Boolean);
      if (card) how.push(`${m.path} (card ${card})`);
      else if (described.has(m.path)) how.push(`${m.path} (vouch.yaml)`);
      else undocumented.push(m.path);
    }
    if (undocumented.length === 0)
      return [finding(definition, { outcome: 'pass', message: `model files documented: ${how.join(', ')}` })];
    return undocumented.map((p) =>
      finding(definition, {
        outcome: 'fail',
        message: `model file ${p} has no model card and no description in vouch.yaml ai.models`,
        location: { path: p },
        key: p,
      }),
    );
  },
};
