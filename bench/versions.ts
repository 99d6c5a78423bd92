/**
 * Version ordering over osv-scalibr's whole version suite (71,818 cases, each compared both
 * ways, every file under its first ecosystem): parses per second (every distinct string, no
 * cache), comparisons per second on parsed versions, and comparisons per second through the
 * string API with its parse cache. Runs the built library (dist/), as users get it.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as VersionsLib from '../src/vulnerabilities/versions/index.js';
import { readVersionCases, versionSuiteFiles } from '../test/helpers/version-suite.js';
import { formatCount, median } from './lib/timing.js';
import type { BenchContext, BenchResult } from './types.js';

export const name = 'versions';
export const description =
  'version parse and compare throughput over the 71,818-case osv-scalibr version suite';

const DEFAULT_RUNS = 7;

interface Workload {
  scheme: VersionsLib.VersionScheme;
  strings: string[];
  pairs: [string, string][];
}

function perSecond(count: number, ms: number): string {
  return `${formatCount(Math.round((count / ms) * 1000))}/s`;
}

function timeMs(work: () => void): number {
  const started = process.hrtime.bigint();
  work();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

export async function run(ctx: BenchContext): Promise<BenchResult> {
  const lib = (await import(
    pathToFileURL(join(ctx.repoRoot, 'dist/vulnerabilities/versions/index.js')).href
  )) as typeof VersionsLib;
  const workloads: Workload[] = [];
  let cases = 0;
  for (const f of versionSuiteFiles()) {
    const scheme = lib.schemeForEcosystem(f.ecosystems[0]!);
    if (scheme === undefined) throw new Error(`no scheme for ${f.ecosystems[0]}`);
    const pairs = readVersionCases(f.file).map((c): [string, string] => [c.a, c.b]);
    cases += pairs.length;
    workloads.push({ scheme, strings: [...new Set(pairs.flat())], pairs });
  }
  const distinct = workloads.reduce((n, w) => n + w.strings.length, 0);
  const comparisons = cases * 2;
  const runs = ctx.runs ?? DEFAULT_RUNS;
  ctx.log(`${formatCount(cases)} cases, ${formatCount(distinct)} distinct strings, ${runs} runs`);

  const parsed = workloads.map((w) => {
    const byString = new Map(w.strings.map((s) => [s, w.scheme.parse(s)]));
    return { scheme: w.scheme, pairs: w.pairs.map(([a, b]) => [byString.get(a), byString.get(b)] as const) };
  });
  let sink = 0;
  const parseMs: number[] = [];
  const compareMs: number[] = [];
  const stringMs: number[] = [];
  // One untimed round first so that every path is compiled before timing.
  for (let r = 0; r <= runs; r++) {
    const p = timeMs(() => {
      for (const w of workloads) for (const s of w.strings) if (w.scheme.parse(s) !== undefined) sink++;
    });
    const c = timeMs(() => {
      for (const w of parsed) {
        for (const [a, b] of w.pairs) sink += w.scheme.compare(a, b) - w.scheme.compare(b, a);
      }
    });
    const s = timeMs(() => {
      for (const w of workloads) {
        for (const [a, b] of w.pairs)
          sink += (lib.compareVersions(w.scheme, a, b) ?? 0) - (lib.compareVersions(w.scheme, b, a) ?? 0);
      }
    });
    if (r === 0) continue;
    parseMs.push(p);
    compareMs.push(c);
    stringMs.push(s);
  }
  if (Number.isNaN(sink)) throw new Error('unreachable');
  return {
    lines: [
      `versions/parse: ${formatCount(distinct)} distinct versions in ${median(parseMs).toFixed(1)} ms, ${perSecond(distinct, median(parseMs))} (median of ${runs})`,
      `versions/compare: ${formatCount(comparisons)} comparisons of parsed versions in ${median(compareMs).toFixed(1)} ms, ${perSecond(comparisons, median(compareMs))} (median of ${runs})`,
      `versions/compare-strings: ${formatCount(comparisons)} comparisons of version strings (bounded parse cache) in ${median(stringMs).toFixed(1)} ms, ${perSecond(comparisons, median(stringMs))} (median of ${runs})`,
    ],
  };
}
