/**
 * `vouch secrets` against secretlint (its recommended preset, installed by this bench from the
 * npm registry into the cache folder; not a dependency) and against ripgrep (the
 * @vscode/ripgrep dev dependency, PCRE2) running vouch's own patterns from rules/secrets.yaml.
 * All three run as whole processes on the same tree of real files. Goals: at least 100x faster
 * than secretlint, within 5x ripgrep.
 *
 * The tree (chosen to look like a vendor's repository, not to suit either tool): this
 * repository's installed packages (node_modules, under the neutral folder name `packages/`, so
 * neither tool skips it as installed code: JavaScript, TypeScript, JSON, Markdown and licence
 * files from about a hundred vendors) and its own tracked sources (`source/`). Equal work: each
 * tool has default skips (secretlint: .git, node_modules, nested .gitignore files; vouch: binary,
 * minified, generated, lock and vendored files, and .gitignore too), so the tree keeps only the
 * files both read by default and drops the rest once, when it is built. Both counts are printed
 * on every run (vouch's `scanned`, and the files secretlint's own walker lists), so a skew shows.
 */
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { rgPath } from '@vscode/ripgrep';
import { parse } from 'yaml';
import {
  cpuComparison,
  formatCount,
  formatMs,
  formatRatio,
  interleave,
  median,
  medianCpu,
  type TimedRun,
  timeProcess,
} from './lib/timing.js';
import type { BenchContext, BenchResult } from './types.js';

export const name = 'secrets-vs-secretlint';
export const description =
  'vouch secrets vs secretlint (recommended preset) and vs ripgrep running vouch’s patterns, on 5,000+ real files';

const SECRETLINT_GOAL = 100;
const RG_GOAL = 5;
const TREE_VERSION = 2;
const SECRETLINT_PACKAGES = ['secretlint@13', '@secretlint/secretlint-rule-preset-recommend@13'];

function countFiles(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) n += countFiles(join(dir, e.name));
    else if (e.isFile()) n++;
  }
  return n;
}

/** Lists the files vouch's secret scan reads (the compiled scanner, as `vouch secrets` runs it). */
const VOUCH_FILES_PROBE = `
const [dist, root] = process.argv.slice(1);
const { buildInventory } = await import(dist + '/inventory/walk.js');
const { keywordPass } = await import(dist + '/inventory/keyword-pass.js');
const { SecretTreeScan } = await import(dist + '/secrets/tree.js');
const inventory = await buildInventory(root, { readGit: false });
const scan = new SecretTreeScan(inventory);
const open = scan.open.bind(scan);
const read = [];
scan.open = (f, plan, bytes) => {
  const s = open(f, plan, bytes);
  if (s) read.push(f.path);
  return s;
};
await keywordPass(inventory, [scan]);
console.log(JSON.stringify(read));
`;

/** Lists the files secretlint reads for \`**\/*\` (its own walker, with its default ignores). */
const SECRETLINT_FILES_PROBE = `
const [search, root] = process.argv.slice(1);
const { searchFiles } = await import(search);
const { items } = await searchFiles(['**/*'], { cwd: root, respectGitignore: true });
console.log(JSON.stringify(items.map((p) => p.startsWith(root) ? p.slice(root.length + 1) : p)));
`;

function listFiles(probe: string, args: string[]): string[] {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', probe, ...args], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  return JSON.parse(out.trim().split('\n').at(-1)!) as string[];
}

interface TreeFiles {
  vouch: string[];
  secretlint: string[];
}

function filesOfTree(ctx: BenchContext, root: string, secretlintDir: string): TreeFiles {
  return {
    vouch: listFiles(VOUCH_FILES_PROBE, [join(ctx.repoRoot, 'dist'), root]),
    secretlint: listFiles(SECRETLINT_FILES_PROBE, [
      join(secretlintDir, 'node_modules', 'secretlint', 'module', 'search.js'),
      root,
    ]),
  };
}

/**
 * The tree: installed packages and tracked sources, copied once into the cache, then cut to the
 * files both tools read by default (see the module comment).
 */
