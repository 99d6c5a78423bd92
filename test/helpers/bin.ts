/** The built CLI (dist/) as users run it: built when missing or older than the sources. */
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = dirname(dirname(dirname(fileURLToPath(import.meta.url))));

/** Newest modification time of the TypeScript sources the build compiles (tests excluded). */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
      newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function distIsCurrent(): boolean {
  try {
    return statSync(join(repoRoot, 'dist/cli/run.js')).mtimeMs >= newestSource(join(repoRoot, 'src'));
  } catch {
    return false;
  }
}

/** Builds dist/ unless it is newer than every source file. */
export function ensureBuilt(): void {
  if (!distIsCurrent()) execFileSync('npm', ['run', '--silent', 'build'], { cwd: repoRoot, stdio: 'pipe' });
}
