/**
 * The built CLI as users run it: `node bin/vouch.js ...` in a child process, on dist/ (built
 * when missing or older than the sources). VOUCH_TEST_NODE picks another Node binary.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
export const BIN = join(repoRoot, 'bin', 'vouch.js');

/** Newest modification time of the sources the build reads: TypeScript (tests excluded) and YAML data. */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if ((entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) || entry.name.endsWith('.yaml'))
      newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function distIsCurrent(): boolean {
  try {
    const built = statSync(join(repoRoot, 'dist/cli/run.js')).mtimeMs;
    return built >= Math.max(newestSource(join(repoRoot, 'src')), newestSource(join(repoRoot, 'rules')));
  } catch {
    return false;
  }
}

/** Builds dist/ when it is missing or older than the sources. */
export function ensureBuilt(): void {
  if (!distIsCurrent()) execFileSync('npm', ['run', '--silent', 'build'], { cwd: repoRoot, stdio: 'pipe' });
}

export interface BinRun {
  code: number | null;
  out: string;
  err: string;
}

export function runBin(
  args: string[],
  opts: { bin?: string; cwd?: string; env?: NodeJS.ProcessEnv } = {},
): BinRun {
  const r = spawnSync(process.env.VOUCH_TEST_NODE || process.execPath, [opts.bin ?? BIN, ...args], {
    cwd: opts.cwd ?? repoRoot,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: '1', ...opts.env },
  });
  if (r.error) throw r.error;
  return { code: r.status, out: r.stdout, err: r.stderr };
}
