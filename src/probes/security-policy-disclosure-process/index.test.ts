import { describe, expect, it } from 'vitest';
import { HOST_WITHOUT_DEFAULT_POLICY, runProbe, runProbeWithFailingCollector } from '../test-helpers.js';
import { probe } from './index.js';

describe('security-policy-disclosure-process', () => {
  it('passes when the policy says how to report and what follows', async () => {
    const [f] = await runProbe(probe, {
      'SECURITY.md':
        '# Security\n\nPlease report vulnerabilities privately to security@acme.io.\nWe will triage the report, release a fix and publish a security advisory.\n',
    });
    expect(f).toMatchObject({ outcome: 'pass', location: { path: 'SECURITY.md', line: 3, column: 8 } });
  });

  it('fails when only the reporting half is there', async () => {
    const [f] = await runProbe(probe, { 'SECURITY.md': 'Report security issues to security@acme.io\n' });
    expect(f).toMatchObject({ outcome: 'fail', location: { path: 'SECURITY.md' } });
    expect(f?.message).toMatch(/not what happens next/);
  });

  it('fails when the policy says neither', async () => {
    const [f] = await runProbe(probe, { 'SECURITY.md': 'Only the latest version is supported.\n' });
    expect(f?.outcome).toBe('fail');
    expect(f?.message).toMatch(/neither/);
  });

  it('passes with low confidence on a security.txt Policy link', async () => {
    const [f] = await runProbe(probe, {
      '.well-known/security.txt':
        'Contact: mailto:s@acme.io\nExpires: 2099-01-01T00:00:00Z\nPolicy: https://acme.io/vdp\n',
    });
    expect(f).toMatchObject({ outcome: 'pass', confidence: 'low', location: { line: 3 } });
  });

  it('fails on a security.txt without Policy and no prose', async () => {
    const [f] = await runProbe(probe, { '.well-known/security.txt': 'Contact: mailto:s@acme.io\n' });
    expect(f?.outcome).toBe('fail');
    expect(f?.message).toMatch(/no Policy link/);
  });

  it('fails without a policy and is error when the collector fails', async () => {
    expect((await runProbe(probe, {}, {}, { host: HOST_WITHOUT_DEFAULT_POLICY }))[0]?.outcome).toBe('fail');
    expect((await runProbe(probe, {}))[0]?.outcome).toBe('unknown');
    expect((await runProbeWithFailingCollector(probe, {}, 'security-policy'))[0]?.outcome).toBe('error');
  });
});
