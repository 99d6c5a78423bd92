import { describe, expect, it } from 'vitest';
import { manifestWith, runProbe } from '../test-helpers.js';
import { probe } from './index.js';

const manifest = manifestWith;

describe('support-policy-published', () => {
  it('passes when vouch.yaml names the update policy, unknown when it does not', async () => {
    const lines = '  lines:\n    - line: "2.x"\n';
    expect(
      (
        await runProbe(probe, { 'vouch.yaml': manifest(`support:\n  policy: docs/updates.md\n${lines}`) })
      ).map((f) => f.outcome),
    ).toEqual(['pass']);
    expect(
      (await runProbe(probe, { 'vouch.yaml': manifest(`support:\n${lines}`) })).map((f) => f.outcome),
    ).toEqual(['unknown']);
  });
});