function ensureTree(
  ctx: BenchContext,
  secretlintDir: string,
): { root: string; files: number; dropped: number } {
  const root = join(ctx.cacheDir, `secrets-tree-v${TREE_VERSION}`);
  const marker = `${root}.json`;
  if (!existsSync(marker) || !existsSync(root)) {
    ctx.log('copying node_modules and the tracked sources into the bench tree');
    rmSync(root, { recursive: true, force: true });
    mkdirSync(root, { recursive: true });
    cpSync(join(ctx.repoRoot, 'node_modules'), join(root, 'packages'), {
      recursive: true,
      dereference: false,
    });
    const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: ctx.repoRoot, encoding: 'utf8' })
      .split('\0')
      .filter(Boolean);
    for (const f of tracked) {
      const to = join(root, 'source', f);
      mkdirSync(dirname(to), { recursive: true });
      try {
        cpSync(join(ctx.repoRoot, f), to);
      } catch {
        // A tracked file deleted in the work tree: nothing to copy.
      }
    }
    ctx.log('keeping only the files both vouch and secretlint read by default');
    const lists = filesOfTree(ctx, root, secretlintDir);
    const both = new Set(lists.vouch.filter((f) => new Set(lists.secretlint).has(f)));
    let dropped = 0;
    const prune = (dir: string, rel: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const path = rel ? `${rel}/${e.name}` : e.name;
        if (e.isDirectory()) prune(join(dir, e.name), path);
        else if (!both.has(path)) {
          unlinkSync(join(dir, e.name));
          dropped++;
        }
      }
    };
    prune(root, '');
    writeFileSync(marker, `${JSON.stringify({ files: countFiles(root), dropped })}\n`);
  }
  const { dropped } = JSON.parse(readFileSync(marker, 'utf8')) as { dropped: number };
  return { root, files: countFiles(root), dropped };
}

