/**
 * Installing vouch as a user would (issue 10, item 7): `npm pack` lists only what a user needs,
 * and the tarball installed globally into a temporary prefix runs `vouch --version` and
 * `vouch assess` on another repository. The install takes the dependencies from the npm cache
 * when it has them (`--prefer-offline`); only when the registry is needed and unreachable is the
 * install test skipped, and it says so.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, repoRoot } from '../helpers/bin.js';
import { minimalManifest } from '../helpers/manifest.js';
import { makeRepo } from '../helpers/repo.js';

const VERSION = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string })
  .version;
/** The Node that runs vouch: VOUCH_TEST_NODE (CI's Node 24 leg) or the one running the tests. */
const testNode = process.env.VOUCH_TEST_NODE || process.execPath;
const scratch = mkdtempSync(join(tmpdir(), 'vouch-install-'));
let tarball = '';
let installProblem: string | undefined;

beforeAll(() => {
  ensureBuilt();
  // dist/ was just checked or built; --ignore-scripts spares a second build (`prepare` builds
  // when packing from a clean clone).
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', scratch], {
      cwd: repoRoot,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  ) as { filename: string }[];
  tarball = join(scratch, packed[0]!.filename);
  const install = spawnSync(
    'npm',
    [
      'install',
      '-g',
      '--prefix',
      join(scratch, 'prefix'),
      tarball,
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
    ],
    { encoding: 'utf8', timeout: 240_000 },
  );
  if (install.status !== 0) {
    const reason = `${install.stderr}${install.error?.message ?? ''}`;
    // Only a registry we cannot reach excuses the install; anything else is a packaging bug.
    if (/ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|ENETUNREACH|ENOTCACHED/.test(reason))
      installProblem = `registry unreachable and the dependencies are not in the npm cache: ${reason.split('\n')[0]}`;
    else throw new Error(`npm install -g of the tarball failed:\n${reason}`);
  }
}, 600_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('npm pack', () => {
  it('ships only what a user needs: bin, dist, catalogue, rules, schemas, README, LICENSE', () => {
    const list = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map((p) => p.replace(/^package\//, ''));
    const tops = new Set(list.map((p) => p.split('/')[0]));
    expect([...tops].sort()).toEqual(
      ['LICENSE', 'README.md', 'bin', 'catalogue', 'dist', 'package.json', 'rules', 'schemas'].sort(),
    );
    expect(list).toContain('bin/vouch.js');
    expect(list).toContain('dist/cli/run.js');
    expect(list).toContain('dist/data/catalogue.json');
    expect(list.filter((p) => /\.test\.js$|\.map$|testdata\//.test(p))).toEqual([]);
  });

  it('is publishable: not private, with a bin and the engines it runs on', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
    expect(pkg.private).toBeUndefined();
    expect(pkg.bin).toEqual({ vouch: 'bin/vouch.js' });
    expect(pkg.engines.node).toMatch(/^>=20/);
    expect(pkg.scripts.prepare).toContain('tsc');
  });
});

describe('installed globally from the tarball', () => {
  const run = (args: string[], cwd = scratch) => {
    const bin = join(scratch, 'prefix', 'bin', 'vouch');
    // The `vouch` on PATH, run by the node running the tests (Node 20 here, 24 in the CI's second leg).
    const r = spawnSync(bin, args, {
      cwd,
      encoding: 'utf8',
      timeout: 120_000,
      env: {
        ...process.env,
        NO_COLOR: '1',
        PATH: `${dirname(testNode)}${delimiter}${process.env.PATH}`,
      },
    });
    if (r.error) throw r.error;
    return r;
  };

  it('prints its version', (ctx) => {
    if (installProblem) ctx.skip(installProblem);
    const r = run(['--version']);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(VERSION);
  });

  it('assesses another repository, outside the clone', (ctx) => {
    if (installProblem) ctx.skip(installProblem);
    const other = makeRepo({ 'vouch.yaml': minimalManifest(), 'README.md': '# other\n' }, { commit: true });
    try {
      const r = run(['assess', '.', '--today', '2026-11-28', '--code', 'sscop'], other);
      expect(r.stderr).not.toContain('internal error');
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/45 claims: /);
      expect(r.stdout).toContain('vouch ' + VERSION + ': demo');
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});
