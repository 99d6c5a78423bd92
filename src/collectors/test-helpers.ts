/**
 * For collector tests: run one collector, with the registered collectors it needs, over an
 * in-memory repository (or a given inventory), and return its fact or throw its error.
 */
import { memoryInventory } from '../inventory/memory.js';
import type { Inventory } from '../inventory/types.js';
import { collectors as registered } from './index.js';
import { collectFacts } from './run.js';
import type { Collector, RunContext } from './types.js';

/** The collector and, transitively, the registered collectors that provide what it needs. */
export function withNeeds(collector: Collector): Collector[] {
  const out = new Map<string, Collector>();
  const add = (c: Collector) => {
    if (out.has(c.fact.id)) return;
    out.set(c.fact.id, c);
    for (const need of c.needs ?? []) {
      const provider = registered.find((r) => r.fact.id === need.id);
      if (provider) add(provider);
    }
  };
  add(collector);
  return [...out.values()];
}

export async function collectOne<T>(
  collector: Collector<T>,
  input: Inventory | Record<string, string | Buffer>,
  run?: RunContext,
): Promise<T> {
  const inventory =
    'files' in input && Array.isArray(input.files)
      ? (input as Inventory)
      : memoryInventory(input as Record<string, string | Buffer>);
  const facts = await collectFacts(inventory, withNeeds(collector as Collector), run ? { run } : {});
  const error = facts.error(collector.fact);
  if (error !== undefined) throw new Error(error);
  return facts.get(collector.fact) as T;
}
