/**
 * Runs the benchmarks: `npm run bench [-- name ...] [--runs N] [--no-build] [--list]`.
 *
 * Every bench/*.ts other than this file and types.ts is a benchmark module (see types.ts).
 * The project is built first so that bin/vouch.js runs the compiled CLI, as users get it, and
 * not TypeScript through tsx.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchContext, BenchModule } from './types.js';

const benchDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = dirname(benchDir);
const NOT_MODULES = new Set(['run.ts', 'types.ts']);

interface Args {
  names: string[];
  runs: number | undefined;
  build: boolean;
  list: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { names: [], runs: undefined, build: true, list: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--no-build') args.build = false;
    else if (a === '--list') args.list = true;
    else if (a === '--runs') {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 1) throw new Error('--runs needs a positive whole number');
      args.runs = n;
    } else if (a.startsWith('-')) throw new Error(`unknown option ${a}`);
    else args.names.push(a);
  }
  return args;
}

async function loadModules(): Promise<BenchModule[]> {
  const files = readdirSync(benchDir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !NOT_MODULES.has(f))
    .sort();
  const modules: BenchModule[] = [];
  for (const f of files) {
    // A module that cannot load is reported as failed, by its file name; the others still run.
    const name = f.replace(/\.ts$/, '');
    let m: Partial<BenchModule>;
    try {
      m = (await import(pathToFileURL(join(benchDir, f)).href)) as Partial<BenchModule>;
    } catch (e) {
      modules.push({
        name,
        run: () => Promise.reject(new Error(`bench/${f} does not load: ${(e as Error).message}`)),
      });
      continue;
    }
    if (typeof m.name !== 'string' || typeof m.run !== 'function') {
      modules.push({
        name,
        run: () =>
          Promise.reject(new Error(`bench/${f} must export name (string) and run(ctx) (see bench/types.ts)`)),
      });
      continue;
    }
    modules.push({ name: m.name, run: m.run, ...(m.description ? { description: m.description } : {}) });
  }
  return modules;
}

/** Builds dist/. Other work in progress may have type errors; tsc still emits, so go on with a warning. */
function build(): void {
  process.stderr.write('bench: npm run build\n');
  const r = spawnSync('npm', ['run', '--silent', 'build'], { cwd: repoRoot, encoding: 'utf8' });
  if (r.error) throw r.error;
  if (r.status !== 0) {
    const errors = (r.stdout + r.stderr).split('\n').filter((l) => /error TS\d+/.test(l));
    process.stderr.write(
      `bench: warning: the build reported ${errors.length} type error(s) (first: ${errors[0]?.trim() ?? 'none shown'}); timing what it emitted\n`,
    );
  }
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const modules = await loadModules();
  if (args.list) {
    for (const m of modules) console.log(`${m.name}${m.description ? `: ${m.description}` : ''}`);
    return 0;
  }
  const unknown = args.names.filter((n) => !modules.some((m) => m.name === n));
  if (unknown.length > 0) {
    console.error(
      `bench: unknown benchmark(s): ${unknown.join(', ')} (have: ${modules.map((m) => m.name).join(', ')})`,
    );
    return 2;
  }
  const selected = args.names.length > 0 ? modules.filter((m) => args.names.includes(m.name)) : modules;
  if (args.build) build();
  const cacheDir = join(repoRoot, '.cache', 'bench');
  mkdirSync(cacheDir, { recursive: true });
  let status = 0;
  for (const m of selected) {
    const ctx: BenchContext = {
      repoRoot,
      cacheDir,
      runs: args.runs,
      log: (message) => process.stderr.write(`bench: ${m.name}: ${message}\n`),
    };
    const started = Date.now();
    try {
      const result = await m.run(ctx);
      for (const line of result.lines) console.log(line);
    } catch (e) {
      console.log(`${m.name}: FAILED: ${(e as Error).message}`);
      status = 1;
    }
    ctx.log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  return status;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(`bench: ${(e as Error).message}`);
    process.exitCode = 2;
  },
);
