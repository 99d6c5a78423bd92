import { aiLibraries, aiLibrariesByUse, aiUsageFact } from '../../collectors/ai-usage/index.js';
import { compositionFact } from '../../collectors/composition/index.js';
import { manifestFact } from '../../collectors/manifest/index.js';
import { packageManifestsFact } from '../../collectors/package-manifests/index.js';
import { definitionFor } from '../definitions.js';
import { finding } from '../finding.js';
import type { Probe } from '../types.js';

const definition = definitionFor(import.meta.url);

export const probe: Probe = {
  definition,
  run(facts) {
    const manifest = facts.get(manifestFact)?.manifest;
    const declared = Boolean(manifest?.ai.uses || (manifest?.ai.roles.length ?? 0) > 0);
    const usage = facts.get(aiUsageFact);
    const composition = facts.get(compositionFact);
    if (!usage) {
      return [
        finding(definition, {
          outcome: 'unknown',
          message: `AI signals not collected: ${facts.error(aiUsageFact) ?? 'no facts'}`,
        }),
      ];
    }
    const { product: libs, development } = aiLibrariesByUse(composition?.components ?? []);
    const byName = new Map((composition?.components ?? []).map((c) => [`${c.ecosystem}:${c.name}`, c]));
    const placed = (l: { ecosystem: string; name: string }) => {
      const where = byName.get(`${l.ecosystem}:${l.name}`)?.occurrences?.[0];
      return where ? { location: { path: where.path, ...(where.line ? { line: where.line } : {}) } } : {};
    };
    // Building or testing with AI is not AI in the product: said, never judged.
    const tooling =
      development.length === 0
        ? []
        : [
            finding(definition, {
              outcome: 'observation',
              sub: 'development-library',
              message: `AI ${development.length === 1 ? 'library' : 'libraries'} used only as development dependencies, not in the product: ${development
                .slice(0, 6)
                .map((l) => `${l.name} (${l.ecosystem})`)
                .join(', ')}${development.length > 6 ? ` and ${development.length - 6} more` : ''}`,
              ...placed(development[0]!),
              key: 'development-libraries',
            }),
          ];
    const models = usage.modelFiles.filter((m) => m.confidence !== 'low');
    // A product that is itself an AI library (an SDK for a model API, an MCP SDK) uses AI though
    // nothing it depends on does.
    const ownPackages = (facts.get(packageManifestsFact)?.manifests ?? []).flatMap((m) =>
      m.published?.name ? [{ ecosystem: m.ecosystem, name: m.published.name, path: m.path }] : [],
    );
    const ownAi = ownPackages.filter((p) => aiLibraries([p]).length > 0);
    // Files that exist only for AI: prompt files by extension, evaluation files, model cards (not
    // files that merely sit in a folder named prompts or datasets).
    const assets = [
      ...usage.prompts
        .filter((p) => p.reason.endsWith('prompt file'))
        .map((p) => ({ path: p.path, what: 'prompt file' })),
      ...usage.evaluations.map((e) => ({ path: e.path, what: `${e.tool} evaluation ${e.kind}` })),
      ...usage.cards.map((c) => ({ path: c.path, what: `${c.kind} card` })),
    ];
    if (libs.length === 0 && models.length === 0 && ownAi.length === 0 && assets.length === 0) {
      return [
        ...tooling,
        finding(definition, {
          outcome: declared ? 'not-applicable' : 'pass',
          message: declared
            ? 'AI use is declared'
            : 'no AI libraries or model files found, and none declared',
        }),
      ];
    }
    if (declared) {
      return [
        ...tooling,
        finding(definition, { outcome: 'pass', message: 'AI use found and declared in vouch.yaml' }),
      ];
    }
    return [
      ...tooling,
      ...ownAi.map((p) =>
        finding(definition, {
          outcome: 'fail',
          message: `${p.path} publishes ${p.name} (${p.ecosystem}), itself an AI library, but vouch.yaml declares no AI use`,
          location: { path: p.path },
          key: `own:${p.ecosystem}:${p.name}`,
          sub: 'library',
        }),
      ),
      ...libs.map((l) => {
        return finding(definition, {
          outcome: 'fail',
          message: `AI library ${l.name} (${l.ecosystem}) is a dependency, but vouch.yaml declares no AI use`,
          ...placed(l),
          key: `lib:${l.ecosystem}:${l.name}`,
          sub: 'library',
        });
      }),
      ...assets.map((a) =>
        finding(definition, {
          outcome: 'fail',
          message: `${a.what} ${a.path} found, but vouch.yaml declares no AI use`,
          location: { path: a.path },
          key: `asset:${a.path}`,
          sub: 'asset',
          confidence: 'medium',
        }),
      ),
      ...models.map((m) =>
        finding(definition, {
          outcome: 'fail',
          message: `model file ${m.path} found, but vouch.yaml declares no AI use`,
          location: { path: m.path },
          key: `model:${m.path}`,
          sub: 'model-file',
          confidence: m.confidence,
        }),
      ),
    ];
  },
};
