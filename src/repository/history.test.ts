import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { readHistory } from './history.js';
import { parseAllowedSigners } from './sshsig.js';
import { sshKey, TestRepo } from './test-repo.js';

const repos: TestRepo[] = [];
const repo = () => {
  const r = new TestRepo();
  repos.push(r);
  return r;
};
afterAll(() => {
  for (const r of repos) rmSync(r.dir, { recursive: true, force: true });
});

const ada = sshKey();
const eve = sshKey();

describe('readHistory', () => {
  it('sees signatures in the raw objects and verifies SSH ones against allowed signers', async () => {
    const r = repo();
    r.commit('first');
    const good = r.signedCommit(ada, 'signed by ada');
    const stranger = r.signedCommit(eve, 'signed by eve');
    const tampered = r.signedCommit(ada, 'original', (m) => m.replace('original', 'tampered'));
    const allowed = parseAllowedSigners(`${ada.allowedLine('ada@example.com')}\n# comment\n`);
    const h = await readHistory(r.dir, { window: 100, allowedSigners: allowed });
    expect(h.unavailable).toBeUndefined();
    expect(h.shallow).toBe(false);
    const bySha = Object.fromEntries(h.commits.map((c) => [c.sha, c]));
    expect(h.commits).toHaveLength(4);
    expect(bySha[good]?.signature).toMatchObject({
      kind: 'ssh',
      status: 'valid',
      principals: 'ada@example.com',
    });
    expect(bySha[good]?.signature?.signer).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(bySha[stranger]?.signature).toMatchObject({ status: 'unknown-key' });
    expect(bySha[tampered]?.signature).toMatchObject({ status: 'invalid' });
    expect(h.commits.find((c) => c.subject === 'first')?.signature).toBeUndefined();
  });

  it('without allowed signers, a signature is seen with its key fingerprint but not verified', async () => {
    const r = repo();
    r.commit();
    r.signedCommit(ada, 'signed');
    const h = await readHistory(r.dir, { window: 1 });
    expect(h.commits).toHaveLength(1);
    expect(h.commits[0]?.signature).toMatchObject({ kind: 'ssh', status: 'not-verified' });
  });

  it('reads merges, tags (annotated, lightweight) and tag moves from the reflog; shallow clones say so', async () => {
    const r = repo();
    r.commit();
    r.merge('Merge pull request #12 from acme/feature');
    r.git('tag', '-a', 'v1.0', '-m', 'release 1.0');
    r.git('tag', 'v1.0-light');
    r.git('-c', 'core.logAllRefUpdates=always', 'tag', '-f', '-a', 'v1.1', '-m', 'first');
    r.commit();
    r.git('-c', 'core.logAllRefUpdates=always', 'tag', '-f', '-a', 'v1.1', '-m', 'moved');
    const h = await readHistory(r.dir, { window: 100 });
    expect(h.commits.filter((c) => c.parents.length === 2).map((c) => c.subject)).toEqual([
      'Merge pull request #12 from acme/feature',
    ]);
    expect(h.tags.map((t) => [t.name, t.annotated, t.moves])).toEqual([
      ['v1.0', true, 0],
      ['v1.0-light', false, 0],
      ['v1.1', true, 1],
    ]);
    const shallow = repo();
    execFileSync('git', ['clone', '-q', '--depth', '1', `file://${r.dir}`, shallow.dir + '/c'], {
      env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' },
    });
    const s = await readHistory(`${shallow.dir}/c`, { window: 100 });
    expect(s).toMatchObject({ shallow: true });
    expect(s.commits).toHaveLength(1);
  });

  it('is unavailable outside a repository and in one without commits', async () => {
    expect((await readHistory('/', { window: 10 })).unavailable).toBe('not a git repository');
    expect((await readHistory(repo().dir, { window: 10 })).unavailable).toBe(
      'the repository has no commits yet',
    );
  });
});
