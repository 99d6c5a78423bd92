import { describe, expect, it } from 'vitest';
import { HOST_WITHOUT_DEFAULT_POLICY, runProbe, runProbeWithFailingCollector } from '../test-helpers.js';
import { probe } from './index.js';

describe('security-policy-present', () => {
  it('passes with SECURITY.md and points at it', async () => {
    const [f, ...rest] = await runProbe(probe, { 'SECURITY.md': '# Security\nEmail security@acme.io\n' });
    expect(rest).toEqual([]);
    expect(f).toMatchObject({
      rule: 'security-policy-present',
      outcome: 'pass',
      severity: 'info',
      location: { path: 'SECURITY.md', line: 1 },
    });
  });

  it('passes with only a security.txt', async () => {
    const [f] = await runProbe(probe, { '.well-known/security.txt': 'Contact: mailto:s@acme.io\n' });
    expect(f?.outcome).toBe('pass');
  });

  it('is unknown without a policy in the tree when the host could supply one', async () => {
    const [f] = await runProbe(probe, { 'README.md': 'hello' });
    expect(f).toMatchObject({ outcome: 'unknown' });
    expect(f?.message).toMatch(/owner's default policy/);
    expect(f?.remediation).toMatch(/GITHUB_TOKEN/);
  });

  it('fails without any policy, with the probe severity', async () => {
    const [f] = await runProbe(
      probe,
      { 'README.md': 'hello', 'src/SECURITY.md': 'wrong place' },
      {},
      { host: HOST_WITHOUT_DEFAULT_POLICY },
    );
    expect(f).toMatchObject({ outcome: 'fail', severity: 'medium' });
    expect(f?.location).toBeUndefined();
    expect(f?.remediation).toMatch(/SECURITY\.md/);
  });

  it('fails on an empty policy as a sub-rule', async () => {
    const [f] = await runProbe(probe, { 'SECURITY.md': '  \n\n' });
    expect(f).toMatchObject({
      rule: 'security-policy-present/empty',
      outcome: 'fail',
      location: { path: 'SECURITY.md' },
    });
  });

  it('is unknown when the only policy cannot be read', async () => {
    const [f] = await runProbe(probe, { 'SECURITY.md': Buffer.from([0, 159, 146, 150]) });
    expect(f?.outcome).toBe('unknown');
    expect(f?.message).toMatch(/binary/);
  });

  it('reports a collector failure as error, never fail', async () => {
    const [f] = await runProbeWithFailingCollector(probe, {}, 'security-policy', 'disk on fire\nsecond line');
    expect(f?.outcome).toBe('error');
    expect(f?.message).not.toMatch(/\n/);
  });

  it('keeps the fingerprint stable when the file changes', async () => {
    const [a] = await runProbe(probe, { 'SECURITY.md': 'one' });
    const [b] = await runProbe(probe, { 'SECURITY.md': 'two\nlines' });
    expect(a?.fingerprint).toBe(b?.fingerprint);
  });

  it('passes on a CONTRIBUTING security section and names its lines', async () => {
    const [f] = await runProbe(probe, {
      'CONTRIBUTING.adoc':
        '= Contributing\n\n== Reporting Security Vulnerabilities\n\nPlease report security vulnerabilities at https://acme.io/security-policy.\n\n== Sign-off\n',
    });
    expect(f).toMatchObject({ outcome: 'pass', location: { path: 'CONTRIBUTING.adoc', line: 3 } });
    expect(f?.message).toContain('lines 3-5');
  });
});
