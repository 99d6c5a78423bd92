import { describe, expect, it } from 'vitest';
import {
  HOST_WITHOUT_DEFAULT_POLICY,
  POINTER_ONLY_POLICY,
  runProbe,
  runProbeWithFailingCollector,
} from '../test-helpers.js';
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

  it('is unknown, naming the URL, for a policy that only points to a page', async () => {
    const [f] = await runProbe(probe, { 'SECURITY.md': POINTER_ONLY_POLICY });
    expect(f?.outcome).toBe('unknown');
    expect(f?.message).toContain('https://acme.io/docs/security/');
  });

  it('is unknown, not pass on keywords, when the process is on a linked page and the tree only says who triages', async () => {
    const [f] = await runProbe(probe, {
      'SECURITY.md':
        '# Security Policy\n\nPlease read the guidelines on reporting security issues [on the\nofficial website](https://acme.org/dev/security/) for instructions.\n\nTo reach the response team, email `security at acme dot org`.\n\nThe response team will triage and respond to security reports.\n',
    });
    expect(f).toMatchObject({ outcome: 'unknown', location: { path: 'SECURITY.md', line: 4 } });
    expect(f?.message).toContain('delegates to https://acme.org/dev/security/');
  });

  it('passes when the tree itself says how disclosure is coordinated, beside a linked page', async () => {
    const [f] = await runProbe(probe, {
      'SECURITY.md':
        'Please report security vulnerabilities privately through our\n[disclosure process](https://acme.io/policies/cvd).\n\nKeep vulnerability details confidential until their release is coordinated with us.\n\n## What to include\n\n- The affected package and version, or the relevant source commit.\n- A clear description of the security impact and sanitized steps to reproduce the issue.\n\nDo not include live credentials, API keys, customer data or unredacted logs; redact\nauthentication headers and private keys, and replace other secrets with clearly fake values.\n',
    });
    expect(f?.outcome).toBe('pass');
  });

  it('is unknown for a README section that gives only an address while the host was not asked', async () => {
    const files = {
      'README.md':
        '# Widget\n\nSecurity Reports\n----------------\n\nPlease send any sensitive issue to security@acme.io.\n',
    };
    const [f] = await runProbe(probe, files);
    expect(f).toMatchObject({ outcome: 'unknown', location: { path: 'README.md', line: 3 } });
    expect(f?.message).toMatch(/section of README\.md/);
    const [decided] = await runProbe(probe, files, {}, { host: HOST_WITHOUT_DEFAULT_POLICY });
    expect(decided?.outcome).toBe('fail');
  });
});
