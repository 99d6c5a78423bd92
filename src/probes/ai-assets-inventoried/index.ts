import { aiModelsFact } from '../../collectors/ai-models/index.js';
import { aiLibrariesByUse, aiUsageFact } from '../../collectors/ai-usage/index.js';
import { compositionFact } from '../../collectors/composition/index.js';
import { factsFor } from '../common.js';
import { definitionFor } from '../definitions.js';
import { finding } from '../finding.js';
import { list, oneLine, plural } from '../text.js';
import type { Probe } from '../types.js';

const definition = definitionFor(import.meta.url);

export const probe: Probe = {
  definition,
  run(facts) {
    const usage = factsFor(facts, definition, aiUsageFact);
    if (!usage.ok) return usage.findings;
    const models = factsFor(facts, definition, aiModelsFact);
    if (!models.ok) return models.findings;
    const u = usage.value;
    const { product: libs, development } = aiLibrariesByUse(facts.get(compositionFact)?.components ?? []);
    const out = [];
    const tooling = [
      ...u.developmentTooling.map((d) => `${oneLine(d.path)} (${d.tool})`),
      ...development.map((l) => `${l.name} (${l.ecosystem} development dependency)`),
    ];
    if (tooling.length > 0) {
      out.push(
        finding(definition, {
          outcome: 'observation',
          sub: 'development-tooling',
          message: `AI development tooling, not AI in the product: ${tooling.join(', ')}`,
          key: 'development-tooling',
        }),
      );
    }
    if (u.outsideProduct.length > 0) {
      // One clause per reason (a folder and its class), its files listed after it.
      const byReason = new Map<string, string[]>();
      for (const m of u.outsideProduct) byReason.set(m.reason, [...(byReason.get(m.reason) ?? []), m.path]);
      const clauses = [...byReason].map(([reason, paths]) => `${oneLine(reason)}: ${list(paths)}`);
      out.push(
        finding(definition, {
          outcome: 'observation',
          sub: 'outside-product',
          message: `model files outside the product, not judged as its models: ${clauses.join('; ')}`,
          key: 'outside-product',
        }),
      );
    }
    const productModels = u.modelFiles.filter((m) => m.confidence !== 'low');
    const parts = [
      libs.length > 0 ? plural(libs.length, 'AI library', 'AI libraries') : '',
      productModels.length > 0 ? plural(productModels.length, 'model file') : '',
      u.datasets.length > 0 ? plural(u.datasets.length, 'dataset') : '',
      u.prompts.length > 0 ? plural(u.prompts.length, 'prompt file') : '',
      u.evaluations.length > 0 ? plural(u.evaluations.length, 'evaluation file') : '',
      u.cards.length > 0 ? plural(u.cards.length, 'card') : '',
    ].filter(Boolean);
    if (parts.length === 0) {
      out.push(finding(definition, { outcome: 'not-applicable', message: 'no AI assets in the product' }));
      return out;
    }
    const hashed = new Map(models.value.models.map((m) => [m.path, m]));
    const unidentified = productModels.filter((m) => {
      const s = hashed.get(m.path);
      return !s?.sha256 || s.scan.format === 'unknown';
    });
    for (const m of unidentified) {
      out.push(
        finding(definition, {
          outcome: 'unknown',
          message: `model file ${m.path} could not be identified by its content or hashed, so the AI-BOM cannot describe it`,
          location: { path: m.path },
          key: m.path,
        }),
      );
    }
    if (unidentified.length === 0) {
      const renamed = productModels.filter((m) => m.matchedBy === 'content').map((m) => m.path);
      out.push(
        finding(definition, {
          outcome: 'pass',
          message: `AI inventory: ${parts.join(', ')}${renamed.length > 0 ? `; recognised by content alone: ${renamed.join(', ')}` : ''}`,
          key: 'inventory',
        }),
      );
    }
    return out;
  },
};
