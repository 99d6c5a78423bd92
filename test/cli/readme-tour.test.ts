/**
 * The README's tour, as written (issue 10, item 7): every command between `<!-- tour -->` and
 * `<!-- /tour -->` runs in a fresh clone of this repository's HEAD, one after another in the same
 * folder (later commands use what earlier ones wrote), and must exit 0 with output. The clone gets
 * this checkout's node_modules (a link, standing in for `npm ci`) and `../shared` beside it; the
 * first `npx vouch` builds dist/ in the clone, as it would for a user.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/bin.js';

/** The commands of the tour block, comments and blank lines dropped. */
function tourCommands(readme: string): string[] {
  const block = /<!-- tour -->\s*```bash\n([\s\S]*?)```\s*<!-- \/tour -->/.exec(readme);
  if (!block) throw new Error('README.md has no <!-- tour --> ... <!-- /tour --> block');
  return block[1]!
    .split('\n')
    .map((line) => line.replace(/\s+#\s.*$/, '').trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
const commands = tourCommands(readme);
/** The Node that runs vouch: VOUCH_TEST_NODE (CI's Node 24 leg) or the one running the tests. */
const testNode = process.env.VOUCH_TEST_NODE || process.execPath;
const scratch = mkdtempSync(join(tmpdir(), 'vouch-tour-'));
const clone = join(scratch, 'vouch');

beforeAll(() => {
  execFileSync('git', ['clone', '-q', '--no-checkout', repoRoot, clone]);
  // HEAD of this checkout, which may be a worktree on a branch the clone's default does not name.
  execFileSync('git', ['fetch', '-q', repoRoot, 'HEAD'], { cwd: clone });
  execFileSync('git', ['checkout', '-q', 'FETCH_HEAD'], { cwd: clone });
  symlinkSync(join(repoRoot, 'node_modules'), join(clone, 'node_modules'));
  const shared = join(repoRoot, '..', 'shared');
  if (existsSync(shared)) symlinkSync(realpathSync(shared), join(scratch, 'shared'));
}, 120_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("the README's tour", () => {
  it('is there and names the new report options', () => {
    expect(commands.length).toBeGreaterThan(10);
    expect(commands.every((c) => /^(npx vouch|NO_COLOR=1 npx vouch|printf) /.test(c))).toBe(true);
    expect(commands.join('\n')).toMatch(/--only failing/);
    // The README's two set-up commands stay as they are.
    expect(readme).toContain('npm ci && npx vouch assess .');
    expect(readme).toContain('npm ci && npm run check');
  });

  it('runs as written in a fresh clone, every command exiting 0', () => {
    const results: string[] = [];
    for (const command of commands) {
      const r = spawnSync('bash', ['-c', command], {
        cwd: clone,
        encoding: 'utf8',
        // The first npx builds the clone's dist/ (minutes on a busy machine).
        timeout: 600_000,
        env: {
          ...process.env,
          // The node running the tests runs the tour (Node 20 here, 24 in the CI's second leg).
          PATH: `${dirname(testNode)}${delimiter}${process.env.PATH}`,
          GITHUB_TOKEN: '',
          NO_COLOR: '1',
        },
      });
      results.push(`${command}\n  exit ${r.status}: ${(r.stderr || '').split('\n').slice(-3).join(' | ')}`);
      expect(r.status, results.join('\n')).toBe(0);
      // printf writes a file and says nothing; every vouch command says something.
      if (command.includes('npx vouch')) expect(`${r.stdout}${r.stderr}`.length, command).toBeGreaterThan(0);
    }
    const report = JSON.parse(readFileSync(join(clone, 'report.json'), 'utf8'));
    expect(report.codes.map((c: { id: string }) => c.id)).toEqual(['sscop', 'aicop']);
    expect(readFileSync(join(clone, 'report.md'), 'utf8')).not.toContain(clone);
    expect(existsSync(join(clone, 'sbom.cdx.json'))).toBe(true);
  }, 1_800_000);
});
