/**
 * The composition scan: runs every extractor that claims an inventory file, decides which
 * manifests a lockfile already covers, merges what is left, and records coverage for every
 * package-manager file seen, including the ones vouch could not read.
 */
import { posix } from 'node:path';
import type { DocumentCache } from '../inventory/documents.js';
import { classify, excludedFor, limitFor } from '../inventory/scope.js';
import type { Inventory, InventoryFile } from '../inventory/types.js';
import type { Ecosystem, ExtractionResult, Extractor } from './component.js';
import { extractors as defaultExtractors } from './extractors/index.js';
import { knownFileFor } from './known-files.js';
import { type MergedComponent, type MergeInput, mergeDetailed } from './merge.js';

export type CoverageStatus =
  /** Read by an extractor; its components are in the composition. */
  | 'extracted'
  /** A manifest whose lockfile (same directory or workspace root) was read instead. */
  | 'covered'
  /** An extractor failed on it (components may be partial). */
  | 'error'
  /** A package-manager file vouch has no extractor for. */
  | 'unsupported'
  /** Out of the product's scope (a fixture folder, say): see the entry's notes for why. */
  | 'excluded';

export interface CoverageEntry {
  path: string;
  status: CoverageStatus;
  kind: 'lockfile' | 'manifest';
  /** Ecosystem (purl-style for extracted files, package manager name for unsupported ones). */
  ecosystem: string;
  format: string;
  extractor?: string;
  /** Components read from this file (0 when not read). */
  components: number;
  /** Components whose version is a range or missing. */
  unpinned?: number;
  /** The lockfile that covers this manifest. */
  coveredBy?: string;
  error?: string;
  notes?: string[];
}

export interface CompositionScan {
  /** Distinct packages of the product, one per (ecosystem, name, version). */
  components: MergedComponent[];
  /** One per extracted file and extractor, in path order (covered manifests are not read). */
  results: ExtractionResult[];
  /** Every package-manager file seen, in path order. */
  coverage: CoverageEntry[];
  /** Merged purls of the product's direct dependencies, where the files say. */
  rootDependsOn: string[];
}

export interface ScanOptions {
  extractors?: readonly Extractor[];
  /** Files read at once. */
  concurrency?: number;
  /** Larger files are reported as errors without being read (default: the scope policy's). */
  maxFileBytes?: number;
  /** Extra paths to leave out entirely (in addition to what the scope policy leaves out). */
  exclude?: (path: string) => boolean;
  /** Scan test-fixture directories as part of the product (off by default). */
  includeFixtures?: boolean;
  /** The run's document cache, so a file other collectors also read is parsed once. */
  documents?: DocumentCache;
}

const MiB = 1024 * 1024;
/** Base names whose candidate extractors a scan remembers. */
const MAX_REMEMBERED_BASES = 10_000;

/** Lockfiles that can cover manifests in sub-directories (workspaces). */
const WORKSPACE_LOCKFILES = new Set([
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'bun.lock',
  'Cargo.lock',
  'uv.lock',
  'poetry.lock',
]);

/** Ecosystems whose files pin in place (workflow `uses:`, Dockerfile `FROM`): no lockfile exists. */
const NO_LOCKFILE_ECOSYSTEMS = new Set<Ecosystem>(['github-actions', 'docker']);

/** Manifests that are their own thing even beside a lockfile of the same ecosystem, and lock no other. */
const NEVER_COVERED = /^requirements.*\.(txt|in)$/i;

/** Folders whose dependencies are not the shipped product's (docs sites, examples). */
const APART_CLASSES = new Set(['docs', 'sample']);

function scopedApart(path: string): { class: string; reason: string } | undefined {
  const c = classify(path);
  return c && APART_CLASSES.has(c.class) ? c : undefined;
}

function dirOf(path: string): string {
  const d = posix.dirname(path);
  return d === '.' ? '' : d;
}

function parentDir(dir: string): string | undefined {
  if (dir === '') return undefined;
  return dirOf(dir);
}

interface Task {
  file: InventoryFile;
  extractor: Extractor;
  index: number;
}

