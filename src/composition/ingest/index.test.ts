import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SHARED } from '../../../test/helpers/lockfile-peer-suite.js';
import { buildCycloneDx, serializeCycloneDx } from '../../formats/cyclonedx/build.js';
import { sampleComponents } from '../../formats/cyclonedx/test-components.js';
import { buildSpdx, serializeSpdx } from '../../formats/spdx/build.js';
import { formatIngestError, ingestSbom, jsonDepth } from './index.js';

const tmp = mkdtempSync(join(tmpdir(), 'vouch-ingest-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function write(name: string, content: string): string {
  const p = join(tmp, name);
  writeFileSync(p, content);
  return p;
}

describe('ingestSbom: CycloneDX conformance suite', () => {
  const suite = join(SHARED, 'peer-suites/cyclonedx');
  const expected = JSON.parse(readFileSync(join(suite, 'expected.json'), 'utf8')) as {
    cases: { file: string; valid: boolean }[];
  };

  it('has all 70 cases', () => {
    expect(expected.cases).toHaveLength(70);
  });

  it.each(expected.cases.map((c) => [c.file, c.valid] as const))('%s -> valid=%s', async (file, valid) => {
    const r = await ingestSbom(join(suite, file));
    expect(r.ok).toBe(valid);
    if (!r.ok) {
      expect(r.message).toContain(file);
      expect(r.errors.length).toBeGreaterThan(0);
      expect(r.errors.length).toBeLessThanOrEqual(10);
    }
  });
});

describe('ingestSbom: real SBOMs', () => {
  it('reads the OpenGRC CycloneDX 1.5 SBOM: 244 composer components with licences and edges', async () => {
    const r = await ingestSbom(join(SHARED, 'peer-suites/real-lockfiles/php/opengrc-sbom.cdx.json'));
    if (!r.ok) throw new Error(formatIngestError(r));
    expect(r.sbom.specVersion).toBe('1.5');
    expect(r.sbom.listed).toBe(244);
    expect(r.sbom.components).toHaveLength(244);
    expect(r.sbom.components.every((c) => c.ecosystem === 'composer')).toBe(true);
    const tax = r.sbom.components.find((c) => c.name === 'aliziodev/laravel-taxonomy')!;
    expect(tax).toMatchObject({ version: 'v2.12.0', licenses: ['MIT'] });
    expect(tax.dependsOn).toContain('pkg:composer/laravel/framework@v12.64.0');
    expect(r.sbom.notes).toEqual([]);
  });

  it('reads the SPDX 2.2 example, saying it respelled the 2.2 category, and skips packages without purls', async () => {
    const r = await ingestSbom(join(SHARED, 'peer-suites/spdx-examples/SPDXJSONExample-v2.2.spdx.json'));
    if (!r.ok) throw new Error(formatIngestError(r));
    expect(r.sbom.format).toBe('spdx');
    expect(r.sbom.components.map((c) => c.purl)).toEqual(['pkg:maven/org.apache.jena/apache-jena@3.12.0']);
    expect(r.sbom.components[0]).toMatchObject({ ecosystem: 'maven', name: 'org.apache.jena:apache-jena' });
    expect(r.sbom.notes[0]).toMatch(/SPDX 2.2 .*\(PACKAGE_MANAGER -> PACKAGE-MANAGER\)/);
    expect(r.sbom.notes).toContain('2 packages skipped: no purl');
    expect(r.sbom.product?.name).toBe('glibc');
  });

  it('rejects the SPDX 2.2 example relabelled as 2.3, since 2.3 does not allow the 2.2 spelling', async () => {
    const text = readFileSync(
      join(SHARED, 'peer-suites/spdx-examples/SPDXJSONExample-v2.2.spdx.json'),
      'utf8',
    );
    const p = write('relabelled.spdx.json', text.replace('"SPDX-2.2"', '"SPDX-2.3"'));
    const r = await ingestSbom(p);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]!.path).toMatch(/referenceCategory$/);
  });
});

describe('ingestSbom: CycloneDX 1.4 and 1.5 (schemas bundled with @cyclonedx/cyclonedx-library)', () => {
  it.each(['1.4', '1.5'])('accepts a valid %s document and rejects an invalid one', async (v) => {
    const doc = {
      bomFormat: 'CycloneDX',
      specVersion: v,
      version: 1,
      components: [
        {
          type: 'library',
          name: 'serde',
          version: '1.0.0',
          purl: 'pkg:cargo/serde@1.0.0',
          scope: 'optional',
        },
        {
          type: 'library',
          name: 'left-pad',
          version: '1.3.0',
          purl: 'pkg:npm/left-pad@1.3.0',
          licenses: [{ license: { id: 'WTFPL' } }],
        },
      ],
    };
    const ok = await ingestSbom(write(`ok-${v}.cdx.json`, JSON.stringify(doc)));
    if (!ok.ok) throw new Error(formatIngestError(ok));
    expect(ok.sbom.specVersion).toBe(v);
    expect(ok.sbom.components.map((c) => [c.ecosystem, c.name, c.scope, c.licenses])).toEqual([
      ['cargo', 'serde', 'optional', []],
      ['npm', 'left-pad', 'prod', ['WTFPL']],
    ]);
    const bad = await ingestSbom(
      write(`bad-${v}.cdx.json`, JSON.stringify({ ...doc, components: [{ name: 'no type' }] })),
    );
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.message).toContain(`CycloneDX ${v} JSON schema`);
  });
});

