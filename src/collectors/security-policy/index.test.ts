import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHARED } from '../../../test/helpers/lockfile-peer-suite.js';
import { memoryInventory } from '../../inventory/memory.js';
import { collectOne } from '../test-helpers.js';
import { parseSecurityTxt, type SecurityPolicyFacts, securityPolicyCollector } from './index.js';

const collect = (files: Record<string, string | Buffer>) =>
  collectOne(securityPolicyCollector, memoryInventory(files)) as Promise<SecurityPolicyFacts>;

const POLICY = [
  '# Security Policy', //1
  '', //2
  '## Reporting a Vulnerability', //3
  '', //4
  'Please do not open a public GitHub issue for security problems.', //5
  'Report vulnerabilities by email to security@acme.io or via', //6
  'https://github.com/acme/widget/security/advisories/new.', //7
  '', //8
  'We will acknowledge your report within 2 business days and aim to', //9
  'release a fix within 90 days, after which we publish an advisory.', //10
  '', //11
  'See also https://acme.io/blog for news.', //12
].join('\n');

describe('security-policy collector', () => {
  it('finds contacts, disclosure signals and timescales with 1-based positions', async () => {
    const facts = await collect({ 'SECURITY.md': POLICY });
    expect(facts.files).toEqual([
      {
        path: 'SECURITY.md',
        source: 'repository',
        kind: 'policy',
        size: POLICY.length,
        truncated: false,
        empty: false,
        pointerOnly: false,
      },
    ]);
    const email = facts.contacts.find((c) => c.kind === 'email');
    expect(email).toMatchObject({ value: 'security@acme.io', line: 6, column: 36, reporting: true });
    const advisory = facts.contacts.find((c) => c.value.includes('advisories'));
    expect(advisory).toMatchObject({ kind: 'url', line: 7, column: 1, reporting: true });
    expect(advisory?.value.endsWith('/new')).toBe(true);
    // A blog link is a link, not a reporting channel.
    expect(facts.contacts.find((c) => c.value === 'https://acme.io/blog')?.reporting).toBe(false);
    const ids = new Set(facts.signals.map((s) => s.id));
    expect(ids.has('no-public-issue')).toBe(true);
    expect(ids.has('report-vulnerability')).toBe(true);
    expect(ids.has('advisory')).toBe(true);
    expect(facts.signals.find((s) => s.id === 'no-public-issue')).toMatchObject({
      line: 5,
      column: 8,
      category: 'report',
    });
    expect(facts.responseTimes.map((t) => [t.kind, t.duration, t.line, t.column])).toEqual([
      ['acknowledge', 'within 2 business days', 9, 33],
      ['fix', 'within 90 days', 10, 15],
    ]);
  });

  it('ignores durations about support periods and example domains', async () => {
    const facts = await collect({
      '.github/SECURITY.md':
        'Versions are supported for 12 months after release.\nContact admin@example.com.\nThe 2.x line gets security updates until end of life.\n',
    });
    expect(facts.responseTimes).toEqual([]);
    expect(facts.contacts.filter((c) => c.kind === 'email')).toEqual([]);
  });

  it('reads table rows as units and obfuscated addresses', async () => {
    const facts = await collect({
      'docs/SECURITY.md':
        'Mail security [at] acme [dot] io to report.\n\n| Stage | Target |\n|---|---|\n| Initial response | 3 working days |\n| Fix released | 30 days |\n',
    });
    expect(facts.contacts.find((c) => c.kind === 'email')?.value).toBe('security@acme.io');
    expect(facts.responseTimes.map((t) => [t.kind, t.duration, t.line])).toEqual([
      ['acknowledge', '3 working days', 5],
      ['fix', '30 days', 6],
    ]);
  });

  it('finds policies case-insensitively and in every documented place', async () => {
    const facts = await collect({
      'security.md': 'x',
      '.github/Security.MD': 'y',
      'docs/SECURITY.rst': 'z',
      '.well-known/security.txt': 'Contact: mailto:s@acme.io\n',
      'src/SECURITY.md': 'not a policy location',
    });
    expect(facts.files.map((f) => f.path).sort()).toEqual([
      '.github/Security.MD',
      '.well-known/security.txt',
      'docs/SECURITY.rst',
      'security.md',
    ]);
  });

  it('parses security.txt fields, contacts and expiry', async () => {
    const txt =
      '# comment\nContact: mailto:security@acme.io\nContact: https://acme.io/report\nExpires: 2031-01-01T00:00:00Z\nPolicy: https://acme.io/policy\n';
    const facts = await collect({ '.well-known/security.txt': txt });
    const [parsed] = facts.securityTxt;
    expect(parsed?.fields.map((f) => [f.name, f.line])).toEqual([
      ['Contact', 2],
      ['Contact', 3],
      ['Expires', 4],
      ['Policy', 5],
    ]);
    expect(parsed?.expiresAt).toBe('2031-01-01T00:00:00.000Z');
    expect(parsed?.problems).toEqual([]);
    expect(facts.contacts.map((c) => [c.kind, c.value, c.line, c.column, c.fromSecurityTxt])).toEqual([
      ['email', 'security@acme.io', 2, 10, true],
      ['url', 'https://acme.io/report', 3, 10, true],
    ]);
  });

  it('reports security.txt problems instead of failing, in the words of the one security.txt parser', () => {
    const parsed = parseSecurityTxt('security.txt', 'Expires: soon\nthis is not a field\n');
    expect(parsed.problems).toEqual([
      { message: 'not an RFC 3339 date-time with a time zone, such as 2027-01-31T23:59:59Z', line: 1 },
      { message: 'neither a comment ("# …") nor a field ("Name: value")', line: 2 },
      { message: 'no Contact field; at least one is required' },
    ]);
  });

  it('applies the RFC rules of src/formats/securitytxt (an http: Contact), but leaves expiry to the probe', () => {
    const parsed = parseSecurityTxt(
      'security.txt',
      'Contact: http://acme.io/report\nExpires: 1999-01-01T00:00:00Z\n',
    );
    expect(parsed.problems).toEqual([{ message: 'Contact must be a mailto:, tel: or https: URI', line: 1 }]);
    // Expired by any clock, yet no problem here: security-txt-valid judges it with the run's clock.
    expect(parsed.expiresAt).toBe('1999-01-01T00:00:00.000Z');
  });

  it('reads the fields of a signed security.txt', () => {
    const parsed = parseSecurityTxt(
      's.txt',
      '-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\nContact: mailto:a@acme.io\nExpires: 2031-01-01T00:00:00Z\n-----BEGIN PGP SIGNATURE-----\nabc\n-----END PGP SIGNATURE-----\n',
    );
    expect(parsed.signed).toBe(true);
    expect(parsed.contact).toEqual(['mailto:a@acme.io']);
    expect(parsed.problems).toEqual([]);
  });

  it('survives hostile content: control characters, HTML, huge and binary files', async () => {
    const hostile = `<script>alert(1)</script>\u001b[31mReport\u0000 to <a href="mailto:sec@acme.io">sec@acme.io</a>\u202e\n`;
    const big = `${'x'.repeat(600 * 1024)}\nsecurity@late.io\n`;
    const facts = await collect({
      'SECURITY.md': hostile,
      '.github/SECURITY.md': big,
      'docs/SECURITY.md': Buffer.from([0, 1, 2, 3]),
    });
    expect(facts.contacts.find((c) => c.value === 'sec@acme.io')?.line).toBe(1);
    const bigFile = facts.files.find((f) => f.path === '.github/SECURITY.md');
    expect(bigFile?.truncated).toBe(true);
    // The address after the cut-off is not read.
    expect(facts.contacts.some((c) => c.value === 'security@late.io')).toBe(false);
    expect(facts.files.find((f) => f.path === 'docs/SECURITY.md')?.error).toBe('binary content');
  });
});

