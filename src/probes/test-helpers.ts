/**
 * For probe tests: run one probe over an in-memory repository with the real collectors, or
 * over facts in which a collector failed.
 */
import { hostFact } from '../collectors/host/index.js';
import { collectors } from '../collectors/index.js';
import { collectFacts, defaultRunContext } from '../collectors/run.js';
import type { Collector, Facts, RunContext, RunSettings } from '../collectors/types.js';
import { hostFactsWithout } from '../host/github/facts.js';
import type { HostFacts } from '../host/types.js';
import { memoryInventory } from '../inventory/memory.js';
import type { GitFacts } from '../inventory/types.js';
import { buildInventory } from '../inventory/walk.js';
import type { Finding, Probe } from './types.js';

/** Host facts for acme/widget where only `known` facts were answered; the rest are unknown. */
export function hostWith(known: Partial<Record<keyof HostFacts, unknown>>): HostFacts {
  const facts = hostFactsWithout('not asked in this test', 'acme/widget') as unknown as Record<
    string,
    unknown
  >;
  for (const [key, value] of Object.entries(known)) facts[key] = { status: 'known', value, source: 'test' };
  return facts as unknown as HostFacts;
}

/** Host facts in which GitHub was asked and the owner has no default security policy. */
export const HOST_WITHOUT_DEFAULT_POLICY: HostFacts = hostWith({ organizationSecurityPolicy: null });

export async function runProbe(
  probe: Probe,
  files: Record<string, string | Buffer>,
  git: Partial<GitFacts> = {},
  options: { host?: HostFacts; run?: RunContext } = {},
): Promise<Finding[]> {
  const host = options.host;
  const list = host
    ? collectors.map((c) => (c.fact.id === hostFact.id ? { fact: hostFact, collect: async () => host } : c))
    : collectors;
  const facts = await collectFacts(
    memoryInventory(files, git),
    list,
    options.run ? { run: options.run } : {},
  );
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

/** A security policy whose substance is a link to a page elsewhere (the URL is on line 6, column 2). */
export const POINTER_ONLY_POLICY =
  '# Reporting a security issue\n\nThe Widget security policy, including how to report vulnerabilities, can be\nfound here:\n\n[https://acme.io/docs/security/](https://acme.io/docs/security/)\n';

/** The smallest valid vouch.yaml, with `extra` (top-level YAML) appended. */
export function manifestWith(extra: string): string {
  return `schemaVersion: 1
product:
  name: demo
vendor:
  name: Demo Ltd
vendorRole: developer-and-distributor
${extra}`;
}

/** Runs one probe with the real collectors over a real folder (a git repository made by a test). */
export async function runProbeOnFolder(
  probe: Probe,
  dir: string,
  settings: RunSettings = {},
): Promise<Finding[]> {
  const facts = await collectFacts(await buildInventory(dir), collectors, {
    run: defaultRunContext({ settings }),
  });
  return probe.run(facts);
}
