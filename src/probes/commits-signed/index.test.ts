import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sshKey, useTestRepos } from '../../repository/test-repo.js';
import { outcomes, runProbe, runProbeOnFolder, runProbeWithFailingCollector } from '../test-helpers.js';
import { probe } from './index.js';

const ada = sshKey();

const fresh = useTestRepos();

describe('commits-signed', () => {
  it('passes when every commit in the window is signed, verified with the allowed signers given', async () => {
    const r = fresh();
    r.signedCommit(ada, 'one');
    r.signedCommit(ada, 'two');
    const allowed = join(r.dir, '..', `${r.dir.split('/').pop()}-allowed`);
    writeFileSync(allowed, `${ada.allowedLine('ada@example.com')}\n`);
    const [f] = await runProbeOnFolder(probe, r.dir, { historyWindow: 2, allowedSigners: allowed });
    expect(f).toMatchObject({ outcome: 'pass' });
    expect(f?.message).toBe(`2 of the last 2 commits signed by ada@example.com; 2 verified with ${allowed}`);
    rmSync(allowed);
  });

  it('fails on unsigned commits with the share, and says signatures were only seen without allowed signers', async () => {
    const r = fresh();
    r.signedCommit(ada, 'signed');
    const [f] = await runProbeOnFolder(probe, r.dir);
    expect(f).toMatchObject({ outcome: 'fail', severity: 'low' });
    expect(f?.message).toMatch(
      /^1 of the last 2 commits signed by SHA256:\S+; none verified \(no allowed-signers file given; OpenPGP signatures are never verified here\): 1 commit unsigned/,
    );
  });

  it('is unknown outside git and for an allowed-signers file that cannot be read; error when the collector fails', async () => {
    const [none] = await runProbe(probe, { 'a.txt': 'x' });
    expect(none).toMatchObject({
      outcome: 'unknown',
      message: 'The change history is not known: not a git repository',
    });
    const r = fresh();
    const [f] = await runProbeOnFolder(probe, r.dir, { allowedSigners: '/nonexistent/allowed' });
    expect(f?.outcome).toBe('unknown');
    expect(f?.message).toContain('the allowed-signers file /nonexistent/allowed could not be read');
    expect(outcomes(await runProbeWithFailingCollector(probe, {}, 'change-history'))).toEqual(['error']);
  });
});
