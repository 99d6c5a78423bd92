/**
 * `vouch support` through the built bin: the statement in Markdown and HTML, the endoflife.date
 * product file and OpenEoX records, each checked against the official schema in ../shared.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, repoRoot, runBin } from '../helpers/bin.js';
import { makeRepo } from '../helpers/repo.js';

const shared = join(repoRoot, '..', 'shared', 'schemas');
function schema(path: string): Record<string, unknown> {
  const s = JSON.parse(readFileSync(join(shared, path), 'utf8')) as Record<string, unknown>;
  // As ../shared/schemas/PROVENANCE.md says: their $schema meta-schemas are not vendored.
  delete s.$schema;
  return s;
}
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats.default(ajv);
const endOfLifeValid = ajv.compile(schema('endoflife-date/product-schema.json'));
const openEoxValid = ajv.compile(schema('openeox/core-1.0-csd01/eox-core.json'));

const HOSTILE = '<img src=x onerror=alert(1)> Acme\u202e';
const MANIFEST = `schemaVersion: 1
product:
  name: "${HOSTILE.replace('\u202e', '\\u202E')}"
  kind: application
vendor:
  name: Acme Ltd
  securityContact: mailto:security@acme.example
vendorRole: developer-and-distributor
support:
  published: https://acme.example/support
  policy: https://acme.example/updates
  lines:
    - line: "3.x"
      released: "2026-03-01"
      latest: "3.2.0"
      securitySupport: { date: "2028-03-31", announced: "2026-03-01" }
      endOfLife: { date: tba }
    - line: "2.x"
      released: "2024-03-01"
      securitySupport: { date: "2027-03-31", announced: "2026-04-01T09:00:00+01:00" }
      endOfLife: { date: "2027-09-30T00:00:00Z", announced: "2026-04-01" }
`;

const roots: string[] = [];
beforeAll(() => ensureBuilt(), 300_000);
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

function repo(manifest: string): string {
  const r = makeRepo({ 'vouch.yaml': manifest });
  roots.push(r);
  return r;
}

describe('vouch support', () => {
  it('writes a statement with each line, its dates and the notice given; hostile names stay text', () => {
    const root = repo(MANIFEST);
    const md = runBin(['support', root, '--today', '2026-12-01']);
    expect(md.code, md.err).toBe(0);
    expect(md.out).toContain('| 2.x | 2024-03-01 |  | supported | 2027-03-31 | 2027-09-30 |');
    // 09:00 at UTC+1 on 1 April is 1 April in UTC: a day short of twelve months before 31 March.
    expect(md.out).toContain('end of security support: announced 2026-04-01: only 364 days');
    expect(md.out).toContain('to be announced');
    // Markdown escapes the angle bracket, so no renderer sees a tag.
    expect(md.out).not.toMatch(/(^|[^\\])<img/);
    expect(md.out).toContain('\\<img');
    expect(md.out).not.toContain('\u202e');

    const html = runBin(['support', root, '--format', 'html', '--today', '2026-12-01']);
    expect(html.code, html.err).toBe(0);
    expect(html.out).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html.out).not.toMatch(/<img|<script/);
    expect(html.out).toContain('Content-Security-Policy" content="default-src \'none\'');
  });

  it('the endoflife.date product file and the OpenEoX records validate against their schemas', () => {
    const root = repo(MANIFEST);
    const eol = runBin(['support', root, '--format', 'endoflife']);
    expect(eol.code, eol.err).toBe(0);
    const front = load(eol.out.split('---\n')[1]!, { schema: undefined }) as Record<string, unknown>;
    // js-yaml reads unquoted dates as Date objects; endoflife.date's own tooling reads them as strings.
    const plain = JSON.parse(
      JSON.stringify(front, (_k, v) => v),
      (_k, v) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T00:00:00\.000Z$/.test(v) ? v.slice(0, 10) : v),
    );
    expect(endOfLifeValid(plain), JSON.stringify(endOfLifeValid.errors)).toBe(true);
    expect(plain.releases).toEqual([
      { releaseCycle: '3.x', releaseDate: '2026-03-01', eol: false, eoas: '2028-03-31', latest: '3.2.0' },
      { releaseCycle: '2.x', releaseDate: '2024-03-01', eol: '2027-09-30', eoas: '2027-03-31' },
    ]);

    const eox = runBin(['support', root, '--format', 'openeox', '--today', '2026-12-01']);
    expect(eox.code, eox.err).toBe(0);
    const doc = JSON.parse(eox.out) as { lines: { line: string; eox: Record<string, unknown> }[] };
    for (const l of doc.lines) expect(openEoxValid(l.eox), JSON.stringify(openEoxValid.errors)).toBe(true);
    expect(doc.lines.map((l) => [l.line, l.eox.end_of_security_support, l.eox.end_of_life])).toEqual([
      ['3.x', '2028-03-31T00:00:00Z', 'tba'],
      ['2.x', '2027-03-31T00:00:00Z', '2027-09-30T00:00:00Z'],
    ]);
  });

  it('without a support section, or with an invalid one, says what to do (exit 2)', () => {
    const none = runBin(['support', repo(MANIFEST.slice(0, MANIFEST.indexOf('support:')))]);
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/no support section: declare support: lines:/);
    const bad = runBin(['support', repo(MANIFEST.replace('"2028-03-31"', '"2028-02-30"'))]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/vouch\.yaml:\d+:\d+/);
  });

  it('in vouch assess, a short notice makes SSCoP 4.2.1 not met with the dates', () => {
    const root = repo(MANIFEST);
    const out = join(root, '..', `${root.split('/').pop()}-report.json`);
    roots.push(out);
    const r = runBin([
      'assess',
      root,
      '--format',
      'json',
      '--output',
      out,
      '--quiet',
      '--today',
      '2026-12-01',
    ]);
    expect(r.code, r.err).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    const claim = report.codes[0].principles
      .flatMap((p: { requirements: unknown[] }) => p.requirements)
      .find((q: { id: string }) => q.id === 'sscop:4.2.1');
    expect(claim.verdict).toBe('not-met');
    const notice = report.findings.filter(
      (f: { rule: string; outcome: string }) => f.rule === 'support-end-notice' && f.outcome === 'fail',
    );
    expect(notice.map((f: { message: string }) => f.message)).toEqual([
      "2.x end of security support 2027-03-31 was announced on 2026-04-01: only 364 days' notice; 12 months needs an announcement by 2026-03-31",
    ]);
    // Fixed: announced a day earlier, the claim is met by observation.
    writeFileSync(join(root, 'vouch.yaml'), MANIFEST.replace('2026-04-01T09:00:00+01:00', '2026-03-31'));
    runBin(['assess', root, '--format', 'json', '--output', out, '--quiet', '--today', '2026-12-01']);
    const after = JSON.parse(readFileSync(out, 'utf8'));
    const fixed = after.codes[0].principles
      .flatMap((p: { requirements: unknown[] }) => p.requirements)
      .find((q: { id: string }) => q.id === 'sscop:4.2.1');
    expect([fixed.verdict, fixed.basis]).toEqual(['met', 'observed']);
  }, 120_000);
});
