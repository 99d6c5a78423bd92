/**
 * How much slower is `vouch assess` than the fastest tools that list a repository, `rg --files`
 * (ripgrep, from the @vscode/ripgrep dev dependency; it walks the disk and applies .gitignore, as
 * vouch does) and `git ls-files` (reads git's index)? All run as whole processes on the same
 * committed ~20,000-file tree. The
 * inventory walk alone (buildInventory in a fresh node process) is timed too, so a slow
 * assessment can be told apart from a slow walk, and a stage line says where a fresh assess
 * process spends its time (module loading, catalogue, walk, each collector, probes). Until the
 * CLI can assess, the first line falls back to the walk and says so.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rgPath } from '@vscode/ripgrep';
import { ensureRepoTree } from './lib/repo-tree.js';
import {
  cpuComparison,
  formatCount,
  formatMs,
  formatRatio,
  median,
  medianCpu,
  repeat,
  type TimedRun,
  timeProcess,
} from './lib/timing.js';
import type { BenchContext, BenchResult } from './types.js';

export const name = 'assess-vs-rg';
export const description =
  'vouch assess (and the inventory walk alone) vs rg --files and git ls-files on a 20,000-file repository';

const GIT_RUNS = 11;
/** The goal: vouch assess within this many times `rg --files`. */
const RG_GOAL = 5;
const VOUCH_RUNS = 5;
const STAGE_RUNS = 3;

/** Prints {"files", "ms"} for one buildInventory call; the process is timed from outside. */
const INVENTORY_PROBE = `
const [walkModule, root] = process.argv.slice(2);
const { buildInventory } = await import(walkModule);
const started = performance.now();
const inventory = await buildInventory(root);
const ms = performance.now() - started;
console.log(JSON.stringify({ files: inventory.files.length, ms, problems: inventory.problems.length }));
`;

/**
 * Where a fresh assess process spends its time, stage by stage: loading the modules assess needs,
 * the catalogue, the walk, each collector alone (in registration order, so shared work such as
 * the rule files and the CI facts is charged to the first collector that needs it), the probes,
 * then a second whole assess() in the same process (warm: caches filled, code compiled).
 * Prints one JSON object of milliseconds.
 */
const STAGES_PROBE = `
const [dist, root] = process.argv.slice(2);
const ms = (t) => Math.round((performance.now() - t) * 10) / 10;
let t = performance.now();
const { assess } = await import(dist + '/app/assess.js');
const { loadCatalogue } = await import(dist + '/catalogue/load.js');
const { buildInventory } = await import(dist + '/inventory/walk.js');
const { collectors } = await import(dist + '/collectors/index.js');
const { collectFacts, defaultRunContext } = await import(dist + '/collectors/run.js');
const { probes } = await import(dist + '/probes/index.js');
const out = { modules: ms(t), collectors: {} };
t = performance.now();
loadCatalogue();
out.catalogue = ms(t);
t = performance.now();
const inventory = await buildInventory(root);
out.walk = ms(t);
// Each collector's own time: from its start to its end, less the time it waited on facts it needs.
// Collectors run together as in assess, so waits on I/O can overlap; the sum is an approximation.
const timed = collectors.map((c) => ({
  ...c,
  collect: async (ctx) => {
    let waited = 0;
    const need = async (fact) => {
      const t0 = performance.now();
      try { return await ctx.need(fact); } finally { waited += performance.now() - t0; }
    };
    const t0 = performance.now();
    try { return await c.collect({ ...ctx, need }); }
    finally { out.collectors[c.fact.id] = Math.round((performance.now() - t0 - waited) * 10) / 10; }
  },
}));
t = performance.now();
const facts = await collectFacts(inventory, timed, { run: defaultRunContext() });
out.collectorsWall = ms(t);
t = performance.now();
for (const p of probes) { try { p.run(facts); } catch {} }
out.probes = ms(t);
t = performance.now();
await assess(root);
out.warmAssess = ms(t);
console.log(JSON.stringify(out));
`;

