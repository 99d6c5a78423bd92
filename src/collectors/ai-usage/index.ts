/**
 * Signs of AI in the repository: model and weight files, and AI libraries among the
 * components. Libraries come from the composition facts, so nothing parses a lockfile twice.
 */
import { posix } from 'node:path';
import { z } from 'zod';
import type { Component } from '../../composition/component.js';
import { compositionFact } from '../composition/index.js';
import { ruleFile } from '../rules.js';
import { type Collector, defineFact, type Facts } from '../types.js';
import { filesWithBase } from '../util.js';

/** Packages of one kind in one ecosystem, or why the ecosystem has none. */
const kindEntrySchema = z.union([
  z.array(z.string().min(1)).min(1),
  z.strictObject({ none: z.string().min(1) }),
]);

const indicatorsSchema = z.object({
  version: z.number().int(),
  kinds: z.record(z.string(), z.string()),
  libraries: z.record(z.string(), z.record(z.string(), kindEntrySchema)),
  modelFiles: z.array(
    z.object({ extension: z.string().startsWith('.'), confidence: z.enum(['low', 'medium', 'high']) }),
  ),
});
export type AiIndicators = z.infer<typeof indicatorsSchema>;

export function aiIndicators(): AiIndicators {
  return ruleFile('ai-indicators.yaml', indicatorsSchema);
}

export interface ModelFile {
  path: string;
  confidence: 'low' | 'medium' | 'high';
}

export interface AiUsageFacts {
  modelFiles: ModelFile[];
}

export const aiUsageFact = defineFact<AiUsageFacts>('ai-usage');

export const aiUsageCollector: Collector<AiUsageFacts> = {
  fact: aiUsageFact,
  async collect({ inventory }) {
    const byExt = new Map(aiIndicators().modelFiles.map((m) => [m.extension, m.confidence]));
    const modelFiles: ModelFile[] = [];
    // The extension depends on the base name alone: each distinct name is looked at once.
    const withExtension = filesWithBase(inventory, (base) => byExt.has(posix.extname(base).toLowerCase()));
    for (const f of withExtension) {
      const confidence = byExt.get(posix.extname(f.path).toLowerCase());
      if (confidence) modelFiles.push({ path: f.path, confidence });
    }
    return { modelFiles };
  },
};

function matcher(patterns: string[]): (name: string) => boolean {
  const exact = new Set(patterns.filter((p) => !p.endsWith('*')));
  const prefixes = patterns.filter((p) => p.endsWith('*')).map((p) => p.slice(0, -1));
  return (name) => exact.has(name) || prefixes.some((p) => name.startsWith(p));
}

/** AI libraries among components, by the indicator list. */
export function aiLibraries(
  components: readonly { ecosystem: Component['ecosystem'] | string; name: string }[],
): { ecosystem: string; name: string }[] {
  const matchers = new Map(
    Object.entries(aiIndicators().libraries).map(([eco, kinds]) => [
      eco,
      matcher(Object.values(kinds).flatMap((entry) => (Array.isArray(entry) ? entry : []))),
    ]),
  );
  const seen = new Set<string>();
  const out: { ecosystem: string; name: string }[] = [];
  for (const c of components) {
    const name = c.ecosystem === 'pypi' ? c.name.toLowerCase().replace(/[-_.]+/g, '-') : c.name;
    const key = `${c.ecosystem}:${name}`;
    if (seen.has(key) || !matchers.get(c.ecosystem)?.(name)) continue;
    seen.add(key);
    out.push({ ecosystem: c.ecosystem, name: c.name });
  }
  return out;
}

/** One-line descriptions of every AI signal, for `vouch init` and messages. */
export function aiSignalsFrom(facts: Facts): string[] {
  const usage = facts.get(aiUsageFact);
  const composition = facts.get(compositionFact);
  const libs = aiLibraries(composition?.components ?? []).map((l) => `${l.ecosystem} library ${l.name}`);
  const models = (usage?.modelFiles ?? [])
    .filter((m) => m.confidence !== 'low')
    .map((m) => `model file ${m.path}`);
  return [...libs, ...models];
}
