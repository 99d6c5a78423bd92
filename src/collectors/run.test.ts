import { describe, expect, it } from 'vitest';
import { memoryInventory } from '../inventory/memory.js';
import { collectors } from './index.js';
import { checkCollectorGraph, collectFacts, defaultRunContext } from './run.js';
import { type Collector, defineFact } from './types.js';

const a = defineFact<number>('a');
const b = defineFact<number>('b');
const c = defineFact<string>('c');

describe('collectFacts', () => {
  it('runs a collector after the facts it needs, once each', async () => {
    const calls: string[] = [];
    const list: Collector[] = [
      {
        fact: b,
        needs: [a],
        collect: async ({ need }) => {
          calls.push('b');
          return (await need(a)) + 1;
        },
      },
      {
        fact: a,
        collect: async () => {
          calls.push('a');
          return 41;
        },
      },
      { fact: c, needs: [a, b], collect: async ({ need }) => `${await need(a)}/${await need(b)}` },
    ];
    const facts = await collectFacts(memoryInventory({}), list);
    expect(facts.get(b)).toBe(42);
    expect(facts.get(c)).toBe('41/42');
    expect(calls.filter((x) => x === 'a')).toHaveLength(1);
  });

  it('passes a failure on to the collectors that need the fact, and keeps the others', async () => {
    const list: Collector[] = [
      {
        fact: a,
        collect: async () => {
          throw new Error('disk on fire');
        },
      },
      { fact: b, needs: [a], collect: async ({ need }) => need(a) },
      { fact: c, collect: async () => 'fine' },
    ];
    const facts = await collectFacts(memoryInventory({}), list);
    expect(facts.error(a)).toBe('disk on fire');
    expect(facts.error(b)).toMatch(/needs "a", which failed: disk on fire/);
    expect(facts.get(c)).toBe('fine');
    expect(facts.errors().map((e) => e.fact)).toEqual(['a', 'b']);
  });

  it('refuses a read the collector did not declare', async () => {
    const list: Collector[] = [
      { fact: a, collect: async () => 1 },
      { fact: b, collect: async ({ need }) => need(a) },
    ];
    const facts = await collectFacts(memoryInventory({}), list);
    expect(facts.error(b)).toMatch(/read "a" without declaring it/);
  });

  it('refuses cycles, missing providers and two providers of one fact before running anything', () => {
    expect(() =>
      checkCollectorGraph([
        { fact: a, needs: [b], collect: async () => 1 },
        { fact: b, needs: [a], collect: async () => 1 },
      ]),
    ).toThrow(/need each other: a -> b -> a/);
    expect(() => checkCollectorGraph([{ fact: a, needs: [c], collect: async () => 1 }])).toThrow(
      /needs "c", which no collector provides/,
    );
    expect(() =>
      checkCollectorGraph([
        { fact: a, collect: async () => 1 },
        { fact: a, collect: async () => 2 },
      ]),
    ).toThrow(/two collectors provide the fact "a"/);
  });

  it('the registered collectors form a graph without cycles or missing needs', () => {
    expect(() => checkCollectorGraph(collectors)).not.toThrow();
  });

  it('gives every collector the run context and one shared document cache', async () => {
    const run = defaultRunContext({ today: '2030-06-01' });
    const seen: unknown[] = [];
    const list: Collector[] = [
      {
        fact: a,
        collect: async ({ run, documents }) => {
          seen.push(run.today, run.now.toISOString(), documents);
          return 1;
        },
      },
      {
        fact: b,
        collect: async ({ documents }) => {
          seen.push(documents);
          return 2;
        },
      },
    ];
    await collectFacts(memoryInventory({}), list, { run });
    expect(seen[0]).toBe('2030-06-01');
    expect(seen[1]).toBe('2030-06-01T00:00:00.000Z');
    expect(seen[2]).toBe(seen[3]);
  });
});

describe('defaultRunContext', () => {
  it('is offline and on the real clock unless told otherwise', () => {
    const before = Date.now();
    const run = defaultRunContext();
    expect(run.network).toBe('offline');
    expect(run.now.getTime()).toBeGreaterThanOrEqual(before);
    expect(run.today).toBe(run.now.toISOString().slice(0, 10));
  });
  it('pins checks to the start of a given day but keeps the real start time for outputs', () => {
    const run = defaultRunContext({ today: '2020-02-29' });
    expect(run.now.toISOString()).toBe('2020-02-29T00:00:00.000Z');
    expect(run.startedAt.getFullYear()).toBeGreaterThan(2020);
  });
});
