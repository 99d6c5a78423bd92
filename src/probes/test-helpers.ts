/**
 * For probe tests: run one probe over an in-memory repository with the real collectors, or
 * over facts in which a collector failed.
 */
import { collectors } from '../collectors/index.js';
import { collectFacts } from '../collectors/run.js';
import type { Collector, Facts } from '../collectors/types.js';
import { memoryInventory } from '../inventory/memory.js';
import type { GitFacts } from '../inventory/types.js';
import type { Finding, Probe } from './types.js';

export async function runProbe(
  probe: Probe,
  files: Record<string, string | Buffer>,
  git: Partial<GitFacts> = {},
): Promise<Finding[]> {
  const facts = await collectFacts(memoryInventory(files, git), collectors);
  return probe.run(facts);
}

/** Facts in which the collector `failing` throws `message`; the others run normally. */
export async function runProbeWithFailingCollector(
  probe: Probe,
  files: Record<string, string>,
  failing: string,
  message = 'boom',
): Promise<Finding[]> {
  const patched: Collector[] = collectors.map((c) =>
    c.fact.id === failing
      ? {
          fact: c.fact,
          collect: async () => {
            throw new Error(message);
          },
        }
      : c,
  );
  const facts: Facts = await collectFacts(memoryInventory(files), patched);
  return probe.run(facts);
}

/** Outcomes of findings for one rule (probe id or "probe/sub"). */
export function outcomes(findings: readonly Finding[], rule?: string): string[] {
  return findings.filter((f) => rule === undefined || f.rule === rule).map((f) => f.outcome);
}
