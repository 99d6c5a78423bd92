/**
 * `vouch sbom` against cdxgen, and against the parse floor, on one project holding 30 real
 * JavaScript lockfiles from the shared corpus (every npm, pnpm, yarn and bun lockfile gathered
 * from real repositories, then the largest osv-scanner fixtures), each in its own folder under
 * its usual name. The floor is one node process that reads every lockfile, parses it with the
 * fastest general parser for its syntax (JSON.parse; js-yaml for pnpm and yarn berry YAML; a
 * line split for yarn v1; JSON.parse after dropping trailing commas for bun.lock) and
 * stringifies the result: what no SBOM tool can beat. cdxgen is installed by this script into
 * .cache/bench/cdxgen (not a project dependency) and run offline: no dependency install, no
 * licence fetching, no babel usage analysis, CycloneDX 1.6 like vouch. Each runs as it does by
 * default: cdxgen validates its output against the schema, vouch only with --validate (its tests
 * validate its construction). Start-up alone is timed too: `vouch --version` against `node -e 0`.
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  cpuComparison,
  formatMs,
  formatRatio,
  interleave,
  median,
  medianCpu,
  type TimedRun,
  timeProcess,
} from './lib/timing.js';
import type { BenchContext, BenchResult } from './types.js';

export const name = 'sbom-vs-cdxgen';
export const description =
  'vouch sbom vs cdxgen and vs a parse floor on 30 real JavaScript lockfiles; vouch --version vs node -e 0';

const REAL = join(
  dirname(dirname(fileURLToPath(import.meta.url))),
  '..',
  'shared',
  'peer-suites',
  'real-lockfiles',
);
const LOCKFILES = 30;
const VOUCH_RUNS = 7;
const START_RUNS = 15;
/**
 * cdxgen is timed once, without a warm-up run: it spends minutes of pure CPU on these lockfiles
 * (no network and no child process once offline; traced with strace), vouch's runs have already
 * put the files in the page cache, and the goal's 15x margin dwarfs run-to-run noise. The old
 * warm-up plus two timed runs tripled the module's time (over 70 minutes under load).
 */
const CDXGEN_RUNS = 1;
/** A cdxgen run that has not finished by then fails this module (the others still print). */
const CDXGEN_TIMEOUT_MS = 45 * 60 * 1000;
const CDXGEN_GOAL = 15;
const FLOOR_GOAL = 2.5;

/** Each corpus folder and the name its lockfiles have in a project. */
const KINDS: [folder: string, lockfileName: (file: string) => string | undefined][] = [
  ['npm', (f) => (f.endsWith('.json') ? 'package-lock.json' : undefined)],
  ['pnpm', (f) => (f.endsWith('.yaml') ? 'pnpm-lock.yaml' : undefined)],
  ['yarn', (f) => (f.endsWith('.lock') ? 'yarn.lock' : undefined)],
  ['bun', (f) => (f.endsWith('.lock') ? 'bun.lock' : undefined)],
];

/** Fixtures that are not lockfiles of real shape: empty ones, broken ones. */
const NOT_REAL_SHAPE = /empty|invalid|not-|metadata-only/;

interface Lockfile {
  source: string;
  as: string;
}

/** The real lockfiles, then the largest osv-scanner fixtures, up to LOCKFILES. */
function pickLockfiles(): Lockfile[] {
  const collect = (root: string) =>
    KINDS.flatMap(([folder, as]) => {
      const dir = join(root, folder);
      if (!existsSync(dir)) return [];
      return readdirSync(dir)
        .filter((f) => !NOT_REAL_SHAPE.test(f))
        .map((f) => ({ source: join(dir, f), as: as(f) }))
        .filter((l): l is Lockfile => l.as !== undefined);
    });
  const bySize = (a: Lockfile, b: Lockfile) => statSync(b.source).size - statSync(a.source).size;
  const real = collect(REAL).sort(bySize);
  const fixtures = collect(join(REAL, 'fixtures-osv-scanner')).sort(bySize);
  return [...real, ...fixtures].slice(0, LOCKFILES);
}

/** One folder per lockfile under `project` (not named like a fixture folder, which vouch skips). */
function writeProject(project: string, lockfiles: Lockfile[]): string[] {
  rmSync(project, { recursive: true, force: true });
  return lockfiles.map((l, i) => {
    const dir = join(project, `app${String(i + 1).padStart(2, '0')}`);
    mkdirSync(dir, { recursive: true });
    const target = join(dir, l.as);
    copyFileSync(l.source, target);
    return target;
  });
}