async function runPool<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++]!;
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Reads a file and runs one extractor on it; never throws. */
async function extractOne(
  inventory: Inventory,
  file: InventoryFile,
  extractor: Extractor,
  maxBytes: number,
  documents: DocumentCache | undefined,
): Promise<ExtractionResult> {
  const fail = (error: string): ExtractionResult => ({
    path: file.path,
    extractor: extractor.id,
    components: [],
    error,
  });
  if (file.size > maxBytes) {
    return fail(`file is ${(file.size / MiB).toFixed(1)} MiB, over the ${maxBytes / MiB} MiB limit`);
  }
  let text: string;
  try {
    text = await inventory.readText(file.path, maxBytes);
  } catch (e) {
    return fail(`could not read: ${message(e)}`);
  }
  // Extractors name other files by their repository-relative path (as the peer suites do).
  const readSibling = async (rel: string): Promise<string | undefined> => {
    if (rel.includes('\0')) return undefined;
    const joined = posix.normalize(rel.replace(/\\/g, '/'));
    if (joined.startsWith('/') || joined === '..' || joined.startsWith('../')) return undefined;
    const target = joined === '.' ? '' : joined.replace(/\/$/, '');
    const f = inventory.get(target);
    if (!f || f.size > maxBytes) return undefined;
    try {
      return await inventory.readText(target, maxBytes);
    } catch {
      return undefined;
    }
  };
  try {
    const r = await extractor.extract({
      path: file.path,
      text,
      readSibling,
      ...(documents ? { documents } : {}),
    });
    // Keep the scan's view of identity: path and extractor as the scan ran them.
    return { ...r, path: file.path, extractor: extractor.id, components: r.components ?? [] };
  } catch (e) {
    // Extractors should return errors as values; a throw is still confined to this file.
    return fail(`extractor ${extractor.id} failed: ${message(e)}`);
  }
}

function edgesKnown(r: ExtractionResult): boolean {
  if (r.rootDependsOn !== undefined) return true;
  for (const c of r.components) if (c.dependsOn !== undefined) return true;
  return false;
}

