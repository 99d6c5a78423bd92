/**
 * The advisory store: import rate over the whole shared OSV set (records per second, fresh store
 * each run), and the time to match every component of the largest real npm (theia), Go and
 * Python lockfiles against the whole store, next to the time to parse those lockfiles. Runs the
 * built library (dist/). Goals: import at least 20,000 records/s; matching cheaper than parsing.
 */
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as ScanLib from '../src/composition/scan.js';
import type * as WalkLib from '../src/inventory/walk.js';
import type * as DbLib from '../src/store/db.js';
import type * as ImportLib from '../src/vulnerabilities/import/index.js';
import type * as MatchLib from '../src/vulnerabilities/scan.js';
import { formatCount, formatMs, formatRatio, median } from './lib/timing.js';
import type { BenchContext, BenchResult } from './types.js';

export const name = 'vulns';
export const description = 'advisory import rate, and matching time against lockfile parse time';

const DEFAULT_RUNS = 3;
const MATCH_RUNS = 7;

const LOCKFILES: { label: string; files: Record<string, string> }[] = [
  {
    label: 'npm theia package-lock.json',
    files: { 'package-lock.json': 'npm/cdxgen-fixture-theia-package-lock.json' },
  },
  {
    label: 'go scorecard go.mod+go.sum',
    files: { 'go.mod': 'go/scorecard-go.mod', 'go.sum': 'go/scorecard-go.sum' },
  },
  { label: 'python fickling uv.lock', files: { 'uv.lock': 'python/fickling-uv.lock' } },
];

/** Wall and CPU time (this process, all its threads: user + system) of one piece of work. */
interface Timed {
  ms: number;
  cpuMs: number;
}

function timeMs<T>(work: () => T): [Timed, T] {
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  const value = work();
  const used = process.cpuUsage(cpu);
  return [
    { ms: Number(process.hrtime.bigint() - started) / 1e6, cpuMs: (used.user + used.system) / 1000 },
    value,
  ];
}

async function timeAsync<T>(work: () => Promise<T>): Promise<[Timed, T]> {
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  const value = await work();
  const used = process.cpuUsage(cpu);
  return [
    { ms: Number(process.hrtime.bigint() - started) / 1e6, cpuMs: (used.user + used.system) / 1000 },
    value,
  ];
}

const wall = (runs: Timed[]) => median(runs.map((r) => r.ms));
const cpu = (runs: Timed[]) => median(runs.map((r) => r.cpuMs));

export async function run(ctx: BenchContext): Promise<BenchResult> {
  const load = async <T>(p: string) => (await import(pathToFileURL(join(ctx.repoRoot, 'dist', p)).href)) as T;
  const db = await load<typeof DbLib>('store/db.js');
  const imp = await load<typeof ImportLib>('vulnerabilities/import/index.js');
  const match = await load<typeof MatchLib>('vulnerabilities/scan.js');
  const scan = await load<typeof ScanLib>('composition/scan.js');
  const walk = await load<typeof WalkLib>('inventory/walk.js');
  const shared = join(ctx.repoRoot, '../shared/peer-suites');
  const osv = join(shared, 'osv');
  const runs = ctx.runs ?? DEFAULT_RUNS;
  const lines: string[] = [];

  const dir = join(ctx.cacheDir, 'vulns');
  const importMs: Timed[] = [];
  let records = 0;
  for (let i = 0; i < runs; i++) {
    rmSync(dir, { recursive: true, force: true });
    const store = await db.openStore(join(dir, 'v.db'));
    const [ms, report] = timeMs(() => imp.importPaths(store, [osv], { now: new Date().toISOString() }));
    records = report.added;
    importMs.push(ms);
    await store.close();
    ctx.log(`import run ${i + 1}: ${formatCount(records)} records in ${formatMs(ms.ms)}`);
  }
  const imMs = wall(importMs);
  const imCpu = cpu(importMs);
  const perSecond = (ms: number) => Math.round((records / ms) * 1000);
  lines.push(
    `vulns/import: ${formatCount(records)} OSV records (+KEV) in ${formatMs(imMs)} wall, ${formatCount(perSecond(imMs))} records/s; CPU ${formatMs(imCpu)}, ${formatCount(perSecond(imCpu))} records/s per CPU second (goal >= 20,000: ${perSecond(imCpu) >= 20_000 ? 'met' : 'not met'}) (median of ${runs}; load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores)`,
  );

  const store = await db.openStore(join(dir, 'v.db'));
  try {
    for (const lock of LOCKFILES) {
      const root = join(dir, 'repo');
      rmSync(root, { recursive: true, force: true });
      mkdirSync(root, { recursive: true });
      for (const [to, from] of Object.entries(lock.files))
        cpSync(join(shared, 'real-lockfiles', from), join(root, to));
      const inventory = await walk.buildInventory(root, { readGit: false });
      const parseMs: Timed[] = [];
      const matchMs: Timed[] = [];
      let components = 0;
      let found = 0;
      // Short pieces of work: more repetitions, so the medians are not one garbage collection.
      for (let i = 0; i < Math.max(runs, MATCH_RUNS); i++) {
        const [p, s] = await timeAsync(() => scan.scanComposition(inventory));
        parseMs.push(p);
        components = s.components.length;
        const [m, r] = timeMs(() => match.matchComponents(store, s.components));
        matchMs.push(m);
        found = r.matches.length;
      }
      const [p, m] = [wall(parseMs), wall(matchMs)];
      const [pc, mc] = [cpu(parseMs), cpu(matchMs)];
      lines.push(
        `vulns/match ${lock.label}: ${formatCount(components)} components, ${found} matches; wall parse ${formatMs(p)}, match ${formatMs(m)}, match/parse ${formatRatio(m, p, 2)}; CPU parse ${formatMs(pc)}, match ${formatMs(mc)}, match/parse ${formatRatio(mc, pc, 2)} (goal < 1x: ${mc < pc ? 'met' : 'not met'})`,
      );
    }
  } finally {
    await store.close();
  }
  return { lines };
}