interface Stages {
  modules: number;
  catalogue: number;
  walk: number;
  collectors: Record<string, number>;
  collectorsWall: number;
  probes: number;
  warmAssess: number;
}

/** Median of each stage over `runs` fresh processes, as one line. */
function stageLine(runs: Stages[]): string {
  const med = (pick: (s: Stages) => number) => formatMs(median(runs.map(pick)));
  const ids = Object.keys(runs[0]!.collectors);
  const total = median(runs.map((s) => Object.values(s.collectors).reduce((a, b) => a + b, 0)));
  const each = ids.map((id) => `${id} ${med((s) => s.collectors[id] ?? 0)}`).join(', ');
  return `assess/stages (fresh process, medians of ${runs.length}): modules ${med((s) => s.modules)}, catalogue ${med((s) => s.catalogue)}, walk ${med((s) => s.walk)}, collectors ${med((s) => s.collectorsWall)} wall, ${formatMs(total)} summed (${each}), probes ${med((s) => s.probes)}; a second assess in the same process ${med((s) => s.warmAssess)}`;
}

function failure(run: TimedRun): string {
  const text = (run.stderr.trim() || run.stdout.trim()).split('\n').slice(-1)[0] ?? '';
  return `exit ${run.status}${text ? `: ${text.slice(0, 160)}` : ''}`;
}

