/**
 * `vouch secrets --history` as users run it: a secret committed and later removed is found only
 * with --history, named by the commit that added it, and a blob committed under two paths is
 * scanned (and reported) once. The planted value is assembled at run time.
 */
import { execFileSync } from 'node:child_process';
import { rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runBin } from '../helpers/bin.js';
import { makeRepo } from '../helpers/repo.js';

const AWS = ['AKIA', 'Z3MSJV4WWNKWW5FG'].join('');
let repo: string;
let added: string;

function git(...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args], {
    cwd: repo,
    encoding: 'utf8',
  }).trim();
}

beforeAll(() => {
  ensureBuilt();
  repo = makeRepo({ 'README.md': '# demo\n' }, { commit: true });
  const content = `export const key = "${AWS}";\n`;
  writeFileSync(join(repo, 'src.js'), content);
  git('add', '-A');
  git('commit', '-qm', 'add a key');
  added = git('rev-parse', 'HEAD');
  // The same bytes under a second path: the same blob.
  writeFileSync(join(repo, 'copy.js'), content);
  git('add', '-A');
  git('commit', '-qm', 'copy it');
  unlinkSync(join(repo, 'src.js'));
  unlinkSync(join(repo, 'copy.js'));
  git('add', '-A');
  git('commit', '-qm', 'remove the key');
}, 120_000);

afterAll(() => rmSync(repo, { recursive: true, force: true }));

describe('vouch secrets --history', () => {
  it('does not see a removed secret in the work tree', () => {
    const r = runBin(['secrets', '.', '--format', 'json'], { cwd: repo });
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out).findings).toEqual([]);
  });

  it('finds it in history once, named by the commit that added it, masked', () => {
    const r = runBin(['secrets', '.', '--history', '--format', 'json'], { cwd: repo });
    expect(r.code, r.err).toBe(1);
    const report = JSON.parse(r.out) as {
      findings: { rule: string; commit?: string; location: { path: string; line: number }; masked: string }[];
      history: { commits: number; blobs: number; scanned: number };
    };
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]).toMatchObject({
      rule: 'secrets-committed/aws-access-key-id',
      commit: added,
      location: { path: 'src.js', line: 1 },
    });
    // Three commits added blobs (the removal added none); two blobs in all (README.md and the
    // key file): the copy is the same blob, read once.
    expect(report.history).toMatchObject({ commits: 3, blobs: 2, scanned: 2 });
    expect(r.out.includes(AWS)).toBe(false);
    expect(r.err.includes(AWS)).toBe(false);
  });
});