describe('security-policy collector: policies read for content (issue 9)', () => {
  it('reads a README security section as the policy when there is no SECURITY file', async () => {
    const readme = [
      '# Widget', //1
      '', //2
      'Security Reports', //3
      '----------------', //4
      '', //5
      'Please send any sensitive issue to [security@acme.io](mailto:security@acme.io). Thanks!', //6
      '', //7
      'Sponsors', //8
      '--------', //9
      '', //10
      'Write to sponsors@acme.io.', //11
    ].join('\n');
    const facts = await collect({ 'README.md': readme });
    expect(facts.files).toMatchObject([
      { path: 'README.md', kind: 'policy', section: { heading: 'Security Reports', line: 3, endLine: 6 } },
    ]);
    // Only the section is read: the sponsors address is outside it.
    expect(facts.contacts.map((c) => [c.value, c.line, c.column])).toEqual([['security@acme.io', 6, 37]]);
  });

  it('reads AsciiDoc and reStructuredText sections and a heading-less paragraph', async () => {
    const facts = await collect({
      'CONTRIBUTING.adoc':
        '= Contributing\n\n== Reporting Security Vulnerabilities\n\nPlease report security vulnerabilities to security@acme.io.\n\n== Sign-off\n\nmaintainer@acme.io\n',
      'docs/CONTRIBUTING.rst': 'Security\n========\n\nReport vulnerabilities to sec@acme.io.\n',
      'README.md':
        '# Widget\n\n## Contributing\n\nTrying to report a possible security vulnerability? Please\ncheck out our [security policy](https://acme.io/security).\n\nBe nice.\n',
    });
    expect(facts.files.map((f) => [f.path, f.section?.heading, f.section?.line, f.section?.endLine])).toEqual(
      [
        ['CONTRIBUTING.adoc', 'Reporting Security Vulnerabilities', 3, 5],
        ['README.md', '', 5, 6],
        ['docs/CONTRIBUTING.rst', 'Security', 1, 4],
      ],
    );
    expect(facts.contacts.filter((c) => c.reporting).map((c) => c.value)).toEqual([
      'security@acme.io',
      'sec@acme.io',
    ]);
  });

  it('ignores README sections when a SECURITY file exists, and sections about product features', async () => {
    expect(
      (
        await collect({
          'SECURITY.md': 'Email security@acme.io\n',
          'README.md': '## Security\n\nReport vulnerabilities to other@acme.io.\n',
        })
      ).files.map((f) => f.path),
    ).toEqual(['SECURITY.md']);
    expect(
      (await collect({ 'README.md': '## Security\n\nWidget escapes HTML and sets CSRF tokens.\n' })).files,
    ).toEqual([]);
  });

  it('records a pointer-only policy and the URL on the line after its introducing sentence', async () => {
    const facts = await collect({
      'SECURITY.md':
        '# Reporting a security issue\n\nThe Widget security policy, including how to report vulnerabilities, can be\nfound here:\n\n[https://acme.io/docs/security/](https://acme.io/docs/security/)\n',
    });
    expect(facts.files[0]?.pointerOnly).toBe(true);
    expect(facts.delegations).toMatchObject([
      {
        file: 'SECURITY.md',
        url: 'https://acme.io/docs/security/',
        line: 6,
        column: 2,
        fromLine: 3,
        toLine: 6,
      },
    ]);
    // The page may name the channel, but the tree does not: not a reporting contact.
    expect(facts.contacts.filter((c) => c.reporting)).toEqual([]);
  });

  it('takes a URL on the line after "report via:" as the reporting channel', async () => {
    const facts = await collect({
      'SECURITY.md': '# Security\n\nPlease report issues via:\n\nhttps://acme.io/form\n',
    });
    expect(facts.contacts).toMatchObject([
      { value: 'https://acme.io/form', reporting: true, instructed: true, line: 5 },
    ]);
    expect(facts.delegations).toEqual([]);
  });

  it('does not take copyright or questions addresses as reporting contacts', async () => {
    const facts = await collect({
      'SECURITY.md': [
        '<!--', //1
        'Copyright (C) Jane Doe, <jane@acme.io>, et al.', //2
        '-->', //3
        '', //4
        'Please report potential security vulnerabilities privately through our', //5
        '[coordinated vulnerability disclosure process](https://acme.io/policies/cvd).', //6
        'For questions about that process, contact disclosure@acme.io.', //7
      ].join('\n'),
    });
    expect(facts.contacts.filter((c) => c.reporting)).toEqual([]);
    expect(facts.delegations.map((d) => [d.url, d.line, d.fromLine, d.toLine])).toEqual([
      ['https://acme.io/policies/cvd', 6, 5, 6],
    ]);
  });

  it('reads an address spelled out in backticks and prefers the instructed one', async () => {
    const facts = await collect({
      'SECURITY.md':
        'Our team lead is lead@acme.io.\n\nTo reach the response team, email `security at acme dot org`.\n',
    });
    expect(facts.contacts.map((c) => [c.value, c.instructed, c.line, c.column])).toEqual([
      ['lead@acme.io', false, 1, 18],
      ['security@acme.org', true, 3, 36],
    ]);
  });

  it('recognises the GitHub private vulnerability reporting link as a private channel', async () => {
    const facts = await collect({
      '.github/SECURITY.md':
        'Please open a new\n[Security advisory](https://github.com/acme/widget/security/advisories/new)\nwith your findings.\n',
    });
    expect(facts.signals.filter((s) => s.id === 'private-channel').map((s) => [s.line, s.column])).toEqual([
      [2, 52],
    ]);
    expect(facts.contacts).toMatchObject([{ kind: 'url', reporting: true, line: 2 }]);
  });

  it("ignores the team's own steps before a release as timescales", async () => {
    const facts = await collect({
      'SECURITY.md':
        'Report to security@acme.io.\n\n- No more than 48 hours before the release, the private branch is merged and pushed.\n',
    });
    expect(facts.responseTimes).toEqual([]);
  });
});

