import { describe, expect, it } from 'vitest';
import { manifestWith, outcomes, runProbe } from '../test-helpers.js';
import { probe } from './index.js';

describe('incident-plan-published', () => {
  it('passes when vouch.yaml names the plan, and is unknown otherwise', async () => {
    const named = await runProbe(probe, {
      'vouch.yaml': manifestWith('incidents:\n  plan: https://acme.example/incident-support\n'),
    });
    expect(outcomes(named)).toEqual(['pass']);
    expect(named[0]!.message).toBe('incident support plan named: https://acme.example/incident-support');
    expect(
      outcomes(await runProbe(probe, { 'vouch.yaml': manifestWith('incidents:\n  records: []\n') })),
    ).toEqual(['unknown']);
    expect(outcomes(await runProbe(probe, { 'vouch.yaml': manifestWith('') }))).toEqual(['unknown']);
  });
});