export async function run(ctx: BenchContext): Promise<BenchResult> {
  const tree = ensureRepoTree(ctx.cacheDir, ctx.log);
  const scratch = mkdtempSync(join(tmpdir(), 'vouch-bench-'));
  try {
    const lines: string[] = [];
    ctx.log(`timing git ls-files (${ctx.runs ?? GIT_RUNS} runs)`);
    const gitRuns = repeat(ctx.runs ?? GIT_RUNS, () => timeProcess('git', ['ls-files'], { cwd: tree.root }));
    const listed = gitRuns[0]!.stdout.split('\n').filter((l) => l !== '').length;
    const gitMs = median(gitRuns.map((r) => r.ms));
    ctx.log(`timing rg --files (${ctx.runs ?? GIT_RUNS} runs)`);
    const rgRuns = repeat(ctx.runs ?? GIT_RUNS, () => timeProcess(rgPath, ['--files'], { cwd: tree.root }));
    if (rgRuns[0]!.status !== 0) throw new Error(`rg --files failed: ${failure(rgRuns[0]!)}`);
    const rgListed = rgRuns[0]!.stdout.split('\n').filter((l) => l !== '').length;
    const rgMs = median(rgRuns.map((r) => r.ms));

    // The walk alone, compiled when the build produced it, else through tsx (labelled).
    const compiledWalk = join(ctx.repoRoot, 'dist/inventory/walk.js');
    const compiled = existsSync(compiledWalk);
    const probe = join(scratch, 'inventory-probe.mjs');
    writeFileSync(probe, INVENTORY_PROBE);
    const walkArgs = compiled
      ? [probe, compiledWalk, tree.root]
      : ['--import', 'tsx', probe, join(ctx.repoRoot, 'src/inventory/walk.ts'), tree.root];
    const walkOnce = () => {
      const r = timeProcess(process.execPath, walkArgs, { cwd: ctx.repoRoot });
      if (r.status !== 0) throw new Error(`inventory probe failed: ${failure(r)}`);
      return r;
    };
    ctx.log(`timing buildInventory in a fresh node process (${ctx.runs ?? VOUCH_RUNS} runs)`);
    const walkRuns = repeat(ctx.runs ?? VOUCH_RUNS, walkOnce);
    const walkFacts = walkRuns.map(
      (r) => JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { files: number; ms: number },
    );
    const walkMs = median(walkRuns.map((r) => r.ms));
    const walkInside = median(walkFacts.map((f) => f.ms));
    const walkLabel = compiled ? 'buildInventory' : 'buildInventory (via tsx, no build)';

    // The CLI, if it can assess yet.
    const report = join(scratch, 'report.json');
    const assessArgs = [
      join(ctx.repoRoot, 'bin/vouch.js'),
      'assess',
      tree.root,
      '--format',
      'json',
      '--output',
      report,
      '--quiet',
    ];
    const assessOnce = () => timeProcess(process.execPath, assessArgs, { cwd: ctx.repoRoot });
    const trial = assessOnce();
    let unavailable: string | undefined;
    if (trial.status !== 0) unavailable = failure(trial);
    else {
      try {
        JSON.parse(readFileSync(report, 'utf8'));
      } catch (e) {
        unavailable = `no JSON report written (${(e as Error).message})`;
      }
    }

    if (unavailable === undefined) {
      ctx.log(`timing vouch assess (${ctx.runs ?? VOUCH_RUNS} runs)`);
      const assessRuns = repeat(ctx.runs ?? VOUCH_RUNS, assessOnce);
      const failed = assessRuns.find((r) => r.status !== 0);
      if (failed) throw new Error(`vouch assess failed during timing: ${failure(failed)}`);
      const assessMs = median(assessRuns.map((r) => r.ms));
      const assessCpu = medianCpu(assessRuns);
      const how = existsSync(join(ctx.repoRoot, 'dist/cli/run.js')) ? '' : ' (via tsx, no build)';
      lines.push(
        `assess/rg-files: ${formatCount(rgListed)} files listed, vouch assess${how} ${formatMs(assessMs)}, rg --files ${formatMs(rgMs)}, ratio ${formatRatio(assessMs, rgMs)} (goal <= ${RG_GOAL}x: ${assessMs / rgMs <= RG_GOAL ? 'met' : 'not met'})${cpuComparison(assessCpu, medianCpu(rgRuns), { kind: 'max', ratio: RG_GOAL })}`,
        `assess/git-ls-files: ${formatCount(listed)} files, vouch${how} ${formatMs(assessMs)}, git ls-files ${formatMs(gitMs)}, ratio ${formatRatio(assessMs, gitMs)}${cpuComparison(assessCpu, medianCpu(gitRuns))}`,
      );
    } else {
      lines.push(
        `assess/rg-files: FALLBACK, vouch assess unavailable (${unavailable}); ${walkLabel} process ${formatMs(walkMs)}, rg --files ${formatMs(rgMs)}, ratio ${formatRatio(walkMs, rgMs)}`,
        `assess/git-ls-files: FALLBACK, vouch assess unavailable (${unavailable}); timing ${walkLabel} in a fresh node process instead: ${formatCount(listed)} files, ${formatMs(walkMs)}, git ls-files ${formatMs(gitMs)}, ratio ${formatRatio(walkMs, gitMs)}`,
      );
    }
    if (unavailable === undefined && compiled) {
      const stagesProbe = join(scratch, 'stages-probe.mjs');
      writeFileSync(stagesProbe, STAGES_PROBE);
      const stageArgs = [stagesProbe, join(ctx.repoRoot, 'dist'), tree.root];
      ctx.log(`timing each stage of assess in a fresh node process (${STAGE_RUNS} runs)`);
      const stageRuns: Stages[] = [];
      for (let i = 0; i < STAGE_RUNS; i++) {
        const r = timeProcess(process.execPath, stageArgs, { cwd: ctx.repoRoot });
        if (r.status !== 0) throw new Error(`stage probe failed: ${failure(r)}`);
        stageRuns.push(JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Stages);
      }
      lines.push(stageLine(stageRuns));
    }
    lines.push(
      `inventory/git-ls-files: ${formatCount(walkFacts[0]!.files)} files inventoried (${formatCount(tree.ignored)} gitignored skipped), ${walkLabel} process ${formatMs(walkMs)} (walk ${formatMs(walkInside)} in-process), git ls-files ${formatMs(gitMs)}, ratio ${formatRatio(walkMs, gitMs)}`,
    );
    return { lines };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
