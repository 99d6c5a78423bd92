import { describe, expect, it } from 'vitest';
import { type TestRepo, useTestRepos } from '../../repository/test-repo.js';
import { outcomes, runProbeOnFolder, runProbeWithFailingCollector } from '../test-helpers.js';
import { probe } from './index.js';

const fresh = useTestRepos();
const run = (r: TestRepo) => runProbeOnFolder(probe, r.dir);

describe('tags-signed', () => {
  it('fails unsigned and lightweight tags by name, and a tag the reflog shows moved', async () => {
    const r = fresh();
    r.git('tag', '-a', 'v1.0', '-m', 'one');
    r.git('tag', 'v1.0-light');
    r.git('-c', 'core.logAllRefUpdates=always', 'tag', '-a', 'v2.0', '-m', 'two');
    r.commit();
    r.git('-c', 'core.logAllRefUpdates=always', 'tag', '-f', '-a', 'v2.0', '-m', 'two again');
    const findings = await run(r);
    expect(findings.map((f) => [f.rule, f.outcome, f.severity])).toEqual([
      ['tags-signed/moved', 'fail', 'medium'],
      ['tags-signed', 'fail', 'low'],
    ]);
    expect(findings[1]?.message).toBe(
      '0 of 3 tags signed: unsigned: v1.0 and v2.0; lightweight (cannot be signed): v1.0-light',
    );
  });

  it('is not-applicable without tags, and says when no tag reflog can show moves; error when the collector fails', async () => {
    expect(outcomes(await run(fresh()))).toEqual(['not-applicable']);
    const r = fresh();
    r.git('tag', '-a', 'v1', '-m', 'x');
    const [f] = await run(r);
    expect(f?.message).toContain(
      'git keeps no reflog for tags here, so moves made elsewhere are not visible',
    );
    expect(outcomes(await runProbeWithFailingCollector(probe, {}, 'change-history'))).toEqual(['error']);
  });
});
