/**
 * For collector tests: run one collector, with the registered collectors it needs, over an
 * in-memory repository (or a given inventory), and return its fact or throw its error.
 */
import { memoryInventory } from '../inventory/memory.js';
import type { Inventory } from '../inventory/types.js';
import { collectors as registered } from './index.js';
import { collectFacts, withNeeds } from './run.js';
import type { Collector, RunContext } from './types.js';

export async function collectOne<T>(
  collector: Collector<T>,
  input: Inventory | Record<string, string | Buffer>,
  run?: RunContext,
): Promise<T> {
  const inventory =
    'files' in input && Array.isArray(input.files)
      ? (input as Inventory)
      : memoryInventory(input as Record<string, string | Buffer>);
  const facts = await collectFacts(
    inventory,
    withNeeds([collector as Collector], registered),
    run ? { run } : {},
  );
  const error = facts.error(collector.fact);
  if (error !== undefined) throw new Error(error);
  return facts.get(collector.fact) as T;
}