describe('ingestSbom: round trip of vouch output', () => {
  const input = () => {
    const components = sampleComponents();
    return {
      components,
      rootDependsOn: components.filter((c) => c.direct).map((c) => c.purl),
      product: { name: 'Acme', version: '1.0.0' },
      deterministic: true,
    };
  };

  it('reads back a CycloneDX SBOM written by vouch with the same packages, scopes and edges', async () => {
    const p = write('vouch.cdx.json', serializeCycloneDx(buildCycloneDx(input())));
    const r = await ingestSbom(p);
    if (!r.ok) throw new Error(formatIngestError(r));
    const original = input().components;
    expect(r.sbom.components.map((c) => c.purl).sort()).toEqual(original.map((c) => c.purl).sort());
    const react = r.sbom.components.find((c) => c.name === 'react')!;
    expect(react.dependsOn).toEqual(['pkg:npm/loose-envify@1.4.0']);
    expect(r.sbom.components.find((c) => c.name === '@types/node')!.scope).toBe('dev');
    expect(r.sbom.rootDependsOn.sort()).toEqual(['pkg:npm/%40types/node@20.1.0', 'pkg:npm/react@18.2.0']);
    expect(r.sbom.product).toEqual({ name: 'Acme', version: '1.0.0' });
  });

  it('reads back an SPDX SBOM written by vouch', async () => {
    const p = write('vouch.spdx.json', serializeSpdx(buildSpdx(input())));
    const r = await ingestSbom(p);
    if (!r.ok) throw new Error(formatIngestError(r));
    expect(r.sbom.components).toHaveLength(input().components.length);
    expect(r.sbom.components.find((c) => c.name === '@types/node')!.scope).toBe('dev');
    expect(r.sbom.components.find((c) => c.name === 'react')!.licenses).toEqual(['MIT']);
    expect(r.sbom.product?.name).toBe('Acme');
  });
});

describe('ingestSbom: hostile and wrong input', () => {
  it('rejects deep nesting before parsing', async () => {
    const p = write(
      'deep.json',
      `{"bomFormat":"CycloneDX","specVersion":"1.6","x":${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
    );
    const r = await ingestSbom(p);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/nested deeper/);
  });

  it('rejects files over the size limit without reading them', async () => {
    const p = write('big.json', `{"pad":"${'x'.repeat(2000)}"}`);
    const r = await ingestSbom(p, { maxBytes: 1000 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/over the .* limit/);
  });

  it.each([
    ['truncated.json', '{"bomFormat":"CycloneDX","specVersion":"1.6","comp', /not valid JSON/],
    ['array.json', '[1,2]', /top level is not an object/],
    ['other.json', '{"hello":"world"}', /not a CycloneDX .* or SPDX/],
    ['cdx13.json', '{"bomFormat":"CycloneDX","specVersion":"1.3","version":1}', /specVersion "1.3"/],
    ['spdx21.json', '{"spdxVersion":"SPDX-2.1"}', /spdxVersion "SPDX-2.1"/],
  ])('%s', async (name, content, message) => {
    const r = await ingestSbom(write(name, content));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });

  it('reports a missing file clearly', async () => {
    const r = await ingestSbom(join(tmp, 'nope.json'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/nope.json: cannot read: ENOENT/);
  });

  it('lists up to N schema errors with JSON paths', async () => {
    const components = Array.from({ length: 30 }, (_, i) => ({ type: 'nonsense', name: `c${i}` }));
    const p = write(
      'bad.cdx.json',
      JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.6', components }),
    );
    const r = await ingestSbom(p, { maxErrors: 5 });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors).toHaveLength(5);
      expect(r.errors[0]!.path).toBe('/components/0/type');
      expect(formatIngestError(r)).toContain('at /components/0/type:');
    }
  });

  it('walks deeply nested sub-components iteratively and skips unknown purl types with a note', async () => {
    let node: Record<string, unknown> = { type: 'library', name: 'leaf', purl: 'pkg:npm/leaf@1.0.0' };
    for (let i = 0; i < 60; i++) {
      node = { type: 'library', name: `n${i}`, purl: `pkg:deb/debian/n${i}@1`, components: [node] };
    }
    const p = write(
      'nested.cdx.json',
      JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.6', components: [node] }),
    );
    const r = await ingestSbom(p);
    if (!r.ok) throw new Error(formatIngestError(r));
    expect(r.sbom.components.map((c) => c.name)).toEqual(['leaf']);
    expect(r.sbom.notes).toEqual(['60 components skipped: purl type "deb" has no vouch ecosystem']);
  });

  it('jsonDepth ignores brackets inside strings', () => {
    expect(jsonDepth('{"a":"[[[[{{{{\\"[["}')).toBe(1);
    expect(jsonDepth('[[[]]]')).toBe(3);
  });
});
