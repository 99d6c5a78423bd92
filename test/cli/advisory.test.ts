/**
 * `vouch advisory` through the built bin, as a vendor uses it: write an advisory from a draft,
 * validate it and an OASIS failing document, publish the provider folder.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, repoRoot, runBin } from '../helpers/bin.js';
import { makeRepo } from '../helpers/repo.js';

const OASIS = resolve(repoRoot, '../shared/peer-suites/csaf/data/mandatory');

const MANIFEST = `schemaVersion: 1
product:
  name: Acme Portal
vendor:
  name: "Acme <b>Ltd</b>"
  url: https://acme.example
vendorRole: developer-and-distributor
advisories:
  path: security/advisories
  idPrefix: ACME-SA
  baseUrl: https://acme.example/.well-known/csaf
`;

const DRAFT = `title: Stored XSS in the report viewer
summary: A report title is rendered without escaping.
vulnerabilities:
  - cve: CVE-2026-12345
    description: A report title is rendered without escaping.
    cvss: CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N
    affected: [2.3.0, 2.3.1]
    fixed: [2.3.2]
`;

const roots: string[] = [];
beforeAll(() => ensureBuilt(), 300_000);
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

describe('vouch advisory', () => {
  it('new writes a valid advisory into the configured folder; validate agrees; publish writes the provider folder', () => {
    const root = makeRepo({ 'vouch.yaml': MANIFEST, 'draft.yaml': DRAFT });
    roots.push(root);
    const made = runBin([
      'advisory',
      'new',
      join(root, 'draft.yaml'),
      '-C',
      root,
      '--now',
      '2026-12-01T10:00:00Z',
    ]);
    expect(made.code, made.err).toBe(0);
    const file = join(root, 'security/advisories/acme-sa-2026-0001.json');
    expect(made.err).toContain('wrote ACME-SA-2026-0001');
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    expect(doc.document.tracking).toMatchObject({ id: 'ACME-SA-2026-0001', status: 'final', version: '1' });
    expect(doc.document.publisher).toEqual({
      category: 'vendor',
      name: 'Acme <b>Ltd</b>',
      namespace: 'https://acme.example',
    });
    // Unquoted 2.3.0 in YAML stays the string "2.3.0".
    expect(JSON.stringify(doc.product_tree)).toContain('"name":"2.3.0"');

    // A second advisory takes the next number; the first is not overwritten.
    const again = runBin(['advisory', 'new', join(root, 'draft.yaml'), '-C', root, '--now', '2026-12-03']);
    expect(again.code, again.err).toBe(0);
    expect(existsSync(join(root, 'security/advisories/acme-sa-2026-0002.json'))).toBe(true);

    const valid = runBin(['advisory', 'validate', file]);
    expect(valid.code, valid.out).toBe(0);
    expect(valid.out).toContain(`${file}: valid`);
    expect(valid.out).toContain('not checked: 6.1.11');

    const out = join(root, 'public');
    const pub = runBin(['advisory', 'publish', root, '-o', out, '--now', '2026-12-04']);
    expect(pub.code, pub.err).toBe(0);
    expect(pub.err).toContain('published 2 advisories');
    expect(readFileSync(join(out, 'index.txt'), 'utf8')).toBe(
      '2026/acme-sa-2026-0001.json\n2026/acme-sa-2026-0002.json\n',
    );
    const provider = JSON.parse(readFileSync(join(out, 'provider-metadata.json'), 'utf8'));
    expect(provider.canonical_url).toBe('https://acme.example/.well-known/csaf/provider-metadata.json');
    expect(existsSync(join(out, 'openvex/acme-sa-2026-0001.openvex.json'))).toBe(true);
  });

  it('validate reports each failure with its test id, line and column, and exits 1', () => {
    const failing = join(OASIS, 'oasis_csaf_tc-csaf_2_0-2021-6-1-01-01.json');
    const r = runBin(['advisory', 'validate', failing]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(
      /6-1-01-01\.json:\d+:\d+: error csaf-6\.1\.1: \/product_tree\/product_groups\/0\/product_ids\/0: product id CSAFPID-9080700 is not defined/,
    );
    const lines = readFileSync(failing, 'utf8').split('\n');
    const line = lines.findIndex((l) => l.includes('"CSAFPID-9080700"')) + 1;
    const column = (lines[line - 1] as string).indexOf('"') + 1;
    expect(r.out).toContain(`6-1-01-01.json:${line}:${column}: error csaf-6.1.1`);
    expect(r.out).toContain('invalid (');
    const json = runBin(['advisory', 'validate', '--format', 'json', failing]);
    expect(JSON.parse(json.out).results[0].problems[0].test).toBe('6.1.1');
  });

  it('new refuses a draft that would make an invalid document, and writes nothing', () => {
    const root = makeRepo({
      'vouch.yaml': MANIFEST,
      'draft.yaml': DRAFT.replace('[2.3.0, 2.3.1]', '["< 2.3.2"]'),
    });
    roots.push(root);
    const r = runBin(['advisory', 'new', join(root, 'draft.yaml'), '-C', root, '--now', '2026-12-01']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('6.1.31');
    expect(existsSync(join(root, 'security/advisories'))).toBe(false);
  });

  it('validate exits 2 on an unreadable file, and --now is checked', () => {
    const root = makeRepo({ 'vouch.yaml': MANIFEST, 'broken.json': '{"document": ' });
    roots.push(root);
    expect(runBin(['advisory', 'validate', join(root, 'broken.json')]).code).toBe(2);
    const bad = runBin(['advisory', 'publish', root, '-o', join(root, 'out'), '--now', 'soon']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--now soon');
    writeFileSync(join(root, 'vouch.yaml'), MANIFEST.replace(/ {2}baseUrl: .*\n/, ''));
    const noBase = runBin(['advisory', 'publish', root, '-o', join(root, 'out')]);
    expect(noBase.code).toBe(2);
    expect(noBase.err).toContain('advisories.baseUrl');
  });
});
