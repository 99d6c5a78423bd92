/**
 * What vouch writes as CSAF: built from drafts, every document passes the official schema and the
 * implemented mandatory tests; the OpenVEX form and provider-metadata.json pass their official
 * schemas (compiled here from ../shared/schemas, not from vouch's vendored copies, which are
 * checked to be identical to them).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, describe, expect, it } from 'vitest';
import { newAdvisory, nextTrackingId, parseDraft, publishAdvisories } from '../../app/advisory.js';
import type { VouchManifest } from '../../manifest/schema.js';
import { cvssScore } from '../../vulnerabilities/cvss.js';
import { buildCsaf, csafFileName } from './build.js';
import type { AdvisoryDraft } from './draft.js';
import { runMandatoryTests } from './mandatory-tests.js';
import { csafToOpenVex } from './openvex.js';
import { CSAF_SCHEMA_FILES, schemaFileUrl } from './schema.js';
import { validateCsaf } from './validate.js';

const SHARED = resolve(import.meta.dirname, '../../../../shared/schemas');
const sharedSchema = (path: string) => {
  const s = JSON.parse(readFileSync(join(SHARED, path), 'utf8')) as Record<string, unknown>;
  delete s.$schema;
  return s;
};
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats.default(ajv);
ajv.addFormat('iri', true);
const openVexValid = ajv.compile(sharedSchema('openvex/0.2.0/openvex_json_schema.json'));
// The provider schema refers to the CSAF schema's publisher; the CSAF schema to the FIRST CVSS ones.
for (const v of ['2.0', '3.0', '3.1']) {
  const { id: _id, $id: _$id, ...body } = sharedSchema(`csaf/2.0/referenced/first/cvss-v${v}.json`);
  ajv.addSchema(body, `https://www.first.org/cvss/cvss-v${v}.json`);
}
ajv.addSchema(sharedSchema('csaf/2.0/csaf_json_schema.json'));
const providerValid = ajv.compile(sharedSchema('csaf/2.0/provider_json_schema.json'));
const csafValid = ajv.getSchema('https://docs.oasis-open.org/csaf/csaf/v2.0/csaf_json_schema.json');

const VECTOR = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N';
const HOSTILE = '</script><img src=x onerror=alert(1)>\u202e';

const ctx = {
  trackingId: 'ACME-SA-2026-0001',
  now: '2026-12-01T10:00:00.000Z',
  product: { name: 'Acme Portal' },
  vendor: { name: 'Acme Ltd', namespace: 'https://acme.example' },
  generator: { name: 'vouch', version: '0.1.0' },
};

function draft(yaml: string): AdvisoryDraft {
  const d = parseDraft(yaml);
  if (!d.ok) throw new Error(d.problem);
  return d.draft;
}

const ADVISORY = `
title: "Cross-site scripting in the portal ${HOSTILE.replace('\u202e', '\\u202E')}"
summary: Two issues in the report viewer.
tlp: WHITE
references:
  - { url: "https://acme.example/blog/fix", summary: "Fix announcement" }
acknowledgments:
  - { names: [A. Researcher], summary: reported the first issue }
vulnerabilities:
  - cve: CVE-2026-12345
    title: Stored XSS in the report viewer
    description: A report title is rendered without escaping.
    cwe: { id: CWE-79, name: "Improper Neutralization of Input During Web Page Generation ('Cross-site Scripting')" }
    cvss: "${VECTOR}"
    affected: ["2.3.0", "2.3.1"]
    fixed: ["2.3.2"]
    notAffected:
      - { version: "1.9.4", justification: vulnerable_code_not_present }
    underInvestigation: ["2.2.0"]
  - ids: [{ system: GHSA, text: GHSA-aaaa-bbbb-cccc }]
    description: The bundled template library evaluates expressions from report titles.
    cvss: "CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H"
    affected: ["2.3.1"]
    components: ["pkg:npm/templater@1.0.2"]
    remediation: { category: workaround, details: "Turn off custom report titles." }
`;

const SBOM = {
  bomFormat: 'CycloneDX',
  specVersion: '1.6',
  metadata: { component: { type: 'application', name: 'acme-portal', purl: 'pkg:npm/acme-portal@2.3.1' } },
  components: [
    { type: 'library', name: 'templater', version: '1.0.2', purl: 'pkg:npm/templater@1.0.2' },
    { type: 'library', name: 'other', version: '3.0.0', purl: 'pkg:npm/other@3.0.0' },
  ],
};

describe('vendored schemas', () => {
  // The vendored folder mirrors the shared one, so each file has the same relative path in both.
  it('are byte for byte the shared copies, with the hash PROVENANCE.md records', () => {
    const provenance = readFileSync(
      new URL('../../../schemas/external/PROVENANCE.md', import.meta.url),
      'utf8',
    );
    for (const [name, file] of Object.entries(CSAF_SCHEMA_FILES)) {
      const bytes = readFileSync(schemaFileUrl(name as keyof typeof CSAF_SCHEMA_FILES));
      expect(bytes.equals(readFileSync(join(SHARED, file)))).toBe(true);
      const sha = createHash('sha256').update(bytes).digest('hex');
      expect(provenance).toMatch(new RegExp(`\`${file}\`.*${sha}`));
    }
  });
});

describe('buildCsaf', () => {
  const components = SBOM.components.map((c) => ({ name: c.name, version: c.version, purl: c.purl }));
  const doc = buildCsaf(draft(ADVISORY), {
    ...ctx,
    productPurl: SBOM.metadata.component.purl,
    sbomComponents: components,
    selfUrl: 'https://acme.example/csaf/2026/acme-sa-2026-0001.json',
  });

  it('writes a security advisory that passes the official schema and every implemented mandatory test', () => {
    expect(csafValid?.(doc), JSON.stringify(csafValid?.errors)).toBe(true);
    expect(runMandatoryTests(doc)).toEqual([]);
    expect(validateCsaf(doc)).toEqual({ valid: true, problems: [] });
  });

  it('computes CVSS from the vector and scores only the affected products', () => {
    const v = (doc.vulnerabilities as Record<string, unknown>[])[0] as Record<string, unknown>;
    const score = (v.scores as { cvss_v3: Record<string, unknown>; products: string[] }[])[0];
    expect(score?.cvss_v3).toMatchObject({
      version: '3.1',
      vectorString: VECTOR,
      baseScore: cvssScore(VECTOR)?.score,
      baseSeverity: 'MEDIUM',
      scope: 'CHANGED',
      userInteraction: 'REQUIRED',
    });
    // The classic reflected-XSS vector: 6.1 in the CVSS 3.1 specification's examples.
    expect(score?.cvss_v3.baseScore).toBe(6.1);
    expect(v.product_status).toEqual({
      known_affected: ['CSAFPID-0001', 'CSAFPID-0002'],
      fixed: ['CSAFPID-0003'],
      known_not_affected: ['CSAFPID-0004'],
      under_investigation: ['CSAFPID-0005'],
    });
    expect(score?.products).toEqual(['CSAFPID-0001', 'CSAFPID-0002']);
    expect(v.remediations).toEqual([
      { category: 'vendor_fix', details: 'Update to 2.3.2.', product_ids: ['CSAFPID-0001', 'CSAFPID-0002'] },
    ]);
    expect(v.flags).toEqual([{ label: 'vulnerable_code_not_present', product_ids: ['CSAFPID-0004'] }]);
  });

  it('names a vulnerable component as part of each affected version, identified from the SBOM', () => {
    const tree = doc.product_tree as Record<string, unknown>;
    expect(tree.full_product_names).toEqual([
      {
        name: 'templater 1.0.2',
        product_id: 'CSAFPID-C0001',
        product_identification_helper: { purl: 'pkg:npm/templater@1.0.2' },
      },
    ]);
    expect(tree.relationships).toEqual([
      {
        category: 'default_component_of',
        product_reference: 'CSAFPID-C0001',
        relates_to_product_reference: 'CSAFPID-0002',
        full_product_name: {
          name: 'templater 1.0.2 in Acme Portal 2.3.1',
          product_id: 'CSAFPID-C0001-IN-CSAFPID-0002',
        },
      },
    ]);
    const second = (doc.vulnerabilities as Record<string, unknown>[])[1] as Record<string, unknown>;
    expect(second.product_status).toEqual({ known_affected: ['CSAFPID-C0001-IN-CSAFPID-0002'] });
    // Each product version carries the product's purl at that version.
    expect(JSON.stringify(tree.branches)).toContain('"purl":"pkg:npm/acme-portal@2.3.0"');
  });

  it('refuses a component the SBOM does not list', () => {
    const d = draft(ADVISORY.replace('pkg:npm/templater@1.0.2', 'pkg:npm/absent@1.0.0'));
    expect(() => buildCsaf(d, { ...ctx, sbomComponents: components })).toThrow(/not in the SBOM/);
  });

  it('writes a VEX document that passes the VEX profile tests', () => {
    const vex = buildCsaf(draft(`${ADVISORY}\ncategory: vex\n`), ctx);
    expect((vex.document as { category: string }).category).toBe('csaf_vex');
    expect(csafValid?.(vex)).toBe(true);
    expect(runMandatoryTests(vex)).toEqual([]);
  });

  it('the mandatory tests do bite on what vouch writes: a version range as a version is refused', () => {
    const bad = buildCsaf(draft(ADVISORY.replace('"2.3.0"', '"< 2.3.1"')), ctx);
    expect(runMandatoryTests(bad).map((f) => f.test)).toEqual(['6.1.31']);
  });

  it('keeps hostile text as data: the title round-trips, the bidi control is escaped in the bytes', async () => {
    const root = mkdtempSync(join(tmpdir(), 'vouch-csaf-'));
    try {
      const manifest = {
        product: { name: 'Acme Portal' },
        vendor: { name: 'Acme Ltd', url: 'https://acme.example' },
      } as VouchManifest;
      const r = await newAdvisory({
        root,
        manifest,
        draftText: ADVISORY,
        now: new Date('2026-12-01T10:00:00Z'),
      });
      if (!r.ok) throw new Error(r.problem);
      expect(r.text).not.toContain('\u202e');
      expect(r.text).toContain('\\u202E');
      expect((JSON.parse(r.text) as { document: { title: string } }).document.title).toContain(HOSTILE);
      expect(r.relativePath).toBe('advisories/acme-portal-sa-2026-0001.json');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('tracking ids and file names', () => {
  it('takes the next free number of the year', () => {
    expect(
      nextTrackingId('ACME-SA', '2026', ['ACME-SA-2026-0001', 'ACME-SA-2026-0007', 'ACME-SA-2025-0009', 3]),
    ).toBe('ACME-SA-2026-0008');
    expect(nextTrackingId('ACME-SA', '2027', ['ACME-SA-2026-0001'])).toBe('ACME-SA-2027-0001');
  });
  it('names the file as CSAF says: lower case, other characters as _', () => {
    expect(csafFileName('ACME-SA:2026/../0001')).toBe('acme-sa_2026_0001.json');
  });
});

describe('publish', () => {
  const roots: string[] = [];
  afterAll(() => {
    for (const r of roots) rmSync(r, { recursive: true, force: true });
  });

  it('writes provider metadata, year folders, index, changes and OpenVEX, each valid; an invalid advisory is left out', async () => {
    const root = mkdtempSync(join(tmpdir(), 'vouch-csaf-'));
    roots.push(root);
    const manifest = {
      product: { name: 'Acme Portal' },
      vendor: { name: 'Acme Ltd', url: 'https://acme.example' },
      advisories: {
        path: 'advisories',
        idPrefix: 'ACME-SA',
        baseUrl: 'https://acme.example/.well-known/csaf/',
      },
    } as VouchManifest;
    const made = await newAdvisory({
      root,
      manifest,
      draftText: ADVISORY,
      sbomText: JSON.stringify(SBOM),
      now: new Date('2026-12-01T10:00:00Z'),
    });
    if (!made.ok) throw new Error(made.problem);
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(root, 'advisories'));
    writeFileSync(join(root, made.relativePath), made.text);
    // An advisory that breaks 6.1.1 (a product id nobody defined).
    const broken = JSON.parse(made.text) as {
      document: { tracking: { id: string } };
      vulnerabilities: { product_status: { fixed: string[] } }[];
    };
    broken.document.tracking.id = 'ACME-SA-2026-0002';
    (broken.vulnerabilities[0] as { product_status: { fixed: string[] } }).product_status.fixed.push(
      'CSAFPID-9999',
    );
    writeFileSync(join(root, 'advisories', 'acme-sa-2026-0002.json'), JSON.stringify(broken));

    const r = await publishAdvisories(root, manifest, new Date('2026-12-02T08:00:00Z'));
    if (!r.ok) throw new Error(r.problem);
    expect(r.skipped).toHaveLength(1);
    expect(r.skipped[0]?.reason).toMatch(/^6\.1\.1 /);
    expect(r.outputSchemaProblems).toEqual([]);
    const byPath = new Map(r.files.map((f) => [f.path, f.content]));
    expect([...byPath.keys()].sort()).toEqual([
      '2026/acme-sa-2026-0001.json',
      '2026/acme-sa-2026-0001.json.sha256',
      'changes.csv',
      'index.txt',
      'openvex/acme-sa-2026-0001.openvex.json',
      'provider-metadata.json',
    ]);
    const provider = JSON.parse(byPath.get('provider-metadata.json') as string);
    expect(providerValid(provider), JSON.stringify(providerValid.errors)).toBe(true);
    expect(provider).toMatchObject({
      canonical_url: 'https://acme.example/.well-known/csaf/provider-metadata.json',
      role: 'csaf_provider',
      distributions: [{ directory_url: 'https://acme.example/.well-known/csaf' }],
      last_updated: '2026-12-02T08:00:00.000Z',
    });
    expect(byPath.get('index.txt')).toBe('2026/acme-sa-2026-0001.json\n');
    expect(byPath.get('changes.csv')).toBe('"2026/acme-sa-2026-0001.json","2026-12-01T10:00:00.000Z"\n');
    const published = byPath.get('2026/acme-sa-2026-0001.json') as string;
    expect(byPath.get('2026/acme-sa-2026-0001.json.sha256')).toBe(
      `${createHash('sha256').update(published).digest('hex')}  acme-sa-2026-0001.json\n`,
    );
    expect(csafValid?.(JSON.parse(published))).toBe(true);

    const vex = JSON.parse(byPath.get('openvex/acme-sa-2026-0001.openvex.json') as string);
    expect(openVexValid(vex), JSON.stringify(openVexValid.errors)).toBe(true);
    const statuses = (
      vex.statements as { vulnerability: { name: string }; status: string; products: { '@id': string }[] }[]
    ).map((s) => `${s.vulnerability.name} ${s.status} ${s.products[0]?.['@id']}`);
    expect(statuses).toEqual([
      'CVE-2026-12345 affected pkg:npm/acme-portal@2.3.0',
      'CVE-2026-12345 affected pkg:npm/acme-portal@2.3.1',
      'CVE-2026-12345 fixed pkg:npm/acme-portal@2.3.2',
      'CVE-2026-12345 not_affected pkg:npm/acme-portal@1.9.4',
      'CVE-2026-12345 under_investigation pkg:npm/acme-portal@2.2.0',
      'GHSA-aaaa-bbbb-cccc affected pkg:npm/acme-portal@2.3.1',
    ]);
    const component = vex.statements[5];
    expect(component.products[0].subcomponents).toEqual([
      { '@id': 'pkg:npm/templater@1.0.2', identifiers: { purl: 'pkg:npm/templater@1.0.2' } },
    ]);
    expect(component.action_statement).toBe('Turn off custom report titles.');
    expect(vex.statements[3].justification).toBe('vulnerable_code_not_present');
  });

  it('needs advisories.baseUrl', async () => {
    const r = await publishAdvisories(
      '/nonexistent',
      { product: { name: 'x' }, vendor: { name: 'y' } } as VouchManifest,
      new Date(),
    );
    expect(r).toEqual({ ok: false, problem: expect.stringMatching(/advisories\.baseUrl/) });
  });
});

describe('csafToOpenVex without purls', () => {
  it('names products by a URN of the tracking id and product id', () => {
    const doc = buildCsaf(draft(ADVISORY.replace(/\n {4}components: .*\n/, '\n')), ctx);
    const vex = csafToOpenVex(doc, { id: 'https://acme.example/vex/1' });
    expect(openVexValid(vex)).toBe(true);
    expect((vex.statements as { products: { '@id': string }[] }[])[0]?.products[0]?.['@id']).toBe(
      'urn:csaf:ACME-SA-2026-0001:CSAFPID-0001',
    );
  });
});