/** The floor: read, parse and stringify every lockfile in one node process. */
const FLOOR_SCRIPT = `
const { readFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const [repoRoot, ...files] = process.argv.slice(2);
const yaml = createRequire(repoRoot + '/package.json')('js-yaml');
let out = 0;
for (const f of files) {
  const text = readFileSync(f, 'utf8');
  let value;
  if (f.endsWith('package-lock.json')) value = JSON.parse(text);
  else if (f.endsWith('bun.lock')) value = JSON.parse(text.replace(/,(\\s*[}\\]])/g, '$1'));
  else if (f.endsWith('yarn.lock') && !text.includes('\\n__metadata:')) value = text.split('\\n');
  else value = yaml.load(text, { schema: yaml.CORE_SCHEMA, json: true });
  out += JSON.stringify(value).length;
}
if (out === 0) process.exit(1);
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
  const project = join(ctx.cacheDir, 'sbom-30-lockfiles');
  const out = join(ctx.cacheDir, 'sbom-out');
  mkdirSync(out, { recursive: true });
  const lockfiles = pickLockfiles();
  if (lockfiles.length < LOCKFILES) throw new Error(`only ${lockfiles.length} lockfiles in ${REAL}`);
  const files = writeProject(project, lockfiles);
  const floorScript = join(out, 'floor.cjs');
  writeFileSync(floorScript, FLOOR_SCRIPT);

  const vouchBin = join(ctx.repoRoot, 'bin', 'vouch.js');
  if (!existsSync(join(ctx.repoRoot, 'dist', 'cli', 'main.js'))) {
    throw new Error('dist/cli/main.js is missing: run with the build (without --no-build)');
  }
  const { bin: cdxgen, version: cdxgenVersion } = ensureCdxgen(ctx);
  const vouchRuns = ctx.runs ?? VOUCH_RUNS;
  const startRuns = ctx.runs ?? START_RUNS;
  const cdxgenRuns = Math.min(ctx.runs ?? CDXGEN_RUNS, CDXGEN_RUNS);

  ctx.log(
    `timing vouch sbom and the parse floor on ${files.length} lockfiles, interleaved (${vouchRuns} runs each)`,
  );
  const vouchOut = join(out, 'vouch.cdx.json');
  const { vouch, floor } = interleave(vouchRuns, {
    vouch: () =>
      check(
        timeProcess(node, [vouchBin, 'sbom', project, '--format', 'cyclonedx', '--output', vouchOut]),
        'vouch sbom',
      ),
    floor: () => check(timeProcess(node, [floorScript, ctx.repoRoot, ...files]), 'parse floor'),
  });

  ctx.log(`timing start-up alone: node -e 0 and vouch --version, interleaved (${startRuns} runs each)`);
  const { empty, version } = interleave(startRuns, {
    empty: () => check(timeProcess(node, ['-e', '0']), 'node -e 0'),
    version: () => check(timeProcess(node, [vouchBin, '--version']), 'vouch --version'),
  });

  ctx.log(`timing cdxgen ${cdxgenVersion} (${cdxgenRuns} runs; slow)`);
  const cdxgenOut = join(out, 'cdxgen.cdx.json');
  const cdx = Array.from({ length: cdxgenRuns }, () =>
    check(
      timeProcess(
        cdxgen,
        ['-t', 'js', '--no-install-deps', '--no-babel', '--spec-version', '1.6', '-o', cdxgenOut, project],
        {
          timeout: CDXGEN_TIMEOUT_MS,
          // Offline: no licence or package-metadata lookups on the registries.
          env: {
            ...process.env,
            FETCH_LICENSE: 'false',
            CDXGEN_FETCH_PKG_METADATA: 'false',
            CDXGEN_DEBUG_MODE: '',
          },
        },
      ),
      'cdxgen',
    ),
  );

  const v = median(vouch.map((r) => r.ms));
  const c = median(cdx.map((r) => r.ms));
  const f = median(floor.map((r) => r.ms));
  const e = median(empty.map((r) => r.ms));
  const ver = median(version.map((r) => r.ms));
  const kinds = [...new Set(lockfiles.map((l) => basename(l.as)))].join(', ');
  return {
    lines: [
      `sbom/cdxgen: ${files.length} lockfiles (${kinds}), vouch ${formatMs(v)}, cdxgen ${cdxgenVersion} ${formatMs(c)} (${formatRatio(c, v)} faster; goal >= ${CDXGEN_GOAL}x: ${c / v >= CDXGEN_GOAL ? 'met' : 'not met'})${cpuComparison(medianCpu(vouch), medianCpu(cdx), { kind: 'min', ratio: CDXGEN_GOAL })}; ` +
        `components: vouch ${componentCount(vouchOut)}, cdxgen ${componentCount(cdxgenOut)}; medians of ${vouch.length} vouch runs; ${cdx.length === 1 ? '1 cdxgen run' : `median of ${cdx.length} cdxgen runs`}`,
      `sbom/parse-floor: vouch ${formatMs(v)}, floor ${formatMs(f)} (${formatRatio(v, f, 2)}; goal <= ${FLOOR_GOAL}x: ${v / f <= FLOOR_GOAL ? 'met' : 'not met'})${cpuComparison(medianCpu(vouch), medianCpu(floor), { kind: 'max', ratio: FLOOR_GOAL })}`,
      `start-up: node -e 0 ${formatMs(e)}, vouch --version ${formatMs(ver)} (${formatRatio(ver, e, 2)}; +${formatMs(ver - e)})${cpuComparison(medianCpu(version), medianCpu(empty))}`,
    ],
  };
}
