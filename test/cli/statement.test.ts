/** `vouch statement` end to end through the built bin: Markdown and CSV, from a repository or a saved report. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyFile } from '../../src/app/signatures.js';
import type { AssessmentReport } from '../../src/assessment/types.js';
import { compileWith, createAjv } from '../../src/formats/cyclonedx/ajv-setup.js';
import { CSV_COLUMNS } from '../../src/formats/statement/csv.js';
import { assertValidCycloneDx } from '../../src/formats/statement/cyclonedx.js';
import { buildStatement, claimsOf } from '../../src/formats/statement/model.js';
import { ingestAssessmentResults } from '../../src/formats/statement/oscal.js';
import { ensureBuilt, runBin } from '../helpers/bin.js';
import {
  assessTo,
  HOSTILE_ASSESSOR,
  HOSTILE_PRODUCT,
  hostileRepo,
  reportPath,
} from '../helpers/statement-fixture.js';

/** RFC 4180 records: quoted fields may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}

/** The official CycloneDX 1.6 schema from ../shared, compiled here (not vouch's precompiled copy). */
function officialCycloneDx16() {
  const dir = new URL('../../../shared/schemas/cyclonedx/1.6/', import.meta.url);
  const read = (f: string) => {
    const { $schema: _drop, ...rest } = JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as Record<
      string,
      unknown
    >;
    return rest;
  };
  return compileWith(createAjv({ allErrors: true }), read('bom-1.6.schema.json'), {
    'spdx.schema.json': read('spdx.schema.json'),
    'jsf-0.82.schema.json': read('jsf-0.82.schema.json'),
  });
}

/** An OSCAL 1.2.1 JSON schema from ../shared/schemas/oscal. */
function officialOscal(model: string) {
  const file = new URL(`../../../shared/schemas/oscal/1.2.1/oscal_${model}_schema.json`, import.meta.url);
  const { $schema: _drop, ...schema } = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  return createAjv({ allErrors: true }).compile(schema);
}

const requirementIds = (r: AssessmentReport) =>
  r.codes.flatMap((c) => c.principles.flatMap((p) => p.requirements.map((q) => q.id)));

