import { describe, expect, it } from 'vitest';
import { type TestRepo, useTestRepos } from '../../repository/test-repo.js';
import { outcomes, runProbe, runProbeOnFolder, runProbeWithFailingCollector } from '../test-helpers.js';
import { probe } from './index.js';

const fresh = useTestRepos();
const run = (r: TestRepo) => runProbeOnFolder(probe, r.dir);

describe('merges-reviewed', () => {
  it('fails a merge without a review trace, naming it, and counts what the others prove', async () => {
    const r = fresh();
    r.merge('Merge pull request #7 from acme/x');
    r.merge('Merge branch hotfix\n\nReviewed-by: Bo <bo@example.com>');
    r.merge('Merge branch yolo');
    const [f] = await run(r);
    expect(f).toMatchObject({ outcome: 'fail', severity: 'low' });
    expect(f?.message).toMatch(
      /^1 of 3 merge commits carry no review trace \(first [0-9a-f]{12} `Merge branch yolo`\); 1 name a reviewer; 1 name a pull or merge request/,
    );
  });

  it('passes with low confidence when the only traces are pull-request merge messages', async () => {
    const r = fresh();
    r.merge('Merge pull request #7 from acme/x');
    r.merge('Merge branch x into main\n\nSee merge request acme/widget!42');
    const [f] = await run(r);
    expect(f).toMatchObject({ outcome: 'pass', confidence: 'low' });
    expect(f?.message).toContain('which shows the route, not an approval');
  });

  it('is not-applicable without merges; unknown outside git; error when the collector fails', async () => {
    expect(outcomes(await run(fresh()))).toEqual(['not-applicable']);
    expect(outcomes(await runProbe(probe, {}))).toEqual(['unknown']);
    expect(outcomes(await runProbeWithFailingCollector(probe, {}, 'change-history'))).toEqual(['error']);
  });
});
