/** Throwaway git repositories for end-to-end tests. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export function makeRepo(
  files: Record<string, string | Buffer> = {},
  opts: { commit?: boolean } = {},
): string {
  const root = mkdtempSync(join(tmpdir(), 'vouch-repo-'));
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: root });
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  if (opts.commit && Object.keys(files).length > 0) {
    execFileSync('git', ['add', '-A'], { cwd: root });
    execFileSync(
      'git',
      ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-qm', 'init'],
      { cwd: root },
    );
  }
  return root;
}
