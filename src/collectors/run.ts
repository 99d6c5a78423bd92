/**
 * Runs collectors over one inventory. A collector that throws does not stop the others: its
 * error is kept so probes can report `error` / `unknown` instead of a false verdict.
 */
import type { Inventory } from '../inventory/types.js';
import type { Collector, Facts } from './types.js';

export async function collectFacts(inventory: Inventory, collectors: readonly Collector[]): Promise<Facts> {
  const values = new Map<string, unknown>();
  const errors = new Map<string, string>();
  await Promise.all(
    collectors.map(async (c) => {
      try {
        values.set(c.id, await c.collect({ inventory }));
      } catch (e) {
        errors.set(c.id, e instanceof Error ? e.message : String(e));
      }
    }),
  );
  return {
    inventory,
    get: <T>(id: string) => values.get(id) as T | undefined,
    error: (id: string) => errors.get(id),
  };
}
