import { describe, expect, it } from 'vitest';
import type { SbomInput } from '../cyclonedx/sbom-input.js';
import { sampleComponents, sampleInput } from '../cyclonedx/test-components.js';
import { buildSpdx, serializeSpdx } from './build.js';
import { classifyLicense } from './license.js';
import { validateSpdx } from './validate.js';

/** A parsed JSON document, navigated freely in assertions. */
type Json = ReturnType<typeof JSON.parse>;

function input(extra: Partial<SbomInput> = {}): SbomInput {
  return sampleInput({
    product: {
      name: 'Acme Portal',
      version: '2.1.0',
      supplier: { name: 'Acme Ltd' },
      license: 'LicenseRef-Acme-Proprietary',
    },
    ...extra,
  });
}

describe('classifyLicense', () => {
  it.each([
    ['MIT', { kind: 'id', id: 'MIT' }],
    ['mit', { kind: 'id', id: 'MIT' }],
    ['(Apache-2.0)', { kind: 'id', id: 'Apache-2.0' }],
    ['MIT OR Apache-2.0', { kind: 'expression', expression: 'MIT OR Apache-2.0' }],
    [
      '(mit or apache-2.0) and BSD-3-Clause',
      { kind: 'expression', expression: '(MIT OR Apache-2.0) AND BSD-3-Clause' },
    ],
    [
      'GPL-2.0-only WITH Classpath-exception-2.0',
      { kind: 'expression', expression: 'GPL-2.0-only WITH Classpath-exception-2.0' },
    ],
    ['Apache-1.1+', { kind: 'expression', expression: 'Apache-1.1+' }],
    ['LicenseRef-Custom', { kind: 'expression', expression: 'LicenseRef-Custom' }],
    ['MIT OR', { kind: 'name', name: 'MIT OR' }],
    ['(MIT', { kind: 'name', name: '(MIT' }],
    ['MIT)', { kind: 'name', name: 'MIT)' }],
    ['MIT WITH MIT-not-an-exception', { kind: 'name', name: 'MIT WITH MIT-not-an-exception' }],
    ['Some Licence 1.0', { kind: 'name', name: 'Some Licence 1.0' }],
    ['UNLICENSED', { kind: 'name', name: 'UNLICENSED' }],
  ])('%s', (text, want) => {
    expect(classifyLicense(text)).toEqual(want);
  });

  it('rejects pathological nesting without recursing', () => {
    const deep = `${'('.repeat(10_000)}MIT${')'.repeat(10_000)}`;
    expect(classifyLicense(deep).kind).toBe('name');
  });
});

