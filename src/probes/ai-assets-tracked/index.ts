import { aiUsageFact } from '../../collectors/ai-usage/index.js';
import { factsFor } from '../common.js';
import { definitionFor } from '../definitions.js';
import { finding } from '../finding.js';
import type { Probe } from '../types.js';

const definition = definitionFor(import.meta.url);

export const probe: Probe = {
  definition,
  run(facts) {
    const usage = factsFor(facts, definition, aiUsageFact);
    if (!usage.ok) return usage.findings;
    const u = usage.value;
    const paths = [
      ...u.modelFiles.filter((m) => m.confidence !== 'low').map((m) => m.path),
      ...u.prompts.map((p) => p.path),
      ...u.datasets.map((d) => d.path),
      ...u.evaluations.map((e) => e.path),
    ];
    if (paths.length === 0)
      return [
        finding(definition, { outcome: 'not-applicable', message: 'no AI asset files in the product' }),
      ];
    const tracked = facts.inventory.git.tracked;
    if (!tracked)
      return [
        finding(definition, {
          outcome: 'unknown',
          message: `git tracking of ${paths.length} AI asset file(s) cannot be checked: ${facts.inventory.git.note ?? 'no git work tree'}`,
        }),
      ];
    const untracked = [...new Set(paths)].filter((p) => !tracked.has(p));
    if (untracked.length === 0)
      return [
        finding(definition, {
          outcome: 'pass',
          message: `all ${paths.length} AI asset file(s) are tracked by git`,
        }),
      ];
    return untracked.map((p) =>
      finding(definition, {
        outcome: 'fail',
        message: `AI asset ${p} is in the tree but not tracked by git`,
        location: { path: p },
        key: p,
      }),
    );
  },
};
