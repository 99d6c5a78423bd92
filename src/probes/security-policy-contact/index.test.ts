import { describe, expect, it } from 'vitest';
import {
  HOST_WITHOUT_DEFAULT_POLICY,
  POINTER_ONLY_POLICY,
  runProbe,
  runProbeWithFailingCollector,
} from '../test-helpers.js';
import { probe } from './index.js';

describe('security-policy-contact', () => {
  it('passes on an email address and locates it', async () => {
    const findings = await runProbe(probe, {
      'SECURITY.md': '# Security\n\nPlease email **security@acme.io**.\n',
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      outcome: 'pass',
      location: { path: 'SECURITY.md', line: 3, column: 16 },
    });
    expect(findings[0]?.message).toContain('security@acme.io');
  });

  it('passes on GitHub private vulnerability reporting without an address', async () => {
    const [f] = await runProbe(probe, {
      '.github/SECURITY.md':
        'Use the "Report a vulnerability" button on the Security tab of this repository.\n',
    });
    expect(f?.outcome).toBe('pass');
  });

  it('prefers a security.txt Contact field', async () => {
    const [f] = await runProbe(probe, {
      'SECURITY.md': 'Email security@acme.io\n',
      '.well-known/security.txt': 'Contact: https://acme.io/report\nExpires: 2099-01-01T00:00:00Z\n',
    });
    expect(f).toMatchObject({
      outcome: 'pass',
      location: { path: '.well-known/security.txt', line: 1, column: 10 },
    });
  });

  it('fails when the policy only has unrelated links', async () => {
    const [f] = await runProbe(probe, {
      'SECURITY.md': 'We care about security. Docs: https://acme.io/docs\n',
    });
    expect(f).toMatchObject({ outcome: 'fail', location: { path: 'SECURITY.md' } });
    expect(f?.message).toMatch(/links to .*acme\.io\/docs/);
  });

  it('fails when there is no policy in the tree and the host has no default either', async () => {
    const [f] = await runProbe(probe, {}, {}, { host: HOST_WITHOUT_DEFAULT_POLICY });
    expect(f?.outcome).toBe('fail');
  });

  it('is unknown, not failing, without a policy when the host was not asked', async () => {
    const [f] = await runProbe(probe, {});
    expect(f?.outcome).toBe('unknown');
    expect(f?.message).toMatch(/no GitHub token given/);
  });

  it('passes on the contact of an expired, invalid security.txt: its validity is another probe', async () => {
    const findings = await runProbe(probe, {
      '.well-known/security.txt': 'Contact: mailto:s@acme.io\nExpires: 2001-01-01T00:00:00Z\nbogus line\n',
    });
    expect(findings.map((f) => [f.rule, f.outcome])).toEqual([['security-policy-contact', 'pass']]);
  });

  it('keeps messages on one line with hostile policy text', async () => {
    const [f] = await runProbe(probe, {
      'SECURITY.md':
        'Report to <b>\u001b]8;;evil\u0007x\u202e@acme.io</b> or https://acme.io/report\u0000\r\nnext',
    });
    expect(f?.outcome).toBe('pass');
    expect(f?.message).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e]/);
  });

  it('is error when the collector fails', async () => {
    const [f] = await runProbeWithFailingCollector(probe, { 'SECURITY.md': 'x' }, 'security-policy');
    expect(f?.outcome).toBe('error');
  });

  it('is unknown, naming the URL, for a policy that only points to a page', async () => {
    const [f] = await runProbe(probe, { 'SECURITY.md': POINTER_ONLY_POLICY });
    expect(f).toMatchObject({ outcome: 'unknown', location: { path: 'SECURITY.md', line: 6, column: 2 } });
    expect(f?.message).toContain('delegates to https://acme.io/docs/security/');
  });

  it('is unknown when reporters are sent to a page and the only address is for questions', async () => {
    const [f] = await runProbe(probe, {
      'SECURITY.md':
        '# Security Policy\n\nPlease report potential security vulnerabilities privately through our\n[coordinated vulnerability disclosure process](https://acme.io/policies/cvd).\nFor questions about that process, contact disclosure@acme.io.\n\nDo not report security vulnerabilities through public GitHub issues.\n',
    });
    expect(f?.outcome).toBe('unknown');
    expect(f?.message).toContain('https://acme.io/policies/cvd');
  });

  it('cites the address reporters are told to use, not a copyright line or a later link', async () => {
    const [f] = await runProbe(probe, {
      'SECURITY.md': [
        '<!-- Copyright (C) Jane Doe, <jane@acme.io> -->', //1
        '', //2
        'Please read the guidelines on reporting security issues [on the', //3
        'official website](https://acme.org/dev/security/) for instructions.', //4
        '', //5
        'To reach the response team, email `security at acme dot org`.', //6
        '', //7
        'Report malicious packages through the [malware reporting process](https://pkgs.acme.org/security/).', //8
      ].join('\n'),
    });
    expect(f).toMatchObject({ outcome: 'pass', location: { path: 'SECURITY.md', line: 6, column: 36 } });
    expect(f?.message).toContain('security@acme.org');
  });

  it('passes on a README security section when there is no SECURITY file', async () => {
    const [f] = await runProbe(probe, {
      'README.md':
        '# Widget\n\nSecurity Reports\n----------------\n\nPlease send any sensitive issue to security@acme.io.\n',
    });
    expect(f).toMatchObject({ outcome: 'pass', location: { path: 'README.md', line: 6, column: 36 } });
  });
});
