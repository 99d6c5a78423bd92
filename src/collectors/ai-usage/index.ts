/**
 * Signs of AI in the repository: model and weight files, and AI libraries among the
 * components. Libraries come from the composition facts, so nothing parses a lockfile twice.
 */
import type { z } from 'zod';
import type { Component } from '../../composition/component.js';
import { lazySchema } from '../../util/zod.js';
import { compositionFact } from '../composition/index.js';
import { ruleFile } from '../rules.js';
import { type Collector, defineFact, type Facts } from '../types.js';
import { type AiAssets, collectAssets } from './assets.js';

/** Packages of one kind in one ecosystem, or why the ecosystem has none. */
const kindEntrySchema = lazySchema((z) =>
  z.union([z.array(z.string().min(1)).min(1), z.strictObject({ none: z.string().min(1) })]),
);

const indicatorsSchema = lazySchema((z) =>
  z.object({
    version: z.number().int(),
    kinds: z.record(z.string(), z.string()),
    libraries: z.record(z.string(), z.record(z.string(), kindEntrySchema())),
    modelFiles: z.array(
      z.object({ extension: z.string().startsWith('.'), confidence: z.enum(['low', 'medium', 'high']) }),
    ),
  }),
);
export type AiIndicators = z.infer<ReturnType<typeof indicatorsSchema>>;

export function aiIndicators(): AiIndicators {
  return ruleFile('ai-indicators.yaml', indicatorsSchema);
}

export type { AiAsset, Card, DevelopmentTool, EvaluationFile, ModelFile } from './assets.js';

/** The AI inventory: model files, datasets, prompts, evaluations, cards and development tooling. */
export type AiUsageFacts = AiAssets;

export const aiUsageFact = defineFact<AiUsageFacts>('ai-usage');

export const aiUsageCollector: Collector<AiUsageFacts> = {
  fact: aiUsageFact,
  async collect({ inventory, documents }) {
    const byExt = new Map(aiIndicators().modelFiles.map((m) => [m.extension, m.confidence]));
    return collectAssets(inventory, documents, byExt);
  },
};

function matcher(patterns: string[]): (name: string) => boolean {
  const exact = new Set(patterns.filter((p) => !p.endsWith('*')));
  const prefixes = patterns.filter((p) => p.endsWith('*')).map((p) => p.slice(0, -1));
  return (name) => exact.has(name) || prefixes.some((p) => name.startsWith(p));
}

/** AI libraries among components, by the indicator list, with the kind of each. */
export function aiLibraries(
  components: readonly { ecosystem: Component['ecosystem'] | string; name: string }[],
): { ecosystem: string; name: string; kind: string }[] {
  const matchers = new Map(
    Object.entries(aiIndicators().libraries).map(([eco, kinds]) => [
      eco,
      Object.entries(kinds).flatMap(([kind, entry]) =>
        Array.isArray(entry) ? [{ kind, test: matcher(entry) }] : [],
      ),
    ]),
  );
  const seen = new Set<string>();
  const out: { ecosystem: string; name: string; kind: string }[] = [];
  for (const c of components) {
    const name = c.ecosystem === 'pypi' ? c.name.toLowerCase().replace(/[-_.]+/g, '-') : c.name;
    const key = `${c.ecosystem}:${name}`;
    if (seen.has(key)) continue;
    const kind = matchers.get(c.ecosystem)?.find((m) => m.test(name))?.kind;
    if (!kind) continue;
    seen.add(key);
    out.push({ ecosystem: c.ecosystem, name: c.name, kind });
  }
  return out;
}

/**
 * The AI libraries among the components, split by use: those the product ships (any scope but
 * development) and those it only builds or tests with (every occurrence a development dependency:
 * a translation script's model SDK, an evaluation harness), which are not AI in the product.
 */
export function aiLibrariesByUse(components: readonly Pick<Component, 'ecosystem' | 'name' | 'scope'>[]): {
  product: ReturnType<typeof aiLibraries>;
  development: ReturnType<typeof aiLibraries>;
} {
  const product = aiLibraries(components.filter((c) => c.scope !== 'dev'));
  const shipped = new Set(product.map((l) => `${l.ecosystem}:${l.name}`));
  const development = aiLibraries(components.filter((c) => c.scope === 'dev')).filter(
    (l) => !shipped.has(`${l.ecosystem}:${l.name}`),
  );
  return { product, development };
}

/** One-line descriptions of every AI signal in the product, for `vouch init` and messages. */
export function aiSignalsFrom(facts: Facts): string[] {
  const usage = facts.get(aiUsageFact);
  const composition = facts.get(compositionFact);
  const libs = aiLibrariesByUse(composition?.components ?? []).product.map(
    (l) => `${l.ecosystem} library ${l.name}`,
  );
  const models = (usage?.modelFiles ?? [])
    .filter((m) => m.confidence !== 'low')
    .map((m) => `model file ${m.path}`);
  return [...libs, ...models];
}
