import { describe, expect, it } from 'vitest';
import {
  HOST_WITHOUT_DEFAULT_POLICY,
  POINTER_ONLY_POLICY,
  runProbe,
  runProbeWithFailingCollector,
} from '../test-helpers.js';
import { probe } from './index.js';

describe('security-policy-response-times', () => {
  it('passes on a stated timescale and locates it', async () => {
    const [f] = await runProbe(probe, {
      'SECURITY.md': '# Security\n\nYou will get a response within 72 hours.\n',
    });
    expect(f).toMatchObject({
      outcome: 'pass',
      location: { path: 'SECURITY.md', line: 3, column: 'You will get a response '.length + 1 },
    });
    expect(f?.message).toContain('within 72 hours');
  });

  it('passes on a disclosure deadline written as a compound word', async () => {
    const [f] = await runProbe(probe, { 'SECURITY.md': 'We follow a 90-day disclosure deadline.\n' });
    expect(f?.outcome).toBe('pass');
  });

  it('fails when durations are only about support periods', async () => {
    const [f] = await runProbe(probe, {
      'SECURITY.md': 'Each release is supported for 18 months. Report issues to security@acme.io.\n',
    });
    expect(f).toMatchObject({ outcome: 'fail', location: { path: 'SECURITY.md' } });
  });

  it('fails without a policy, and is error when the collector fails', async () => {
    expect((await runProbe(probe, {}, {}, { host: HOST_WITHOUT_DEFAULT_POLICY }))[0]?.outcome).toBe('fail');
    expect((await runProbe(probe, {}))[0]?.outcome).toBe('unknown');
    expect((await runProbeWithFailingCollector(probe, {}, 'security-policy'))[0]?.outcome).toBe('error');
  });

  it('is unknown, naming the URL, when the policy points to a page and states no timescale', async () => {
    const [f] = await runProbe(probe, { 'SECURITY.md': POINTER_ONLY_POLICY });
    expect(f).toMatchObject({ outcome: 'unknown', location: { path: 'SECURITY.md', line: 6 } });
    expect(f?.message).toContain('https://acme.io/docs/security/');
  });

  it('still fails a complete policy without timescales that links no policy page', async () => {
    const [f] = await runProbe(probe, {
      'SECURITY.md': 'Report vulnerabilities to security@acme.io. We fix them as quickly as possible.\n',
    });
    expect(f?.outcome).toBe('fail');
  });
});