describe('security.txt fields against the RFC 9116 conformance suite (peer-suites/securitytxt)', () => {
  interface Case {
    name: string;
    input?: string | { parts: ({ text: string } | { repeat: string; count: number })[] };
    inputFile?: string;
    expected: { fields?: { name: string; value: string; line: number }[]; contact?: string[] };
  }
  const dir = join(SHARED, 'peer-suites/securitytxt');
  const suite = JSON.parse(readFileSync(join(dir, 'conformance.json'), 'utf8')) as { parse: Case[] };
  const now = Date.now();
  const inTwoYears = new Date(now);
  inTwoYears.setUTCFullYear(inTwoYears.getUTCFullYear() + 2);
  const fill = (s: string) =>
    s
      .replaceAll('{{within_one_year}}', new Date(now + 30 * 86_400_000).toISOString())
      .replaceAll('{{past}}', new Date(now - 86_400_000).toISOString())
      .replaceAll('{{beyond_one_year_lower_z}}', inTwoYears.toISOString().replace(/Z$/, 'z'))
      .replaceAll('{{beyond_one_year}}', inTwoYears.toISOString());
  const input = (c: Case): string => {
    if (c.inputFile) return readFileSync(join(dir, c.inputFile), 'utf8');
    if (typeof c.input === 'string') return fill(c.input);
    return (c.input?.parts ?? [])
      .map((p) => ('text' in p ? fill(p.text) : p.repeat.repeat(p.count)))
      .join('');
  };
  // Only the field list and contacts are compared: validation diagnostics are not this parser's job.
  const cases = suite.parse.filter((c) => c.expected.fields || c.expected.contact);

  it('has cases to run', () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const parsed = parseSecurityTxt('security.txt', input(c));
    if (c.expected.fields) {
      expect(parsed.fields).toEqual(c.expected.fields.map((f) => ({ ...f, value: fill(f.value) })));
    }
    if (c.expected.contact) expect(parsed.contact).toEqual(c.expected.contact);
  });
});
