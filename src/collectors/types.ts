/**
 * Collectors read the inventory and produce typed facts. They never judge; probes do.
 */
import type { Inventory } from '../inventory/types.js';

export interface CollectContext {
  inventory: Inventory;
}

export interface Collector<T = unknown> {
  id: string;
  collect(ctx: CollectContext): Promise<T>;
}

/** Facts by collector id. A collector that threw leaves an entry in `errors` instead. */
export interface Facts {
  get<T>(collectorId: string): T | undefined;
  error(collectorId: string): string | undefined;
  inventory: Inventory;
}
