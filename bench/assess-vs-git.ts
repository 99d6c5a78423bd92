/**
 * How much slower is `vouch assess` than the cheapest thing that lists a repository,
 * `git ls-files`? Both run as whole processes on the same committed ~20,000-file tree. The
 * inventory walk alone (buildInventory in a fresh node process) is timed too, so a slow
 * assessment can be told apart from a slow walk. Until the CLI can assess, the first line falls
 * back to the walk and says so.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureRepoTree } from './lib/repo-tree.js';
import {
  formatCount,
  formatMs,
  formatRatio,
  median,
  repeat,
  type TimedRun,
  timeProcess,
} from './lib/timing.js';
import type { BenchContext, BenchResult } from './types.js';

export const name = 'assess-vs-git';
export const description =
  'vouch assess (and the inventory walk alone) vs git ls-files on a 20,000-file repository';

const GIT_RUNS = 11;
const VOUCH_RUNS = 5;

/** Prints {"files", "ms"} for one buildInventory call; the process is timed from outside. */
const INVENTORY_PROBE = `
const [walkModule, root] = process.argv.slice(2);
const { buildInventory } = await import(walkModule);
const started = performance.now();
const inventory = await buildInventory(root);
const ms = performance.now() - started;
console.log(JSON.stringify({ files: inventory.files.length, ms, problems: inventory.problems.length }));
`;

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
      const how = existsSync(join(ctx.repoRoot, 'dist/cli/run.js')) ? '' : ' (via tsx, no build)';
      lines.push(
        `assess/git-ls-files: ${formatCount(listed)} files, vouch${how} ${formatMs(assessMs)}, git ls-files ${formatMs(gitMs)}, ratio ${formatRatio(assessMs, gitMs)}`,
      );
    } else {
      lines.push(
        `assess/git-ls-files: FALLBACK, vouch assess unavailable (${unavailable}); timing ${walkLabel} in a fresh node process instead: ${formatCount(listed)} files, ${formatMs(walkMs)}, git ls-files ${formatMs(gitMs)}, ratio ${formatRatio(walkMs, gitMs)}`,
      );
    }
    lines.push(
      `inventory/git-ls-files: ${formatCount(walkFacts[0]!.files)} files inventoried (${formatCount(tree.ignored)} gitignored skipped), ${walkLabel} process ${formatMs(walkMs)} (walk ${formatMs(walkInside)} in-process), git ls-files ${formatMs(gitMs)}, ratio ${formatRatio(walkMs, gitMs)}`,
    );
    return { lines };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
