/** The built CLI for end-to-end tests: dist/ is rebuilt when missing or older than the sources. */
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
export const BIN = join(repoRoot, 'bin', 'vouch.js');

/** Newest modification time of the sources the build reads (tests excluded). */
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

/** Builds dist/ unless it is current. */
export function ensureBuilt(): void {
  if (!distIsCurrent()) execFileSync('npm', ['run', '--silent', 'build'], { cwd: repoRoot, stdio: 'pipe' });
}