describe('vouch statement', () => {
  let root: string;
  let dir: string;
  let report: AssessmentReport;
  beforeAll(() => {
    ensureBuilt();
    root = hostileRepo();
    dir = mkdtempSync(join(tmpdir(), 'vouch-statement-'));
    report = assessTo(root, reportPath(dir));
  }, 300_000);
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes the Markdown self-assessment of a repository: every claim and provision, scope, assessor and date', () => {
    const out = join(dir, 'statement.md');
    const r = runBin([
      'statement',
      root,
      '--format',
      'markdown',
      '--output',
      out,
      '--today',
      '2026-12-01',
      '-q',
    ]);
    expect(r.code, r.err).toBe(0);
    const md = readFileSync(out, 'utf8');
    expect(md).toContain('| Statement date | 2026-12-01 |');
    expect(md).toContain(`at commit \`${report.repository.head}\``);
    // Hostile vouch.yaml strings are escaped: no raw tag, no raw bidi control.
    expect(md).not.toContain('<script>');
    expect(md).not.toContain('\u202E');
    expect(md).toContain('demo \\<script\\>window.pwned=1\\</script\\>');
    expect(md).toContain('\\\\u202E');
    for (const id of requirementIds(report)) {
      const number = id.split(':')[1]!;
      expect(md, id).toMatch(new RegExp(`^\\| ${number.replace(/\./g, '\\.')}( \\(should\\))? \\|`, 'm'));
    }
    // The machine's folders never reach the statement.
    expect(md).not.toContain(root);
  });

  it('writes one RFC 4180 CSV row per claim or provision with spreadsheet formulas neutralised', () => {
    const r = runBin(['statement', '--report', reportPath(dir), '--format', 'csv', '--today', '2026-12-02']);
    expect(r.code, r.err).toBe(0);
    expect(r.out.endsWith('\r\n')).toBe(true);
    const rows = parseCsv(r.out);
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    const body = rows.slice(1);
    expect(body.map((row) => row[3])).toEqual(requirementIds(report));
    expect(body.every((row) => row.length === CSV_COLUMNS.length)).toBe(true);
    const col = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);
    expect(new Set(body.map((row) => row[col('assessor')]))).toEqual(new Set([`'${HOSTILE_ASSESSOR}`]));
    expect(body[0]![col('product')]).toBe(`${HOSTILE_PRODUCT} 1.2.3`);
    expect(body[0]![col('statement date')]).toBe('2026-12-02');
    for (const row of body) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    // Each row's verdict is the report's.
    const verdicts = new Map(
      report.codes.flatMap((c) => c.principles.flatMap((p) => p.requirements.map((q) => [q.id, q.verdict]))),
    );
    for (const row of body) expect(row[col('verdict')]).toBe(verdicts.get(row[3]!));
    // A failing finding in the hostile workflow file is an open action on some claim.
    expect(body.some((row) => row[col('open actions')]!.includes('gha-unpinned-uses'))).toBe(true);
  });

  it('--assessor overrides vouch.yaml; a path and --report together, or a bad report, are usage errors', () => {
    const ok = runBin(['statement', '--report', reportPath(dir), '--assessor', 'A. Assessor, Example Ltd']);
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toContain('| Assessor | A. Assessor, Example Ltd |');
    const both = runBin(['statement', root, '--report', reportPath(dir)]);
    expect(both.code).toBe(2);
    expect(both.err).toContain('not both');
    const bad = runBin(['statement', '--report', join(dir, 'missing.json')]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('does not exist');
  });

  it('writes a CycloneDX 1.6 attestation that the official schema accepts, signs and verifies; any changed byte fails', async () => {
    const out = join(dir, 'statement.cdx.json');
    const r = runBin([
      'statement',
      '--report',
      reportPath(dir),
      '--format',
      'cyclonedx',
      '-o',
      out,
      '--today',
      '2026-12-01',
    ]);
    expect(r.code, r.err).toBe(0);
    const bom = JSON.parse(readFileSync(out, 'utf8')) as {
      definitions: {
        standards: { 'bom-ref': string; requirements: { 'bom-ref': string; parent?: string }[] }[];
      };
      declarations: {
        assessors: { 'bom-ref': string }[];
        attestations: {
          assessor: string;
          map: { requirement: string; claims: string[]; conformance: { score?: number } }[];
        }[];
        claims: { 'bom-ref': string; evidence?: string[]; counterEvidence?: string[] }[];
        evidence: { 'bom-ref': string }[];
        affirmation: { signatories?: { name: string }[] };
      };
    };
    const validate = officialCycloneDx16();
    expect(validate(bom), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);

    // Both Codes as standards: themes/phases, principles and every claim or provision, linked by parent.
    expect(bom.definitions.standards.map((x) => x['bom-ref'])).toEqual(['standard:sscop', 'standard:aicop']);
    const defined = new Set(
      bom.definitions.standards.flatMap((x) => x.requirements.map((q) => q['bom-ref'])),
    );
    for (const q of bom.definitions.standards.flatMap((x) => x.requirements))
      if (q.parent) expect(defined.has(q.parent), q.parent).toBe(true);
    expect(defined.has('requirement:sscop:theme:1')).toBe(true);
    // Every assessed requirement is mapped to the product's claim, with the report's verdict as score.
    const mapped = bom.declarations.attestations.flatMap((a) => a.map);
    expect(mapped.map((m) => m.requirement)).toEqual(requirementIds(report).map((id) => `requirement:${id}`));
    for (const m of mapped) expect(defined.has(m.requirement)).toBe(true);
    const verdict = new Map(
      report.codes.flatMap((c) => c.principles.flatMap((p) => p.requirements.map((q) => [q.id, q.verdict]))),
    );
    for (const m of mapped) {
      const v = verdict.get(m.requirement.slice('requirement:'.length));
      expect(m.conformance.score).toBe(
        v === 'met' ? 1 : v === 'partial' ? 0.5 : v === 'not-met' ? 0 : undefined,
      );
    }
    // Evidence and counter-evidence refs resolve; a failing finding is counter-evidence somewhere.
    const evidence = new Set(bom.declarations.evidence.map((e) => e['bom-ref']));
    const used = bom.declarations.claims.flatMap((c) => [
      ...(c.evidence ?? []),
      ...(c.counterEvidence ?? []),
    ]);
    for (const ref of used) expect(evidence.has(ref), ref).toBe(true);
    expect(bom.declarations.claims.some((c) => (c.counterEvidence ?? []).length > 0)).toBe(true);
    expect(bom.declarations.affirmation.signatories?.[0]?.name).toBe(HOSTILE_ASSESSOR);

    // vouch sign embeds a JSF signature; the signed statement still validates and verifies.
    const keys = join(dir, 'keys');
    expect(runBin(['keygen', '--output', keys]).code).toBe(0);
    const signed = runBin(['sign', out, '--key', join(keys, 'vouch-signing.key')]);
    expect(signed.code, signed.err).toBe(0);
    const signedBom = JSON.parse(readFileSync(out, 'utf8')) as { signature?: unknown };
    expect(signedBom.signature).toBeDefined();
    expect(validate(signedBom), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    const verified = runBin(['verify', out, '--key', join(keys, 'vouch-signing.pub')]);
    expect(verified.code, verified.out + verified.err).toBe(0);
    // Single-byte changes spread over the document (the claims, the evidence, the signature) all fail.
    const bytes = readFileSync(out);
    const tampered = join(dir, 'tampered.cdx.json');
    for (let i = 0; i < bytes.length; i += Math.ceil(bytes.length / 40)) {
      const copy = Buffer.from(bytes);
      copy[i] = copy[i]! ^ 0x01;
      writeFileSync(tampered, copy);
      const v = verifyFile(tampered, join(keys, 'vouch-signing.pub'), `${out}.sig`);
      expect(v.ok && v.result.valid, `byte ${i}`).toBe(false);
    }
  }, 120_000);

  it('refuses to return a CycloneDX attestation the schema rejects, saying why', async () => {
    await expect(
      assertValidCycloneDx({
        bomFormat: 'CycloneDX',
        specVersion: '1.6',
        declarations: { claims: [{ target: 1 }] },
      }),
    ).rejects.toThrow(
      /fails the CycloneDX 1\.6 JSON schema, so it was not written: \/declarations\/claims\/0\/target/,
    );
  });

  it('writes OSCAL 1.2.1 assessment results the official schema accepts; --ingest reads back every verdict and evidence link', () => {
    const out = join(dir, 'statement.oscal.json');
    const r = runBin([
      'statement',
      '--report',
      reportPath(dir),
      '--format',
      'oscal',
      '-o',
      out,
      '--today',
      '2026-12-01',
    ]);
    expect(r.code, r.err).toBe(0);
    const text = readFileSync(out, 'utf8');
    const doc = JSON.parse(text) as { 'assessment-results': { results: { findings: unknown[] }[] } };
    const validate = officialOscal('assessment-results');
    expect(validate(doc), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);

    // In process: the statement read back has every claim with the same verdict, basis, evidence
    // (in order, field for field) and finding links as the one written.
    const original = buildStatement(report, { date: '2026-12-01' });
    const back = ingestAssessmentResults(doc);
    if (!back.ok) throw new Error(back.problem);
    const key = (s: typeof original) =>
      [...claimsOf(s)].map(([c, p, q]) => ({
        code: c.id,
        principle: [p.id, p.verdict],
        id: q.id,
        verdict: q.verdict,
        basis: q.basis,
        reason: q.reason,
        argument: q.argument,
        evidence: q.evidence,
        findings: q.findings,
      }));
    expect(key(back.statement)).toEqual(key(original));
    expect(key(original).some((c) => c.evidence.length > 0)).toBe(true);
    expect(back.statement.product).toEqual(original.product);
    expect(back.statement.scope).toEqual(original.scope);
    expect(back.statement.assessor).toBe(HOSTILE_ASSESSOR);

    // Through the bin: ingest, then write OSCAL again: the same bytes (UUIDs derive from ids).
    const again = runBin(['statement', '--ingest', out, '--format', 'oscal']);
    expect(again.code, again.err).toBe(0);
    expect(again.out).toBe(text);
    const md = runBin(['statement', '--ingest', out, '--format', 'markdown']);
    expect(md.code, md.err).toBe(0);
    expect(md.out).toContain('| Statement date | 2026-12-01 |');

    // Something that is not vouch's OSCAL is refused with the reason.
    const foreign = join(dir, 'foreign.json');
    writeFileSync(foreign, JSON.stringify({ 'assessment-results': { metadata: {}, results: [] } }));
    const refused = runBin(['statement', '--ingest', foreign]);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('no vouch product props');
  }, 120_000);

  it('writes the Codes as an OSCAL catalog, the product as a component definition and the OSPS Baseline crosswalk as a mapping, all schema-valid and linked', () => {
    const write = (format: string) => {
      const out = join(dir, `${format}.json`);
      const r = runBin(['statement', '--report', reportPath(dir), '--format', format, '-o', out, '-q']);
      expect(r.code, r.err).toBe(0);
      return JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>;
    };
    const catalog = write('oscal-catalog');
    const component = write('oscal-component');
    const mapping = write('oscal-mapping');
    for (const [doc, model] of [
      [catalog, 'catalog'],
      [component, 'component'],
      [mapping, 'mapping'],
    ] as const) {
      const validate = officialOscal(model);
      expect(validate(doc), `${model}: ${JSON.stringify(validate.errors?.slice(0, 3))}`).toBe(true);
    }
    // Every control id, nested at any depth.
    const controls = new Set<string>();
    const walk = (v: unknown) => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') {
        const o = v as Record<string, unknown>;
        if (Array.isArray(o.controls)) for (const c of o.controls as { id: string }[]) controls.add(c.id);
        Object.values(o).forEach(walk);
      }
    };
    walk(catalog);
    // The catalog has every claim and provision the assessment judged, under the ids results use.
    for (const id of requirementIds(report)) expect(controls.has(id.replace(':', '-')), id).toBe(true);
    // The component definition claims only what was met or partly met.
    const implemented = JSON.stringify(component).match(/"control-id": ?"([^"]+)"/g) ?? [];
    const metOrPartial = report.codes
      .flatMap((c) => c.principles.flatMap((p) => p.requirements))
      .filter((q) => q.verdict === 'met' || q.verdict === 'partial')
      .map((q) => `"control-id":"${q.id.replace(':', '-')}"`);
    expect(implemented.map((x) => x.replace(/\s/g, '')).sort()).toEqual(metOrPartial.sort());
    // The mapping links OSPS Baseline controls that exist in the Baseline to catalog controls.
    const baseline = ['AC', 'BR', 'DO', 'GV', 'LE', 'QA', 'SA', 'VM']
      .map((f) =>
        readFileSync(
          new URL(`../../../shared/schemas/osps-baseline/v2026.02.19/OSPS-${f}.yaml`, import.meta.url),
          'utf8',
        ),
      )
      .join('\n');
    const maps = (
      mapping as {
        'mapping-collection': {
          mappings: { maps: { sources: { 'id-ref': string }[]; targets: { 'id-ref': string }[] }[] }[];
        };
      }
    )['mapping-collection'].mappings[0]!.maps;
    expect(maps.length).toBeGreaterThan(10);
    for (const m of maps) {
      for (const src of m.sources)
        expect(baseline, src['id-ref']).toMatch(new RegExp(`id: ${src['id-ref']}\\b`));
      for (const t of m.targets) expect(controls.has(t['id-ref']), t['id-ref']).toBe(true);
    }
  }, 120_000);
});