function ensureSecretlint(ctx: BenchContext): { dir: string; bin: string; rc: string } {
  const dir = join(ctx.cacheDir, 'secretlint');
  // The configuration lives beside the install, outside the tree, so neither tool scans it.
  const rc = join(dir, '.secretlintrc.json');
  const bin = join(dir, 'node_modules', 'secretlint', 'bin', 'secretlint.js');
  if (!existsSync(bin)) {
    ctx.log(`npm install ${SECRETLINT_PACKAGES.join(' ')} into ${dir}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), '{"private":true}');
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefix', dir, ...SECRETLINT_PACKAGES], {
      stdio: 'pipe',
    });
  }
  writeFileSync(rc, JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] }));
  return { dir, bin, rc };
}

/** vouch's patterns as PCRE2 for ripgrep: case-insensitive rules carry (?i). */
function rgPatterns(repoRoot: string): string[] {
  const file = parse(readFileSync(join(repoRoot, 'rules', 'secrets.yaml'), 'utf8')) as {
    rules: { pattern: string; flags?: string; enabled?: boolean }[];
  };
  // ripgrep joins the patterns into one: group names are made unique per pattern (PCRE2 refuses
  // duplicates), and a pattern rg cannot compile would fail the whole run, which is checked.
  return file.rules
    .filter((r) => r.enabled !== false)
    .map((r, i) => {
      const unique = r.pattern.replace(/\(\?<(\w+)>/g, `(?<$1_${i}>`).replace(/\\k<(\w+)>/g, `\\k<$1_${i}>`);
      return r.flags === 'i' ? `(?i)${unique}` : unique;
    });
}

interface SecretlintTiming {
  ms: number;
  cpuMs: number | undefined;
  /** When it was measured (ISO), shown so a cached figure is never taken for a fresh one. */
  measured: string;
  files: number;
  /** What secretlint reported (messages in its JSON output). */
  messages: number;
}

/**
 * secretlint timed once per tree and secretlint version: a run takes tens of seconds to minutes
 * (secretlint 13 on tree v2, 9,887 files: 40 s wall, 14 s CPU under load; the issue measured 335 s
 * on 7,000 files), and its speed does not change with vouch's. Delete the file to measure again.
 */
function secretlintTiming(
  ctx: BenchContext,
  root: string,
  files: number,
  secretlint: { bin: string; rc: string },
): SecretlintTiming & { cached: boolean } {
  const file = join(
    ctx.cacheDir,
    `secretlint-timing-v${TREE_VERSION}-${SECRETLINT_PACKAGES.join('+').replace(/[@/]/g, '_')}.json`,
  );
  if (existsSync(file)) {
    const t = JSON.parse(readFileSync(file, 'utf8')) as SecretlintTiming;
    if (t.files === files) return { ...t, cached: true };
  }
  ctx.log('timing secretlint once (minutes); the figure is cached in the bench folder');
  const run: TimedRun = timeProcess(
    process.execPath,
    [secretlint.bin, '**/*', '--format', 'json', '--secretlintrc', secretlint.rc],
    { cwd: root },
  );
  if (run.status !== 0 && run.status !== 1)
    throw new Error(`secretlint exited ${run.status}: ${run.stderr.slice(0, 300)}`);
  let messages = -1;
  try {
    messages = (JSON.parse(run.stdout) as { messages: unknown[] }[]).reduce(
      (a, r) => a + r.messages.length,
      0,
    );
  } catch {
    // Shown as -1: the output was not the JSON expected.
  }
  const t: SecretlintTiming = {
    ms: run.ms,
    cpuMs: run.cpuMs,
    measured: new Date().toISOString(),
    files,
    messages,
  };
  writeFileSync(file, JSON.stringify(t));
  return { ...t, cached: false };
}

export async function run(ctx: BenchContext): Promise<BenchResult> {
  const runs = ctx.runs ?? 3;
  const secretlint = ensureSecretlint(ctx);
  const { root, files, dropped } = ensureTree(ctx, secretlint.dir);
  if (files < 5000) throw new Error(`the bench tree has ${files} files; it needs 5,000`);
  // What each tool reads, measured again on every run: equal work is checked, not assumed.
  const lists = filesOfTree(ctx, root, secretlint.dir);
  const vouchSet = new Set(lists.vouch);
  const common = lists.secretlint.filter((f) => vouchSet.has(f)).length;
  const vouchBin = join(ctx.repoRoot, 'bin', 'vouch.js');
  const rgArgs = [
    '-P',
    '--no-messages',
    '--count-matches',
    // Dotfiles too: vouch and secretlint read them.
    '--hidden',
    ...rgPatterns(ctx.repoRoot).flatMap((p) => ['-e', p]),
    '.',
  ];
  const timed = interleave(runs, {
    vouch: () => timeProcess(process.execPath, [vouchBin, 'secrets', '.', '--format', 'json'], { cwd: root }),
    rg: () => timeProcess(rgPath, rgArgs, { cwd: root }),
  });
  const sl = secretlintTiming(ctx, root, files, secretlint);
  const vouch = median(timed.vouch.map((r) => r.ms));
  const vouchCpu = medianCpu(timed.vouch);
  const rg = median(timed.rg.map((r) => r.ms));
  const last = timed.vouch[timed.vouch.length - 1]!;
  let found = '?';
  let scanned = '?';
  try {
    const report = JSON.parse(last.stdout) as { summary: { findings: number; scanned: number } };
    found = formatCount(report.summary.findings);
    scanned = formatCount(report.summary.scanned);
  } catch {
    // Shown as '?'.
  }
  if (timed.rg[0]!.status === 2) throw new Error(`rg failed: ${timed.rg[0]!.stderr.slice(0, 300)}`);
  const rgMatches = timed.rg[0]!.stdout.split('\n')
    .filter(Boolean)
    .reduce((a, l) => a + Number(l.slice(l.lastIndexOf(':') + 1) || 0), 0);
  return {
    lines: [
      `secrets/secretlint: ${formatCount(files)} files of installed packages and sources (${formatCount(dropped)} only one tool reads by default were dropped when the tree was built); vouch reads ${formatCount(lists.vouch.length)} (report: scanned ${scanned}, ${found} findings), secretlint's walker lists ${formatCount(lists.secretlint.length)}, ${formatCount(common)} in common (secretlint: ${formatCount(sl.messages)} messages); vouch ${formatMs(vouch)} (median of ${runs}), secretlint ${formatMs(sl.ms)} (1 run, ${sl.cached ? `cached, measured ${sl.measured}` : 'now'}), ${formatRatio(sl.ms, vouch)} faster (goal ${SECRETLINT_GOAL}x: ${sl.ms / vouch >= SECRETLINT_GOAL ? 'met' : 'NOT met'})${cpuComparison(vouchCpu, sl.cpuMs, { kind: 'min', ratio: SECRETLINT_GOAL })}`,
      `secrets/ripgrep: vouch ${formatMs(vouch)}, rg -P with vouch's ${rgArgs.filter((a) => a === '-e').length} patterns ${formatMs(rg)} (${formatCount(rgMatches)} matches, median of ${runs}), ratio ${formatRatio(vouch, rg)} (goal within ${RG_GOAL}x: ${vouch / rg <= RG_GOAL ? 'met' : 'NOT met'})${cpuComparison(vouchCpu, medianCpu(timed.rg), { kind: 'max', ratio: RG_GOAL })}`,
    ],
  };
}