export async function scanComposition(
  inventory: Inventory,
  opts: ScanOptions = {},
): Promise<CompositionScan> {
  const extractors = opts.extractors ?? defaultExtractors;
  const maxBytes = opts.maxFileBytes ?? limitFor('composition');
  const concurrency = opts.concurrency ?? 8;

  const files = [...inventory.files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const lockTasks: Task[] = [];
  const manifestTasks: Task[] = [];
  const coverage: CoverageEntry[] = [];
  const unsupported: InventoryFile[] = [];

  // knownFileFor depends on the base name alone; names repeat across a tree (index.ts, README.md).
  const knownByBase = new Map<string, ReturnType<typeof knownFileFor>>();
  const knownFor = (base: string) => {
    if (!knownByBase.has(base)) knownByBase.set(base, knownFileFor(base));
    return knownByBase.get(base);
  };
  // The extractors that may claim a base name (mayClaimBase), found once per name: most files of
  // a tree are claimed by none, and asking every extractor about every path was most of the scan.
  const candidatesByBase = new Map<string, readonly Extractor[]>();
  const candidatesFor = (base: string): readonly Extractor[] => {
    let list = candidatesByBase.get(base);
    if (!list) {
      list = extractors.filter((e) => {
        try {
          return e.mayClaimBase?.(base) ?? true;
        } catch {
          return true;
        }
      });
      // Names come from the repository: the memory is bounded.
      if (candidatesByBase.size < MAX_REMEMBERED_BASES) candidatesByBase.set(base, list);
    }
    return list;
  };
  for (const file of files) {
    if (opts.exclude?.(file.path)) continue;
    const base = file.path.slice(file.path.lastIndexOf('/') + 1);
    const claimed = candidatesFor(base).filter((e) => {
      try {
        return e.matches(file.path);
      } catch {
        return false;
      }
    });
    const known = claimed.length === 0 ? knownFor(base) : undefined;
    if (claimed.length === 0 && !known) continue;
    // The scope policy decides for the lockfile probe too, so both leave out the same files.
    const out = excludedFor('composition', file.path);
    // Installed and vendored copies describe other projects: not even listed.
    if (out && out.class !== 'fixture') continue;
    if (out && !opts.includeFixtures) {
      const e = claimed[0];
      coverage.push({
        path: file.path,
        status: 'excluded',
        kind: e?.kind ?? known!.kind,
        ecosystem: e?.ecosystem ?? known!.ecosystem,
        format: e?.format ?? known!.format,
        components: 0,
        notes: [`${out.reason}; not scanned as part of the product`],
      });
      continue;
    }
    if (claimed.length === 0) {
      unsupported.push(file);
      continue;
    }
    for (const extractor of claimed) {
      const task = { file, extractor, index: 0 };
      (extractor.kind === 'manifest' ? manifestTasks : lockTasks).push(task);
    }
  }

  // Phase 1: lockfiles (and anything that is not a manifest).
  const lockResults: ExtractionResult[] = new Array(lockTasks.length);
  lockTasks.forEach((t, i) => {
    t.index = i;
  });
  await runPool(lockTasks, concurrency, async (t) => {
    lockResults[t.index] = await extractOne(inventory, t.file, t.extractor, maxBytes, opts.documents);
  });

  // Successfully read lockfiles by directory and ecosystem.
  const lockByDir = new Map<string, { path: string; ecosystem: Ecosystem; base: string }[]>();
  for (const r of lockResults) {
    if (r.error) continue;
    const ex = extractors.find((e) => e.id === r.extractor);
    if (!ex) continue;
    const d = dirOf(r.path);
    const list = lockByDir.get(d) ?? [];
    list.push({ path: r.path, ecosystem: ex.ecosystem, base: posix.basename(r.path) });
    lockByDir.set(d, list);
  }
  const coveringLock = (
    path: string,
    accept: (l: { ecosystem: Ecosystem; base: string }) => boolean,
  ): string | undefined => {
    const base = posix.basename(path);
    if (NEVER_COVERED.test(base)) return undefined;
    let dir: string | undefined = dirOf(path);
    let sameDir = true;
    while (dir !== undefined) {
      for (const l of lockByDir.get(dir) ?? []) {
        // A requirements file is its own list (dev tools, docs, a pin set), not the lock of a
        // pyproject.toml, setup.py or setup.cfg beside it: both are read.
        if (NEVER_COVERED.test(l.base)) continue;
        if (accept(l) && (sameDir || WORKSPACE_LOCKFILES.has(l.base))) return l.path;
      }
      dir = parentDir(dir);
      sameDir = false;
    }
    return undefined;
  };

  // Phase 2: manifests no lockfile covers.
  const manifestResults: (ExtractionResult | undefined)[] = new Array(manifestTasks.length);
  const coveredBy: (string | undefined)[] = new Array(manifestTasks.length);
  const toRun: Task[] = [];
  manifestTasks.forEach((t, i) => {
    t.index = i;
    const eco = t.extractor.ecosystem;
    coveredBy[i] = coveringLock(t.file.path, (l) => l.ecosystem === eco);
    if (!coveredBy[i]) toRun.push(t);
  });
  await runPool(toRun, concurrency, async (t) => {
    manifestResults[t.index] = await extractOne(inventory, t.file, t.extractor, maxBytes, opts.documents);
  });

  // Assemble results and coverage in path order.
  type Row = { path: string; order: number; result?: ExtractionResult; entry: CoverageEntry };
  const rows: Row[] = [];
  const entryFor = (ex: Extractor, r: ExtractionResult): CoverageEntry => {
    const unpinned = r.components.reduce((n, c) => n + (c.pinned ? 0 : 1), 0);
    return {
      path: r.path,
      status: r.error ? 'error' : 'extracted',
      kind: ex.kind,
      ecosystem: ex.ecosystem,
      format: ex.format,
      extractor: ex.id,
      components: r.components.length,
      ...(unpinned > 0 ? { unpinned } : {}),
      ...(r.error ? { error: r.error } : {}),
      ...(r.notes && r.notes.length > 0 ? { notes: [...r.notes] } : {}),
    };
  };
  const exOrder = new Map(extractors.map((e, i) => [e.id, i]));
  lockTasks.forEach((t, i) => {
    const r = lockResults[i]!;
    rows.push({
      path: t.file.path,
      order: exOrder.get(t.extractor.id) ?? 0,
      result: r,
      entry: entryFor(t.extractor, r),
    });
  });
  manifestTasks.forEach((t, i) => {
    const r = manifestResults[i];
    const order = exOrder.get(t.extractor.id) ?? 0;
    if (r) {
      const entry = entryFor(t.extractor, r);
      if (!r.error && !NO_LOCKFILE_ECOSYSTEMS.has(t.extractor.ecosystem)) {
        entry.notes = [...(entry.notes ?? []), 'no lockfile: versions are as declared (best effort)'];
      }
      rows.push({ path: t.file.path, order, result: r, entry });
    } else {
      rows.push({
        path: t.file.path,
        order,
        entry: {
          path: t.file.path,
          status: 'covered',
          kind: 'manifest',
          ecosystem: t.extractor.ecosystem,
          format: t.extractor.format,
          extractor: t.extractor.id,
          components: 0,
          coveredBy: coveredBy[i]!,
        },
      });
    }
  });
  for (const file of unsupported) {
    const known = knownFor(posix.basename(file.path))!;
    const lockedBy = known.lockedBy
      ? coveringLock(file.path, (l) => known.lockedBy!.includes(l.base))
      : undefined;
    rows.push({
      path: file.path,
      order: extractors.length,
      entry: lockedBy
        ? {
            path: file.path,
            status: 'covered',
            kind: known.kind,
            ecosystem: known.ecosystem,
            format: known.format,
            components: 0,
            coveredBy: lockedBy,
          }
        : {
            path: file.path,
            status: 'unsupported',
            kind: known.kind,
            ecosystem: known.ecosystem,
            format: known.format,
            components: 0,
            notes: [`vouch has no extractor for ${known.format} files`],
          },
    });
  }
  rows.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.order - b.order));
  for (const row of rows) coverage.push(row.entry);
  coverage.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

  // Documentation sites and examples have their own dependencies, not the product's: kept in
  // the composition, scoped apart (the scope policy's docs and sample folders).
  for (const row of rows) {
    const apart = row.result && !row.result.error ? scopedApart(row.path) : undefined;
    if (!apart || !row.result) continue;
    row.result = {
      ...row.result,
      components: row.result.components.map((c) => ({
        ...c,
        scope: c.scope === 'prod' || c.scope === 'peer' ? 'dev' : c.scope,
        groups: [...(c.groups ?? []), apart.class],
      })),
    };
    row.entry.notes = [
      ...(row.entry.notes ?? []),
      `${apart.reason}: its dependencies are scoped apart from the product's (group "${apart.class}")`,
    ];
  }
  const results = rows.flatMap((r) => (r.result ? [r.result] : []));
  return { ...mergeResults(results), results, coverage };
}

/** Distinct packages of these extraction results, and the product's direct dependencies among them. */
export function mergeResults(
  results: readonly ExtractionResult[],
): Pick<CompositionScan, 'components' | 'rootDependsOn'> {
  const inputs: MergeInput[] = results.map((r) => ({
    components: r.components,
    extractor: r.extractor,
    edgesKnown: edgesKnown(r),
  }));
  const { components, purlIndex } = mergeDetailed(inputs);

  const root = new Set<string>();
  for (const r of results) {
    if (r.rootDependsOn) {
      for (const p of r.rootDependsOn) {
        const m = purlIndex.get(p);
        if (m) root.add(m);
      }
    } else {
      for (const c of r.components) {
        if (c.direct !== true) continue;
        const m = purlIndex.get(c.purl);
        if (m) root.add(m);
      }
    }
  }
  return { components, rootDependsOn: [...root] };
}
