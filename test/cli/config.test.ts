/**
 * Issue 10, items 1 and 2: a vouch.yaml that never fails silently (exit 2 before any work, every
 * problem positioned on stderr in every format), and attestations that stay honest (vouch.lock,
 * principle-level attestations, every lost attestation explained).
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AssessmentReport, RequirementResult } from '../../src/assessment/types.js';
import { parseManifest } from '../../src/manifest/load.js';
import { assessToJson, runCli } from '../helpers/cli.js';
import { makeRepo } from '../helpers/repo.js';

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});
function repo(files: Record<string, string> = {}): string {
  const r = makeRepo(files);
  roots.push(r);
  return r;
}

const TODAY = '2026-11-28';
const valid = `schemaVersion: 1
product:
  name: demo
  kind: library
vendor:
  name: Demo Ltd
sro:
  name: Jo Bloggs
  role: CTO
vendorRole: developer-and-distributor
attestations:
  sscop:1.1.2:
    status: met
    statement: All developers are trained yearly.
    evidence:
      - docs/training.md
    owner: Head of Engineering
    reviewed: "2026-11-01"
    expires: "2027-06-30"
suppressions:
  - rule: codeowners-present
    reason: Two-person team.
    expires: "2027-06-30"
`;

function claim(report: AssessmentReport, id: string): RequirementResult {
  const r = report.codes.flatMap((c) => c.principles.flatMap((p) => p.requirements)).find((x) => x.id === id);
  if (!r) throw new Error(`no ${id} in the report`);
  return r;
}

describe('vouch.yaml is strict and kind', () => {
  it('a misspelt key stops assess with exit 2, a positioned suggestion on stderr, also with --format json', async () => {
    const root = repo({ 'vouch.yaml': valid.replace('attestations:', 'attestaions:') });
    const r = await runCli(['assess', root, '--format', 'json', '--today', TODAY]);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/vouch\.yaml:11:1: attestaions: unknown key; did you mean "attestations"\?/);
    // One message for one typo: the key it meant is not also reported missing.
    const typo = await runCli([
      'config',
      'check',
      repo({ 'vouch.yaml': valid.replace('vendor:', 'vendr:') }),
    ]);
    expect(typo.err.trim().split('\n')).toEqual([
      expect.stringMatching(/vouch\.yaml:5:1: vendr: unknown key; did you mean "vendor"\?$/),
    ]);
  });

  it.each([
    [
      'a wrong type',
      valid.replace('name: Demo Ltd', 'name: [Demo, Ltd]'),
      /:6:9: vendor\.name: expected string/,
    ],
    ['bad YAML', valid.replace('  role: CTO', ' role: CTO: x'), /:\d+:\d+: YAML: /],
    [
      'a duplicate key',
      valid.replace('  role: CTO', '  role: CTO\n  name: Again'),
      /:10:3: duplicate key "name"/,
    ],
    [
      'an unknown schemaVersion',
      valid.replace('schemaVersion: 1', 'schemaVersion: 2'),
      /:1:16: schemaVersion: 2 is not a version this vouch reads/,
    ],
    [
      'an impossible date',
      valid.replace('"2027-06-30"', '2027-13-45'),
      /:19:14: attestations\.sscop:1\.1\.2\.expires: .*found "2027-13-45"/,
    ],
  ])('%s stops assess and sbom with exit 2 before any work', async (_what, text, message) => {
    const root = repo({ 'vouch.yaml': text });
    for (const args of [
      ['assess', root, '--format', 'json'],
      ['sbom', root],
    ]) {
      const r = await runCli(args);
      expect(r.code, args[0]).toBe(2);
      expect(r.out, args[0]).toBe('');
      expect(r.err, args[0]).toMatch(message);
    }
  });

  it('reports every problem at once, in file order', () => {
    const r = parseManifest(
      valid
        .replace('kind: library', 'knd: library')
        .replace('vendorRole: developer-and-distributor', 'vendorRole: wholesaler')
        .replace('status: met', 'status: done'),
    );
    expect(r.manifest).toBeUndefined();
    expect(r.errors.map((e) => `${e.line}:${e.column} ${e.message.split(':')[0]}`)).toEqual([
      '4:3 product.knd',
      '10:13 vendorRole',
      '13:13 attestations.sscop',
    ]);
    expect(r.errors[0]?.message).toContain('did you mean "kind"?');
  });

  it('CHANGE ME is a warning on stderr normally, and an error (exit 2) with --fail-on', async () => {
    const root = repo({ 'vouch.yaml': valid.replace('name: Jo Bloggs', 'name: "CHANGE ME"') });
    const relaxed = await assessToJson(root, ['--today', TODAY]);
    expect(relaxed.code).toBe(0);
    expect(relaxed.err).toMatch(/warning: .*vouch\.yaml:8:9: sro\.name: still a placeholder/);
    const ci = await runCli(['assess', root, '--format', 'json', '--fail-on', 'not-met', '--today', TODAY]);
    expect(ci.code).toBe(2);
    expect(ci.err).toMatch(/error: .*vouch\.yaml:8:9: sro\.name: still a placeholder/);
    expect(ci.out).toBe('');
  });

  it('vouch config check: exit 0 for a valid file, 2 with positioned JSON for an invalid one', async () => {
    const good = repo({ 'vouch.yaml': valid });
    const ok = await runCli(['config', 'check', good]);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/vouch\.yaml is valid/);
    const bad = repo({ 'vouch.yaml': valid.replace('owner:', 'ownr:') });
    const r = await runCli(['config', 'check', bad, '--format', 'json']);
    expect(r.code).toBe(2);
    const body = JSON.parse(r.out) as {
      valid: boolean;
      errors: { line: number; column: number; message: string }[];
    };
    expect(body.valid).toBe(false);
    expect(body.errors).toContainEqual(
      expect.objectContaining({
        line: 17,
        column: 5,
        message: expect.stringContaining('did you mean "owner"?'),
      }),
    );
    expect(r.err).toMatch(/vouch\.yaml:17:5: /);
    const placeholder = repo({ 'vouch.yaml': valid.replace('Demo Ltd', '"CHANGE ME: vendor"') });
    expect((await runCli(['config', 'check', placeholder])).code).toBe(0);
    expect((await runCli(['config', 'check', placeholder, '--strict'])).code).toBe(2);
  });

  it('init refuses to overwrite an invalid vouch.yaml and says what is wrong with it', async () => {
    const root = repo({ 'vouch.yaml': valid.replace('vendor:', 'vendr:') });
    const r = await runCli(['init', root]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/vouch\.yaml:5:1: vendr: unknown key; did you mean "vendor"\?/);
    expect(r.err).toMatch(/--force/);
  });

  // 30 ways to get a vouch.yaml wrong. Each must stop assess (exit 2) with file:line:column, and
  // none may yield a manifest with an attestation missing.
  const mutations: [string, string][] = [
    ['typo top-level key', valid.replace('vendorRole:', 'vendorRol:')],
    ['typo product key', valid.replace('  name: demo', '  nmae: demo')],
    ['typo vendor key', valid.replace('  name: Demo Ltd', '  naem: Demo Ltd')],
    ['typo sro key', valid.replace('  role: CTO', '  rol: CTO')],
    ['typo attestation key', valid.replace('statement:', 'statment:')],
    ['typo evidence key', valid.replace('      - docs/training.md', '      - pth: docs/training.md')],
    ['typo suppression key', valid.replace('reason:', 'reasn:')],
    ['capitalised key', valid.replace('schemaVersion: 1', 'SchemaVersion: 1')],
    ['number for a name', valid.replace('name: demo', 'name: 42')],
    ['list for a string', valid.replace('owner: Head of Engineering', 'owner: [Head, Engineering]')],
    [
      'string for a list',
      valid
        .replace('      - docs/training.md', '        docs/training.md')
        .replace('evidence:\n', 'evidence: '),
    ],
    ['string for a boolean', `${valid}ai:\n  uses: "yes"\n`],
    ['mapping for an enum', valid.replace('status: met', 'status: {value: met}')],
    ['unknown enum value', valid.replace('status: met', 'status: done')],
    ['unknown vendor role', valid.replace('vendorRole: developer-and-distributor', 'vendorRole: maker')],
    ['unknown product kind', valid.replace('kind: library', 'kind: app')],
    ['unknown AI role', `${valid}ai:\n  uses: true\n  roles: [trainer]\n`],
    ['unclosed flow list', valid.replace('      - docs/training.md', '      - [docs/training.md')],
    ['tab indentation', valid.replace('  name: demo', '\tname: demo')],
    ['bad indentation', valid.replace('    owner: Head', '      owner: Head')],
    ['duplicate top-level key', `${valid}vendorRole: reseller\n`],
    [
      'duplicate attestation id',
      valid.replace(
        'suppressions:',
        '  sscop:1.1.2:\n    status: met\n    statement: x\n    owner: y\n    expires: "2027-01-01"\nsuppressions:',
      ),
    ],
    ['impossible month', valid.replace('reviewed: "2026-11-01"', 'reviewed: "2026-13-01"')],
    ['impossible day', valid.replace('expires: "2027-06-30"\nsupp', 'expires: "2027-02-29"\nsupp')],
    ['date in another format', valid.replace('expires: "2027-06-30"\nsupp', 'expires: 30/06/2027\nsupp')],
    ['unknown schemaVersion', valid.replace('schemaVersion: 1', 'schemaVersion: 2')],
    ['missing schemaVersion', valid.replace('schemaVersion: 1\n', '')],
    ['missing vendor', valid.replace('vendor:\n  name: Demo Ltd\n', '')],
    ['bad attestation id', valid.replace('  sscop:1.1.2:', '  sscop-1.1.2:')],
    [
      'short sha256',
      valid.replace('      - docs/training.md', '      - path: docs/training.md\n        sha256: abc'),
    ],
  ];

  it('has 30 mutations, each different from the valid file', () => {
    expect(mutations).toHaveLength(30);
    for (const [name, text] of mutations) expect(text, name).not.toBe(valid);
    expect(parseManifest(valid).errors).toEqual([]);
  });

  it.each(mutations)('%s: exit 2 with a positioned message, no attestation dropped', async (_name, text) => {
    const parsed = parseManifest(text);
    // Never a manifest with fewer attestations than the file holds: invalid means no manifest.
    expect(parsed.manifest).toBeUndefined();
    expect(parsed.errors.length).toBeGreaterThan(0);
    for (const e of parsed.errors) expect(e.line, e.message).toBeGreaterThan(0);
    const root = repo({ 'vouch.yaml': text });
    const r = await runCli(['assess', root, '--format', 'json', '--today', TODAY]);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/vouch\.yaml:\d+:\d+: /);
  });

  it('a placeholder, the 31st way, is an error in CI', async () => {
    const root = repo({ 'vouch.yaml': valid.replace('Head of Engineering', 'CHANGE ME') });
    const r = await runCli(['assess', root, '--fail-on', 'unknown', '--today', TODAY]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/vouch\.yaml:17:12: attestations\.sscop:1\.1\.2\.owner: still a placeholder/);
  });
});

describe('attestations stay honest', () => {
  it('vouch attest prints the hash to pin; --update writes vouch.lock; a later change stops the attestation counting', async () => {
    const root = repo({ 'vouch.yaml': valid, 'docs/training.md': 'v1' });
    const shown = await runCli(['attest', root]);
    expect(shown.code).toBe(0);
    expect(shown.out).toMatch(/sscop:1\.1\.2 {2}docs\/training\.md {2}[0-9a-f]{64} {2}unpinned/);
    const before = await assessToJson(root, ['--today', TODAY]);
    expect(claim(before.report, 'sscop:1.1.2').verdict).toBe('met');
    expect(before.report.findings.map((f) => f.rule)).toContain('attestation-unpinned');

    const updated = await runCli(['attest', root, '--update']);
    expect(updated.code).toBe(0);
    const lock = JSON.parse(readFileSync(join(root, 'vouch.lock'), 'utf8'));
    expect(Object.keys(lock.attestations['sscop:1.1.2'])).toEqual(['docs/training.md']);
    expect((await runCli(['attest', root])).out).toMatch(/ pinned\n/);
    const pinned = await assessToJson(root, ['--today', TODAY]);
    expect(claim(pinned.report, 'sscop:1.1.2').verdict).toBe('met');
    expect(pinned.report.findings.map((f) => f.rule)).not.toContain('attestation-unpinned');

    writeFileSync(join(root, 'docs/training.md'), 'v2: edited after review');
    const after = await assessToJson(root, ['--today', TODAY]);
    const c = claim(after.report, 'sscop:1.1.2');
    expect(c.verdict).toBe('unknown');
    expect(c.reason).toMatch(
      /^the attestation in vouch\.yaml does not count: docs\/training\.md changed since it was reviewed/,
    );
    expect(after.report.findings).toContainEqual(
      expect.objectContaining({
        rule: 'attestation-evidence',
        location: expect.objectContaining({ line: 12 }),
      }),
    );
    expect((await runCli(['attest', root])).out).toMatch(/ changed \(recorded/);
  });

  it('an invalid vouch.lock stops assess; attest --update rewrites it', async () => {
    const root = repo({ 'vouch.yaml': valid, 'docs/training.md': 'v1', 'vouch.lock': '{"lockVersion": 1,' });
    const r = await runCli(['assess', root, '--format', 'json']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/vouch\.lock: is not JSON/);
    expect((await runCli(['attest', root, '--update'])).code).toBe(0);
    expect((await runCli(['config', 'check', root])).out).toMatch(/and so is vouch\.lock/);
  });

  it('a principle-level attestation counts for each claim of the principle, and the verdict says so', async () => {
    const text = valid.replace(
      'suppressions:',
      '  sscop:2.1:\n    status: met\n    statement: Secure development framework followed.\n    owner: CTO\n    expires: "2027-06-30"\nsuppressions:',
    );
    const { report, code } = await assessToJson(repo({ 'vouch.yaml': text, 'docs/training.md': 'v1' }), [
      '--today',
      TODAY,
    ]);
    expect(code).toBe(0);
    for (const id of ['sscop:2.1.1', 'sscop:2.1.6']) {
      expect(claim(report, id).verdict).toBe('met');
      expect(claim(report, id).reason).toMatch(/attested by CTO for the whole principle sscop:2\.1/);
    }
    expect(report.findings.map((f) => f.rule)).not.toContain('attestation-unknown-id');
  });

  it('an expired attestation is reported as lost, not as "no automated check covers this yet"', async () => {
    const root = repo({ 'vouch.yaml': valid, 'docs/training.md': 'v1' });
    const { report } = await assessToJson(root, ['--today', '2027-07-01']);
    const c = claim(report, 'sscop:1.1.2');
    expect(c.verdict).toBe('unknown');
    expect(c.reason).toMatch(/^the attestation in vouch\.yaml does not count: it expired on 2027-06-30; /);
  });

  it('an unknown attestation id suggests the nearest claim', async () => {
    const root = repo({
      'vouch.yaml': valid.replace('  sscop:1.1.2:', '  sscop:1.1.9:'),
      'docs/training.md': 'v1',
    });
    const { report } = await assessToJson(root, ['--today', TODAY]);
    const f = report.findings.find((x) => x.rule === 'attestation-unknown-id');
    expect(f?.message).toMatch(/sscop:1\.1\.9; did you mean sscop:1\.1\.\d/);
  });
});
