/**
 * `vouch sbom` against cdxgen, and against the cheapest possible process that reads the same
 * lockfile (parse + stringify it in node: the floor no SBOM tool can beat). All three run as
 * whole processes on the theia-ide package-lock.json (lockfile v3, 2,401 entries) from the shared
 * corpus, copied into a scratch project. cdxgen is installed by this script into
 * .cache/bench/cdxgen (not a project dependency) and run offline: no dependency install, no
 * licence fetching, no babel usage analysis, CycloneDX 1.6 like vouch. Both tools validate their
 * output against the schema, as they do by default.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  formatMs,
  formatRatio,
  interleave,
  median,
  repeat,
  type TimedRun,
  timeProcess,
} from './lib/timing.js';
import type { BenchContext, BenchResult } from './types.js';

export const name = 'sbom-vs-cdxgen';
export const description =
  'vouch sbom vs cdxgen and vs a JSON parse floor on a 2,400-entry package-lock.json';

const SHARED = join(dirname(dirname(fileURLToPath(import.meta.url))), '..', 'shared');
const LOCKFILE = join(SHARED, 'peer-suites/real-lockfiles/npm/cdxgen-fixture-theia-package-lock.json');
/** vouch and the floor differ by ~200 ms on a noisy machine: enough runs for a steady median. */
const VOUCH_RUNS = 15;
const CDXGEN_RUNS = 3;

/** Runs the sbom command module without the CLI front end, to tell command cost from start-up. */
const LEAN_ENTRY = `
const [moduleUrl, dir, out] = process.argv.slice(2);
const { runSbom } = await import(moduleUrl);
process.exitCode = await runSbom(dir, { format: 'cyclonedx', output: out }, { out() {}, err() {}, isTTY: false });
`;

function check(run: TimedRun, what: string): TimedRun {
  if (run.status !== 0) {
    const tail = (run.stderr.trim() || run.stdout.trim()).split('\n').slice(-3).join(' | ');
    throw new Error(`${what} exited ${run.status}: ${tail.slice(0, 300)}`);
  }
  return run;
}

function ensureCdxgen(ctx: BenchContext): { bin: string; version: string } {
  const prefix = join(ctx.cacheDir, 'cdxgen');
  const bin = join(prefix, 'node_modules', '.bin', 'cdxgen');
  if (!existsSync(bin)) {
    ctx.log(`installing @cyclonedx/cdxgen into ${prefix} (npm registry, once)`);
    mkdirSync(prefix, { recursive: true });
    check(
      timeProcess(
        'npm',
        ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--loglevel=error', '@cyclonedx/cdxgen'],
        {
          cwd: prefix,
        },
      ),
      'npm install @cyclonedx/cdxgen',
    );
  }
  const pkg = JSON.parse(
    readFileSync(join(prefix, 'node_modules', '@cyclonedx', 'cdxgen', 'package.json'), 'utf8'),
  ) as { version: string };
  return { bin, version: pkg.version };
}

function componentCount(path: string): number {
  const doc = JSON.parse(readFileSync(path, 'utf8')) as { components?: unknown[] };
  return doc.components?.length ?? 0;
}

export async function run(ctx: BenchContext): Promise<BenchResult> {
  const node = process.execPath;
  const project = join(ctx.cacheDir, 'sbom-theia');
  const out = join(ctx.cacheDir, 'sbom-out');
  mkdirSync(project, { recursive: true });
  mkdirSync(out, { recursive: true });
  copyFileSync(LOCKFILE, join(project, 'package-lock.json'));
  const leanEntry = join(out, 'lean-entry.mjs');
  const { writeFileSync } = await import('node:fs');
  writeFileSync(leanEntry, LEAN_ENTRY);

  const vouchBin = join(ctx.repoRoot, 'bin', 'vouch.js');
  if (!existsSync(join(ctx.repoRoot, 'dist', 'cli', 'main.js'))) {
    throw new Error('dist/cli/main.js is missing: run with the build (without --no-build)');
  }
  const { bin: cdxgen, version: cdxgenVersion } = ensureCdxgen(ctx);
  const vouchRuns = ctx.runs ?? VOUCH_RUNS;
  const cdxgenRuns = Math.min(ctx.runs ?? CDXGEN_RUNS, CDXGEN_RUNS);

  ctx.log(`timing vouch sbom and the parse floor, interleaved (${vouchRuns} runs each)`);
  const vouchOut = join(out, 'vouch.cdx.json');
  const floorScript = `const fs=require('fs');JSON.stringify(JSON.parse(fs.readFileSync(${JSON.stringify(join(project, 'package-lock.json'))},'utf8')))`;
  const { vouch, floor } = interleave(vouchRuns, {
    vouch: () =>
      check(
        timeProcess(node, [vouchBin, 'sbom', project, '--format', 'cyclonedx', '--output', vouchOut]),
        'vouch sbom',
      ),
    floor: () => check(timeProcess(node, ['-e', floorScript]), 'parse floor'),
  });

  ctx.log(`timing start-up alone: node -e 0, vouch --version, the sbom command without the CLI front end`);
  const empty = repeat(vouchRuns, () => check(timeProcess(node, ['-e', '0']), 'node -e 0'));
  const version = repeat(vouchRuns, () =>
    check(timeProcess(node, [vouchBin, '--version']), 'vouch --version'),
  );
  const sbomModule = new URL(`file://${join(ctx.repoRoot, 'dist', 'cli', 'commands', 'sbom.js')}`).href;
  const leanOut = join(out, 'vouch-lean.cdx.json');
  const lean = repeat(vouchRuns, () =>
    check(timeProcess(node, [leanEntry, sbomModule, project, leanOut]), 'sbom command module'),
  );

  ctx.log(`timing cdxgen ${cdxgenVersion} (${cdxgenRuns} runs; slow)`);
  const cdxgenOut = join(out, 'cdxgen.cdx.json');
  const cdx = repeat(cdxgenRuns, () =>
    check(
      timeProcess(
        cdxgen,
        ['-t', 'js', '--no-install-deps', '--no-babel', '--spec-version', '1.6', '-o', cdxgenOut, project],
        { env: { ...process.env, FETCH_LICENSE: 'false', CDXGEN_DEBUG_MODE: '' } },
      ),
      'cdxgen',
    ),
  );

  const v = median(vouch.map((r) => r.ms));
  const c = median(cdx.map((r) => r.ms));
  const f = median(floor.map((r) => r.ms));
  const e = median(empty.map((r) => r.ms));
  const ver = median(version.map((r) => r.ms));
  const l = median(lean.map((r) => r.ms));
  return {
    lines: [
      `sbom/cdxgen: vouch ${formatMs(v)}, cdxgen ${formatMs(c)} (${formatRatio(c, v)} faster; goal >= 15x); ` +
        `components: vouch ${componentCount(vouchOut)}, cdxgen ${cdxgenVersion} ${componentCount(cdxgenOut)}`,
      `sbom/parse-floor: vouch ${formatMs(v)}, floor ${formatMs(f)} (${formatRatio(v, f, 2)}; goal <= 2.5x: ${v / f <= 2.5 ? 'met' : 'not met'})`,
      `sbom/start-up: node -e 0 ${formatMs(e)}, vouch --version ${formatMs(ver)}, ` +
        `sbom command without the CLI front end ${formatMs(l)} (${formatRatio(l, f)} of the floor)`,
    ],
  };
}
