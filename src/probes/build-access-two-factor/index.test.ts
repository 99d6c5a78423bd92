import { describe, expect, it } from 'vitest';
import { hostWith, runProbe, runProbeWithFailingCollector } from '../test-helpers.js';
import { probe } from './index.js';

describe('build-access-two-factor', () => {
  it('passes or fails on what the host states', async () => {
    const [yes] = await runProbe(probe, {}, {}, { host: hostWith({ organizationTwoFactorRequired: true }) });
    expect(yes).toMatchObject({ outcome: 'pass', severity: 'info' });
    const [no] = await runProbe(probe, {}, {}, { host: hostWith({ organizationTwoFactorRequired: false }) });
    expect(no).toMatchObject({ outcome: 'fail', severity: 'high' });
    expect(no?.message).toMatch(/acme does not require/);
  });

  it('is unknown, with the reason, when the host was not asked', async () => {
    const [f] = await runProbe(probe, {});
    expect(f).toMatchObject({ outcome: 'unknown' });
    expect(f?.message).toMatch(/no GitHub token given/);
  });

  it('is an error when the host collector fails', async () => {
    expect((await runProbeWithFailingCollector(probe, {}, 'host'))[0]?.outcome).toBe('error');
  });
});
