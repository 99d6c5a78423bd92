/**
 * The assess use case, end to end: inventory -> facts -> findings -> attestations -> verdicts.
 * Returns data; the CLI (and later the server) decides how to show it.
 */
import { basename } from 'node:path';
import { resolveAttestations } from '../assessment/attestations.js';
import { judge } from '../assessment/judge.js';
import { applyInlineSuppressions, applySuppressions } from '../assessment/suppressions.js';
import type { Action, AssessmentReport } from '../assessment/types.js';
import { loadCatalogue } from '../catalogue/load.js';
import type { AiRole, VendorRole } from '../catalogue/types.js';
import { collectors } from '../collectors/index.js';
import { manifestFact } from '../collectors/manifest/index.js';
import { collectFacts, defaultRunContext } from '../collectors/run.js';
import type { Collector, RunContext } from '../collectors/types.js';
import { buildInventory } from '../inventory/walk.js';
import { MANIFEST_FILE, type ManifestResult } from '../manifest/load.js';
import { loadLockFromInventory } from '../manifest/lock.js';
import type { VouchManifest } from '../manifest/schema.js';
import { finding } from '../probes/finding.js';
import { probes } from '../probes/index.js';
import type { Finding, Probe } from '../probes/types.js';
import { VERSION } from '../version.js';

export const REPORT_SCHEMA_VERSION = '1.0.0';

export interface AssessOptions {
  /** The clock, network policy and settings of this run; the real day, offline, by default. */
  run?: RunContext;
  onProgress?: (stage: string) => void;
  collectors?: readonly Collector[];
  probes?: readonly Probe[];
}

const severityRank = { critical: 0, high: 1, medium: 2, low: 3, info: 4 } as const;

function runProbes(list: readonly Probe[], facts: Awaited<ReturnType<typeof collectFacts>>): Finding[] {
  const out: Finding[] = [];
  for (const probe of list) {
    try {
      out.push(...probe.run(facts));
    } catch (e) {
      // A probe bug must not turn into a verdict: report it as an error outcome.
      out.push(
        finding(probe.definition, {
          outcome: 'error',
          message: `probe failed: ${(e as Error).message}`,
          key: 'probe-error',
        }),
      );
    }
  }
  return out;
}

function topActions(findings: Finding[]): Action[] {
  const failing = findings.filter((f) => f.outcome === 'fail' && !f.suppressed);
  failing.sort(
    (a, b) =>
      severityRank[a.severity] - severityRank[b.severity] || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0),
  );
  const seen = new Set<string>();
  const actions: Action[] = [];
  for (const f of failing) {
    if (seen.has(f.rule)) continue;
    seen.add(f.rule);
    actions.push({
      severity: f.severity,
      rule: f.rule,
      text: f.remediation,
      ...(f.location ? { location: f.location } : {}),
    });
  }
  return actions.slice(0, 10);
}

export async function assess(root: string, options: AssessOptions = {}): Promise<AssessmentReport> {
  const run = options.run ?? defaultRunContext();
  const today = run.today;
  const progress = options.onProgress ?? (() => {});
  const catalogue = loadCatalogue();
  progress('reading the repository');
  const inventory = await buildInventory(root);
  progress(`collecting facts from ${inventory.files.length} files`);
  const collectorList = options.collectors ?? collectors;
  const facts = await collectFacts(inventory, collectorList, { run });
  const manifestResult: ManifestResult = facts.get(manifestFact) ?? {
    found: true,
    errors: [
      {
        file: MANIFEST_FILE,
        message: `could not be read: ${facts.error(manifestFact) ?? 'no manifest collector'}`,
      },
    ],
    positions: new Map(),
  };
  const manifest = manifestResult.manifest;
  progress('running probes');
  let findings = runProbes(options.probes ?? probes, facts);
  findings = await applyInlineSuppressions(findings, async (path) =>
    inventory.has(path) ? inventory.readText(path).catch(() => undefined) : undefined,
  );

  const lock = await loadLockFromInventory(inventory);
  const attested = await resolveAttestations(
    manifest?.attestations ?? {},
    catalogue,
    inventory,
    today,
    MANIFEST_FILE,
    manifestResult.positions,
    lock.lock,
  );
  findings.push(...attested.findings);
  findings = applySuppressions(
    findings,
    manifest?.suppressions ?? [],
    today,
    MANIFEST_FILE,
    manifestResult.positions,
  );

  const aiDeclared = Boolean(manifest?.ai.uses || (manifest?.ai.roles.length ?? 0) > 0);
  const aiDetected = findings.some((f) => f.rule.startsWith('ai-use-undeclared') && f.outcome === 'fail');
  const codes = judge({
    catalogue,
    findings: findings.filter((f) => !f.suppressed),
    attestations: attested.valid,
    lostAttestations: attested.lost,
    vendorRole: (manifest?.vendorRole ?? 'developer-and-distributor') as VendorRole,
    ai: { declared: aiDeclared, roles: (manifest?.ai.roles ?? []) as AiRole[], detected: aiDetected },
  });

  const collectorErrors = facts.errors().map((e) => ({ collector: e.fact, error: e.error }));

  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'vouch', version: VERSION, catalogueVersion: catalogue.version },
    generatedAt: run.startedAt.toISOString(),
    product: {
      name: manifest?.product.name ?? basename(inventory.root),
      ...(manifest?.product.version ? { version: manifest.product.version } : {}),
      ...(manifest?.vendor.name ? { vendor: manifest.vendor.name } : {}),
      vendorRole: manifest?.vendorRole ?? 'developer-and-distributor',
      ...(manifest?.sro ? { sro: manifest.sro.name } : {}),
      ...(manifest?.assessor
        ? {
            assessor: manifest.assessor.organisation
              ? `${manifest.assessor.name}, ${manifest.assessor.organisation}`
              : manifest.assessor.name,
          }
        : {}),
      aiRoles: manifest?.ai.roles ?? [],
      declared: Boolean(manifest),
    },
    repository: {
      root: inventory.root,
      ...(inventory.git.head ? { head: inventory.git.head } : {}),
      ...(inventory.git.branch ? { branch: inventory.git.branch } : {}),
      ...(inventory.git.remote ? { remote: inventory.git.remote } : {}),
      files: inventory.files.length,
      ...(inventory.git.note ? { note: inventory.git.note } : {}),
    },
    codes,
    findings,
    actions: topActions(findings),
    problems: {
      manifest: manifestResult.found
        ? [...manifestResult.errors, ...lock.errors, ...unassessedRepositories(manifestResult.manifest)]
        : [
            {
              file: MANIFEST_FILE,
              message: 'not found: run `vouch init` to declare the product; defaults were assumed',
            },
          ],
      inventory: inventory.problems,
      collectors: collectorErrors,
    },
  };
}

/**
 * `repositories:` entries other than the assessed root itself: not assessed together yet, and
 * said so, so that a product spread over several repositories is never reported as if whole.
 */
function unassessedRepositories(manifest: VouchManifest | undefined): { file: string; message: string }[] {
  const others = (manifest?.repositories ?? []).filter(
    (r) => r.url !== undefined || (r.path !== undefined && r.path !== '.' && r.path !== './'),
  );
  if (others.length === 0) return [];
  const named = others.map((r) => r.url ?? r.path).join(', ');
  return [
    {
      file: MANIFEST_FILE,
      message: `repositories: ${named} ${others.length === 1 ? 'is' : 'are'} not assessed: this assessment covers only this repository; assess each one and attest the product-level claims`,
    },
  ];
}