describe('buildSpdx', () => {
  it('produces a document valid against the official SPDX 2.3 schema', async () => {
    const doc = buildSpdx(input());
    const r = await validateSpdx(doc);
    expect(r.errors).toEqual([]);
    expect(r.valid).toBe(true);
  });

  it('describes the product, references every package by purl and keeps only known edges', () => {
    const doc = buildSpdx(input()) as Json;
    expect(doc.spdxVersion).toBe('SPDX-2.3');
    expect(doc.documentNamespace).toMatch(
      /^https:\/\/vouch\.invalid\/spdx\/Acme%20Portal-2\.1\.0\/[0-9a-f-]{36}$/,
    );
    const ids = new Set(doc.packages.map((p: Json) => p.SPDXID));
    expect(ids.size).toBe(doc.packages.length);
    for (const p of doc.packages) expect(p.SPDXID).toMatch(/^SPDXRef-[A-Za-z0-9.-]+$/);
    for (const r of doc.relationships) {
      if (r.spdxElementId !== 'SPDXRef-DOCUMENT') expect(ids.has(r.spdxElementId)).toBe(true);
      expect(ids.has(r.relatedSpdxElement)).toBe(true);
    }
    expect(doc.relationships[0]).toEqual({
      spdxElementId: 'SPDXRef-DOCUMENT',
      relationshipType: 'DESCRIBES',
      relatedSpdxElement: 'SPDXRef-Product',
    });
    const react = doc.packages.find((p: Json) => p.name === 'react');
    expect(react).toMatchObject({
      SPDXID: 'SPDXRef-Package-npm-react-18.2.0',
      versionInfo: '18.2.0',
      downloadLocation: 'NOASSERTION',
      licenseConcluded: 'NOASSERTION',
      licenseDeclared: 'MIT',
      checksums: [{ algorithm: 'SHA512', checksumValue: 'ab'.repeat(64) }],
      externalRefs: [
        {
          referenceCategory: 'PACKAGE-MANAGER',
          referenceType: 'purl',
          referenceLocator: 'pkg:npm/react@18.2.0',
        },
      ],
    });
    expect(react.comment).toContain('package-lock.json:10');
    expect(doc.relationships).toContainEqual({
      spdxElementId: 'SPDXRef-Product',
      relationshipType: 'DEPENDS_ON',
      relatedSpdxElement: 'SPDXRef-Package-npm-react-18.2.0',
    });
    expect(doc.relationships).toContainEqual({
      spdxElementId: 'SPDXRef-Package-npm-react-18.2.0',
      relationshipType: 'DEPENDS_ON',
      relatedSpdxElement: 'SPDXRef-Package-npm-loose-envify-1.4.0',
    });
    // A dev direct dependency is recorded as such.
    expect(doc.relationships).toContainEqual({
      spdxElementId: 'SPDXRef-Package-npm-types-node-20.1.0',
      relationshipType: 'DEV_DEPENDENCY_OF',
      relatedSpdxElement: 'SPDXRef-Product',
    });
    const git = doc.packages.find((p: Json) => p.name === 'from-git');
    expect(git.downloadLocation).toBe('git+https://github.com/example/from-git.git');
  });

  it('turns non-SPDX licence texts into LicenseRef entries with their text', () => {
    const doc = buildSpdx(input()) as Json;
    const types = doc.packages.find((p: Json) => p.name === '@types/node');
    expect(types.licenseDeclared).toBe('LicenseRef-SEE-LICENSE-IN-LICENSE.md');
    expect(doc.hasExtractedLicensingInfos).toContainEqual({
      licenseId: 'LicenseRef-SEE-LICENSE-IN-LICENSE.md',
      extractedText: 'SEE LICENSE IN LICENSE.md',
      name: 'SEE LICENSE IN LICENSE.md',
    });
    // The product's own LicenseRef- is a valid expression already.
    expect(doc.packages[0].licenseDeclared).toBe('LicenseRef-Acme-Proprietary');
  });

  it('is byte-identical across runs in deterministic mode, dated from the given source date', () => {
    const a = serializeSpdx(buildSpdx(input({ deterministic: true, sourceDate: '2024-03-01T11:00:00Z' })));
    const rev = input({ deterministic: true, sourceDate: '2024-03-01T11:00:00Z' });
    rev.components = [...rev.components].reverse();
    expect(serializeSpdx(buildSpdx(rev))).toBe(a);
    const doc = JSON.parse(a) as Json;
    expect(doc.creationInfo.created).toBe('2024-03-01T11:00:00Z');
    expect(doc.documentNamespace).toMatch(/\/[0-9a-f]{64}$/);
    expect(doc.creationInfo.creators).toEqual(['Tool: vouch-0.1.0', 'Organization: Acme Ltd']);
  });

  it('gives distinct SPDXIDs to purls that sanitise alike', async () => {
    const comps = sampleComponents().slice(0, 1);
    const a = { ...comps[0]!, purl: 'pkg:npm/a-b@1', name: 'a-b' };
    const b = { ...comps[0]!, purl: 'pkg:npm/a_b@1', name: 'a_b' };
    const doc = buildSpdx({ components: [a, b], rootDependsOn: [], product: { name: 'x' } }) as Json;
    const ids = doc.packages.map((p: Json) => p.SPDXID);
    expect(new Set(ids).size).toBe(3);
    expect((await validateSpdx(doc)).valid).toBe(true);
  });

  it('keeps hostile names intact and valid', async () => {
    const text = serializeSpdx(buildSpdx(input()));
    const doc = JSON.parse(text) as Json;
    expect(doc.packages.some((p: Json) => p.name === '<script>alert(1)</script>\u0000\u001b[31m"\\')).toBe(
      true,
    );
    expect((await validateSpdx(doc)).valid).toBe(true);
  });

  it('reports schema errors with paths', async () => {
    const doc = buildSpdx(input()) as Json;
    delete doc.packages[1].downloadLocation;
    const r = await validateSpdx(doc, { allErrors: true });
    expect(r.valid).toBe(false);
    expect(r.errors[0]!.path).toBe('/packages/1');
  });
});
