/**
 * Runs collectors over one inventory in dependency order. Independent collectors run
 * concurrently; a collector's `need` waits for the fact it names. A collector that throws does
 * not stop the others: its error is kept (and passed on to collectors that need its fact) so
 * probes can report `error` / `unknown` instead of a false verdict.
 */
import { createDocumentCache, type DocumentCache } from '../inventory/documents.js';
import type { Inventory } from '../inventory/types.js';
import type { Collector, Facts, FactToken, RunContext } from './types.js';

/** The context of a run on the real clock, offline, with no settings. */
export function defaultRunContext(overrides: Partial<RunContext> = {}): RunContext {
  const startedAt = overrides.startedAt ?? new Date();
  const today = overrides.today;
  const now = overrides.now ?? (today ? new Date(`${today}T00:00:00Z`) : startedAt);
  return {
    network: 'offline',
    settings: {},
    ...overrides,
    today: today ?? now.toISOString().slice(0, 10),
    now,
    startedAt,
  };
}

/** Throws when two collectors provide one fact, a need has no provider, or needs form a cycle. */
export function checkCollectorGraph(collectors: readonly Collector[]): void {
  const byId = new Map<string, Collector>();
  for (const c of collectors) {
    if (byId.has(c.fact.id)) throw new Error(`two collectors provide the fact "${c.fact.id}"`);
    byId.set(c.fact.id, c);
  }
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (c: Collector, path: string[]): void => {
    const s = state.get(c.fact.id);
    if (s === 'done') return;
    if (s === 'visiting') throw new Error(`collectors need each other: ${[...path, c.fact.id].join(' -> ')}`);
    state.set(c.fact.id, 'visiting');
    for (const need of c.needs ?? []) {
      const provider = byId.get(need.id);
      if (!provider)
        throw new Error(`collector "${c.fact.id}" needs "${need.id}", which no collector provides`);
      visit(provider, [...path, c.fact.id]);
    }
    state.set(c.fact.id, 'done');
  };
  for (const c of collectors) visit(c, []);
}

/** The given collectors and, transitively, the ones in `registered` that provide what they need. */
export function withNeeds(targets: readonly Collector[], registered: readonly Collector[]): Collector[] {
  const out = new Map<string, Collector>();
  const add = (c: Collector) => {
    if (out.has(c.fact.id)) return;
    out.set(c.fact.id, c);
    for (const need of c.needs ?? []) {
      const provider = registered.find((r) => r.fact.id === need.id);
      if (provider) add(provider);
    }
  };
  for (const c of targets) add(c);
  return [...out.values()];
}

export interface CollectOptions {
  run?: RunContext;
  documents?: DocumentCache;
}

export async function collectFacts(
  inventory: Inventory,
  collectors: readonly Collector[],
  options: CollectOptions = {},
): Promise<Facts> {
  checkCollectorGraph(collectors);
  const run = options.run ?? defaultRunContext();
  const documents = options.documents ?? createDocumentCache(inventory);
  const byId = new Map(collectors.map((c) => [c.fact.id, c]));
  const values = new Map<string, unknown>();
  const errors = new Map<string, string>();
  const running = new Map<string, Promise<unknown>>();

  const start = (c: Collector): Promise<unknown> => {
    let p = running.get(c.fact.id);
    if (p) return p;
    const declared = new Set((c.needs ?? []).map((n) => n.id));
    const need = <T>(fact: FactToken<T>): Promise<T> => {
      if (!declared.has(fact.id)) {
        return Promise.reject(new Error(`collector "${c.fact.id}" read "${fact.id}" without declaring it`));
      }
      const provider = byId.get(fact.id) as Collector;
      return start(provider).then(() => {
        const failed = errors.get(fact.id);
        if (failed !== undefined) throw new Error(`it needs "${fact.id}", which failed: ${failed}`);
        return values.get(fact.id) as T;
      });
    };
    p = (async () => {
      try {
        values.set(c.fact.id, await c.collect({ inventory, run, documents, need }));
      } catch (e) {
        errors.set(c.fact.id, e instanceof Error ? e.message : String(e));
      }
    })();
    running.set(c.fact.id, p);
    return p;
  };

  await Promise.all(collectors.map(start));
  return {
    inventory,
    run,
    documents,
    get: <T>(fact: FactToken<T>) => values.get(fact.id) as T | undefined,
    error: (fact) => errors.get(fact.id),
    errors: () =>
      collectors.flatMap((c) => {
        const error = errors.get(c.fact.id);
        return error === undefined ? [] : [{ fact: c.fact.id, error }];
      }),
  };
}
