/**
 * `vouch vulns` as a use case returning data: the product's components (composition scan),
 * matched against the advisory store, VEX applied (vouch.yaml and VEX files), first-seen dates
 * recorded, remediation windows and the store's age judged against the run's clock.
 */
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import type { RunContext } from '../collectors/types.js';
import type { MergedComponent } from '../composition/merge.js';
import { scanComposition } from '../composition/scan.js';
import type { Inventory } from '../inventory/types.js';
import { buildInventory } from '../inventory/walk.js';
import type { VouchManifest } from '../manifest/schema.js';
import { openStore } from '../store/db.js';
import type { Priority } from '../vulnerabilities/priority.js';
import { type MatchSummary, matchComponents, type VulnerabilityMatch } from '../vulnerabilities/scan.js';
import { type AuditEntry, applyVex, type VexStatement } from '../vulnerabilities/vex/model.js';
import { readVex } from '../vulnerabilities/vex/read.js';

const DAY_MS = 86_400_000;
const MAX_VEX_BYTES = 16 * 1024 * 1024;

export interface TimedMatch extends VulnerabilityMatch {
  /** YYYY-MM-DD: when the store first saw this vulnerability in this component of the product. */
  firstSeen: string;
  /** Days vouch.yaml allows for this priority, when it sets a window. */
  windowDays?: number;
  /** YYYY-MM-DD: first seen plus the window for its priority, when vouch.yaml sets one. */
  due?: string;
  overdue: boolean;
}

export interface StoreState {
  file: string;
  /** When advisories were last imported (ISO 8601), if ever. */
  importedAt?: string;
  /** Whole days since then, by the run's clock. */
  ageDays?: number;
  maxAgeDays: number;
  /** Older than the limit (or never imported): matching cannot vouch for the absence of vulnerabilities. */
  stale: boolean;
}

export interface VulnsReport {
  product: string;
  store: StoreState;
  checked: number;
  matches: TimedMatch[];
  suppressed: { match: VulnerabilityMatch; by: VexStatement }[];
  audit: AuditEntry[];
  notChecked: MatchSummary['notChecked'];
  undecided: MatchSummary['undecided'];
  /** Problems reading VEX files (the statements in them do not apply). */
  warnings: string[];
}

export class NoStoreError extends Error {}

export interface VulnsOptions {
  run: RunContext;
  /** The store file; `.vouch/vouch.db` under the root by default. */
  db: string;
  manifest?: VouchManifest;
  includeFixtures?: boolean;
}

function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

async function vexStatements(inventory: Inventory, manifest: VouchManifest | undefined, warnings: string[]) {
  const policy = manifest?.vulnerabilities;
  const statements: VexStatement[] = (policy?.vex ?? []).map((s) => ({
    vulnerability: s.vulnerability,
    products: s.products,
    status: s.status,
    ...(s.justification ? { justification: s.justification } : {}),
    ...(s.impact ? { impact: s.impact } : {}),
    expires: s.expires,
    source: 'vouch.yaml',
  }));
  for (const file of policy?.vexFiles ?? []) {
    if (!inventory.has(file.path)) {
      warnings.push(`VEX file ${file.path} is not in the repository`);
      continue;
    }
    try {
      statements.push(
        ...readVex(JSON.parse(await inventory.readText(file.path, MAX_VEX_BYTES)), file.path, file.expires),
      );
    } catch (e) {
      warnings.push(`VEX file ${file.path} not used: ${(e as Error).message.slice(0, 200)}`);
    }
  }
  return statements;
}

export async function vulns(root: string, opts: VulnsOptions): Promise<VulnsReport> {
  if (!existsSync(opts.db))
    throw new NoStoreError(`no advisory store at ${opts.db}; run \`vouch db import\` first`);
  const inventory = await buildInventory(root, { readGit: 'if-needed' });
  const scan = await scanComposition(inventory, { includeFixtures: !!opts.includeFixtures });
  return vulnerabilitiesOf({
    storeFile: opts.db,
    inventory,
    components: scan.components,
    ...(opts.manifest ? { manifest: opts.manifest } : {}),
    run: opts.run,
  });
}

export interface ComponentsInput {
  /** An existing store file (the caller checks it exists; this never creates one). */
  storeFile: string;
  inventory: Inventory;
  components: readonly MergedComponent[];
  manifest?: VouchManifest;
  run: RunContext;
}

/**
 * The product's components against the store: shared by `vouch vulns` and the assessment's
 * vulnerabilities collector, so both apply the same VEX, windows and first-seen dates.
 */
export async function vulnerabilitiesOf(input: ComponentsInput): Promise<VulnsReport> {
  const { inventory, manifest, run } = input;
  const product = manifest?.product.name ?? (basename(inventory.root) || 'product');
  const warnings: string[] = [];
  const statements = await vexStatements(inventory, manifest, warnings);
  const store = await openStore(input.storeFile);
  try {
    const summary = matchComponents(store, input.components);
    const vex = applyVex(summary.matches, statements, run.today);
    const today = run.today;
    // First seen: recorded for every match still active, once; a suppressed one keeps its date.
    const seenOf = store.prepare<{ first_seen: string }>(
      store.db
        .selectFrom('first_seen')
        .select('first_seen')
        .where('product', '=', '')
        .where('vulnerability', '=', '')
        .where('purl', '=', ''),
    );
    const record = store.prepare(
      store.db
        .insertInto('first_seen')
        .values({ product: '', vulnerability: '', purl: '', first_seen: '' })
        .onConflict((oc) => oc.doNothing()),
    );
    const windows = manifest?.vulnerabilities?.windows ?? {};
    const matches = store.transaction(() =>
      vex.active.map((m): TimedMatch => {
        let firstSeen = seenOf.all([product, m.id, m.purl])[0]?.first_seen;
        if (firstSeen === undefined) {
          firstSeen = today;
          record.run([product, m.id, m.purl, today]);
        }
        const window = windows[m.priority as Priority];
        const due = window === undefined ? undefined : addDays(firstSeen, window);
        return {
          ...m,
          firstSeen,
          ...(window !== undefined ? { windowDays: window } : {}),
          ...(due ? { due } : {}),
          overdue: due !== undefined && today > due,
        };
      }),
    );
    const imported = await store.db
      .selectFrom('sources')
      .select((eb) => eb.fn.max('imported_at').as('at'))
      .where('kind', 'not in', ['kev', 'epss'])
      .executeTakeFirst();
    const importedAt = imported?.at ?? undefined;
    const maxAgeDays = manifest?.vulnerabilities?.maxDatabaseAge ?? 7;
    const ageDays =
      importedAt === undefined
        ? undefined
        : Math.floor((run.now.getTime() - Date.parse(importedAt)) / DAY_MS);
    return {
      product,
      store: {
        file: input.storeFile,
        ...(importedAt ? { importedAt } : {}),
        ...(ageDays !== undefined ? { ageDays } : {}),
        maxAgeDays,
        stale: ageDays === undefined || ageDays > maxAgeDays,
      },
      checked: summary.checked,
      matches,
      suppressed: vex.suppressed,
      audit: vex.audit,
      notChecked: summary.notChecked,
      undecided: summary.undecided,
      warnings,
    };
  } finally {
    await store.close();
  }
}
