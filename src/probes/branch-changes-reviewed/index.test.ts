import { describe, expect, it } from 'vitest';
import type { BranchRules } from '../../host/types.js';
import { hostWith, runProbe, runProbeWithFailingCollector } from '../test-helpers.js';
import { probe } from './index.js';

const rules = (r: Partial<BranchRules>): BranchRules => ({
  branch: 'main',
  requiredApprovals: 1,
  codeOwnerReview: false,
  requiredStatusChecks: [],
  forcePushBlocked: true,
  deletionBlocked: true,
  signaturesRequired: false,
  sources: ['ruleset 42 (acme/widget)'],
  ...r,
});

describe('branch-changes-reviewed', () => {
  it('passes with a required approving review and force-pushes blocked', async () => {
    const [f] = await runProbe(
      probe,
      {},
      {},
      { host: hostWith({ branchRules: rules({ codeOwnerReview: true }) }) },
    );
    expect(f).toMatchObject({ outcome: 'pass' });
    expect(f?.message).toMatch(
      /main needs 1 approving review\(s\), from code owners, and blocks force-pushes/,
    );
  });

  it('fails without a required review, and on allowed force-pushes as a sub-rule', async () => {
    const [none] = await runProbe(
      probe,
      {},
      {},
      { host: hostWith({ branchRules: rules({ requiredApprovals: null }) }) },
    );
    expect(none).toMatchObject({ outcome: 'fail', rule: 'branch-changes-reviewed', severity: 'medium' });
    const [zero] = await runProbe(
      probe,
      {},
      {},
      { host: hostWith({ branchRules: rules({ requiredApprovals: 0 }) }) },
    );
    expect(zero?.outcome).toBe('fail');
    const [push] = await runProbe(
      probe,
      {},
      {},
      {
        host: hostWith({ branchRules: rules({ forcePushBlocked: false }) }),
      },
    );
    expect(push).toMatchObject({ outcome: 'fail', rule: 'branch-changes-reviewed/force-push' });
  });

  it('is unknown when the host did not answer, and an error when its collector fails', async () => {
    expect((await runProbe(probe, {}))[0]?.outcome).toBe('unknown');
    expect((await runProbeWithFailingCollector(probe, {}, 'host'))[0]?.outcome).toBe('error');
  });
});
