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
import type { Collector, Facts, RunContext } from '../collectors/types.js';
import type { Inventory } from '../inventory/types.js';
import { buildInventory } from '../inventory/walk.js';
import { MANIFEST_FILE, type ManifestResult } from '../manifest/load.js';
import { LOCK_FILE, loadLockFromInventory } from '../manifest/lock.js';
import type { VouchManifest } from '../manifest/schema.js';
import { finding } from '../probes/finding.js';
import { probes } from '../probes/index.js';
import type { Finding, Probe } from '../probes/types.js';
import type { ProductRepository } from '../repository/product-repositories.js';
import { VERSION } from '../version.js';
import { combineFindings, labelFindings } from './product.js';

export const REPORT_SCHEMA_VERSION = '1.0.0';

export interface AssessOptions {
  /** The clock, network policy and settings of this run; the real day, offline, by default. */
  run?: RunContext;
  onProgress?: (stage: string) => void;
  /**
   * The product's repositories (vouch.yaml `repositories:`, resolved by the caller), the primary
   * among them: each is assessed on its own and the product judged as one (./product.ts).
   * Without it, other entries are reported as not assessed.
   */
  repositories?: readonly ProductRepository[];
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

interface RepositoryRun {
  inventory: Inventory;
  facts: Facts;
  findings: Finding[];
}

/** One repository on its own: walk, facts, probes, and its inline suppressions. */
async function assessRepository(
  root: string,
  collectorList: readonly Collector[],
  probeList: readonly Probe[],
  run: RunContext,
  productManifest?: ManifestResult,
): Promise<RepositoryRun> {
  const inventory = await buildInventory(root);
  // The product is declared once, in the primary's vouch.yaml: every repository reads that.
  const list = productManifest
    ? collectorList.map((c) =>
        c.fact.id === manifestFact.id ? { fact: manifestFact, collect: async () => productManifest } : c,
      )
    : collectorList;
  const facts = await collectFacts(inventory, list, { run });
  const findings = await applyInlineSuppressions(runProbes(probeList, facts), async (path) =>
    inventory.has(path) ? inventory.readText(path).catch(() => undefined) : undefined,
  );
  return { inventory, facts, findings };
}

export async function assess(root: string, options: AssessOptions = {}): Promise<AssessmentReport> {
  const run = options.run ?? defaultRunContext();
  const today = run.today;
  const progress = options.onProgress ?? (() => {});
  const catalogue = loadCatalogue();
  const collectorList = options.collectors ?? collectors;
  const probeList = options.probes ?? probes;
  progress('reading the repository');
  const {
    inventory,
    facts,
    findings: primaryFindings,
  } = await assessRepository(root, collectorList, probeList, run);
  progress(`collected facts from ${inventory.files.length} files`);
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
  let findings = primaryFindings;
  const product = options.repositories ?? [];
  const others: { repository: ProductRepository; run: RepositoryRun }[] = [];
  for (const repository of product.filter((r) => !r.primary)) {
    progress(`reading repository ${repository.name}`);
    // One after another: each repository's documents are released before the next is read.
    others.push({
      repository,
      run: await assessRepository(repository.root, collectorList, probeList, run, manifestResult),
    });
  }
  const primary = product.find((r) => r.primary);
  if (primary && others.length > 0) {
    findings = combineFindings(
      [
        { repository: primary, findings: labelFindings(primaryFindings, primary) },
        ...others.map(({ repository, run: r }) => ({
          repository,
          // vouch.yaml and vouch.lock are the primary's, already reported from there.
          findings: labelFindings(
            r.findings.filter((f) => f.location?.path !== MANIFEST_FILE && f.location?.path !== LOCK_FILE),
            repository,
          ),
        })),
      ],
      probeList.map((p) => p.definition),
    );
  }

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

  const collectorErrors = [
    ...facts.errors().map((e) => ({ collector: e.fact, error: e.error })),
    ...others.flatMap(({ repository, run: r }) =>
      r.facts.errors().map((e) => ({ collector: `${repository.name}: ${e.fact}`, error: e.error })),
    ),
  ];
  const inventoryProblems = [
    ...inventory.problems,
    ...others.flatMap(({ repository, run: r }) =>
      r.inventory.problems.map((p) => ({ ...p, path: `${repository.name}/${p.path}` })),
    ),
  ];

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
    ...(primary && others.length > 0
      ? {
          repositories: [{ repository: primary, run: { inventory } }, ...others].map(
            ({ repository, run: r }) => ({
              name: repository.name,
              primary: repository.primary,
              ...repository.declared,
              ...(r.inventory.git.head ? { head: r.inventory.git.head } : {}),
              files: r.inventory.files.length,
              ...(repository.note ? { note: repository.note } : {}),
            }),
          ),
        }
      : {}),
    codes,
    findings,
    actions: topActions(findings),
    problems: {
      manifest: manifestResult.found
        ? [
            ...manifestResult.errors,
            ...lock.errors,
            ...(options.repositories ? [] : unassessedRepositories(manifestResult.manifest)),
          ]
        : [
            {
              file: MANIFEST_FILE,
              message: 'not found: run `vouch init` to declare the product; defaults were assumed',
            },
          ],
      inventory: inventoryProblems,
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
