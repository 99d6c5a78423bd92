import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHARED } from '../../../test/helpers/lockfile-peer-suite.js';
import { precompiledValidator } from '../precompiled-validator.js';
import { buildCycloneDx, serializeCycloneDx } from './build.js';
import {
  CYCLONEDX_VALIDATOR_FILE,
  cycloneDxValidatorSource,
  SPDX_VALIDATOR_FILE,
  spdxValidatorSource,
} from './generate-validators.js';
import { deterministicDate, uuidV5 } from './sbom-input.js';
import { EXTERNAL_SCHEMAS, stripAnnotations } from './schema-files.js';
import { sampleComponents, sampleInput } from './test-components.js';
import { validateCycloneDx } from './validate.js';

/** A parsed JSON document, navigated freely in assertions. */
type Json = ReturnType<typeof JSON.parse>;

const input = sampleInput; // the sample product, with any field overridden

describe('vendored schemas', () => {
  it.each([
    ['cyclonedx/1.6/bom-1.6.schema.json', 'schemas/cyclonedx/1.6/bom-1.6.schema.json'],
    ['cyclonedx/1.6/spdx.schema.json', 'schemas/cyclonedx/1.6/spdx.schema.json'],
    ['cyclonedx/1.6/jsf-0.82.schema.json', 'schemas/cyclonedx/1.6/jsf-0.82.schema.json'],
    ['spdx/2.3/spdx-schema.json', 'schemas/spdx/2.3/spdx-schema.json'],
  ])('%s is byte-identical to the shared official copy', (ours, shared) => {
    expect(readFileSync(join(EXTERNAL_SCHEMAS, ours)).equals(readFileSync(join(SHARED, shared)))).toBe(true);
  });

  it('generated validators are current (regenerate with generate-validators.ts)', () => {
    expect(readFileSync(CYCLONEDX_VALIDATOR_FILE, 'utf8')).toBe(cycloneDxValidatorSource());
    expect(readFileSync(SPDX_VALIDATOR_FILE, 'utf8')).toBe(spdxValidatorSource());
  });

  it('stripping annotations keeps properties that are named like annotation keywords', () => {
    const s = {
      description: 'x',
      properties: { description: { type: 'string', title: 't' }, title: { enum: ['description'] } },
    };
    expect(stripAnnotations(s)).toEqual({
      properties: { description: { type: 'string' }, title: { enum: ['description'] } },
    });
  });

  it('the precompiled 1.6 validator agrees with ajv on the full official schema for all 70 conformance files', async () => {
    const suite = join(SHARED, 'peer-suites/cyclonedx');
    const expected = JSON.parse(readFileSync(join(suite, 'expected.json'), 'utf8')) as {
      cases: { file: string; valid: boolean }[];
    };
    expect(expected.cases).toHaveLength(70);
    for (const c of expected.cases) {
      const doc = JSON.parse(readFileSync(join(suite, c.file), 'utf8'));
      const fast = await validateCycloneDx(doc, '1.6');
      const full = await validateCycloneDx(doc, '1.6', { allErrors: true });
      expect([c.file, fast.valid]).toEqual([c.file, c.valid]);
      expect([c.file, full.valid]).toEqual([c.file, c.valid]);
    }
  });
});

type ValidateFn = ((d: unknown) => boolean) & {
  errors?: { instancePath: string; params: unknown }[] | null;
};
let validators: Promise<{ ajvFull: ValidateFn; fast: ValidateFn }> | undefined;

/** ajv's own compilation of the official schema, and the precompiled validator vouch ships. */
function loadValidators(): Promise<{ ajvFull: ValidateFn; fast: ValidateFn }> {
  validators ??= (async () => {
    const { compileWith, createAjv } = await import('./ajv-setup.js');
    const { cycloneDxSchemas } = await import('./schema-files.js');
    const { main, refs } = cycloneDxSchemas('1.6');
    const ajvFull = compileWith(createAjv(), main, refs) as unknown as ValidateFn;
    return { ajvFull, fast: precompiledValidator('cyclonedx-1.6') as ValidateFn };
  })();
  return validators;
}

/** The precompiled validator gives ajv's verdict and ajv's first error (path and parameters). */
async function expectSameAsAjv(doc: unknown, valid: boolean): Promise<void> {
  const { ajvFull, fast } = await loadValidators();
  const want = ajvFull(doc);
  expect(want).toBe(valid);
  expect(fast(doc)).toBe(want);
  if (!want) {
    expect(fast.errors?.[0]?.instancePath).toBe(ajvFull.errors?.[0]?.instancePath);
    expect(fast.errors?.[0]?.params).toEqual(ajvFull.errors?.[0]?.params);
  }
}

describe('the linear uniqueItems and enum checks of the precompiled validator', () => {
  const base = () => ({
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    components: <
      { type: string; name: string; licenses?: { license: { id: string } }[]; properties?: object[] }[]
    >[
      { type: 'library', name: 'a', licenses: [{ license: { id: 'MIT' } }] },
      { type: 'library', name: 'b', properties: [{ name: 'x', value: '1' }] },
      { type: 'library', name: 'c' },
    ],
  });

  type Doc = ReturnType<typeof base> & { metadata?: unknown };
  const cases: [string, boolean, (d: Doc) => void][] = [
    ['distinct components', true, () => {}],
    ['an exact duplicate', false, (d) => void d.components.push(structuredClone(d.components[1]!))],
    [
      'a duplicate with keys in another order',
      false,
      (d) => void d.components.push({ properties: [{ value: '1', name: 'x' }], name: 'b', type: 'library' }),
    ],
    [
      'two duplicate pairs',
      false,
      (d) => void d.components.push({ ...d.components[0]! }, { ...d.components[2]! }),
    ],
    [
      'near-duplicates differing deep inside',
      true,
      (d) => void d.components.push({ type: 'library', name: 'b', properties: [{ name: 'x', value: '2' }] }),
    ],
    [
      'a licence id in the wrong case',
      false,
      (d) => {
        d.components[0]!.licenses![0]!.license.id = 'mit';
      },
    ],
    [
      'an unknown licence id',
      false,
      (d) => {
        d.components[0]!.licenses![0]!.license.id = 'Not-A-Licence';
      },
    ],
    [
      'duplicate tool components',
      false,
      (d) => {
        d.metadata = {
          tools: {
            components: [
              { type: 'application', name: 't' },
              { type: 'application', name: 't' },
            ],
          },
        };
      },
    ],
  ];

  it.each(cases)('%s: same verdict (valid=%s) and first error as ajv', async (_what, valid, mutate) => {
    const doc = base();
    mutate(doc);
    await expectSameAsAjv(doc, valid);
  });
});

describe('the uniqueItems check on large arrays (cheap keys, then canonical keys)', () => {
  type Component = Record<string, unknown>;
  type Doc = { bomFormat: string; specVersion: string; components: Component[]; dependencies: Json[] };
  // 20 components and dependency lists of 12: past the pairwise loop used for 8 items or fewer.
  const base = (): Doc => ({
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    components: Array.from({ length: 20 }, (_, i) => ({
      type: 'library',
      'bom-ref': `ref-${i}`,
      name: `pkg-${i % 5}`,
      version: `1.0.${i}`,
    })),
    dependencies: [{ ref: 'ref-0', dependsOn: Array.from({ length: 12 }, (_, i) => `ref-${i + 1}`) }],
  });
  const cases: [string, boolean, (d: Doc) => void][] = [
    ['distinct items', true, () => {}],
    [
      'an exact duplicate at the end',
      false,
      (d) => void d.components.push(structuredClone(d.components[3]!)),
    ],
    [
      'a duplicate with keys in another order',
      false,
      (d) => void d.components.push({ version: '1.0.7', name: 'pkg-2', 'bom-ref': 'ref-7', type: 'library' }),
    ],
    [
      'several duplicates (the last pair is reported)',
      false,
      (d) =>
        void d.components.push({ ...d.components[1]! }, { ...d.components[4]! }, { ...d.components[1]! }),
    ],
    [
      'items sharing their cheap key but differing elsewhere',
      true,
      (d) =>
        void d.components.push(
          { ...d.components[2]!, version: '9.9.9' },
          { ...d.components[2]!, scope: 'optional' },
        ),
    ],
    [
      'items whose cheap keys all collide (no bom-ref, one name)',
      true,
      (d) => {
        for (const c of d.components) {
          delete c['bom-ref'];
          c.name = 'same';
        }
      },
    ],
    [
      'a duplicate among items whose cheap keys all collide',
      false,
      (d) => {
        for (const c of d.components) {
          delete c['bom-ref'];
          c.name = 'same';
        }
        d.components.splice(5, 0, { ...d.components[11]! });
      },
    ],
    [
      'a repeated string in a long dependsOn list',
      false,
      (d) => void d.dependencies[0].dependsOn.push('ref-5'),
    ],
    [
      'a duplicate dependency entry among many',
      false,
      (d) => {
        for (let i = 1; i < 12; i++) d.dependencies.push({ ref: `ref-${i}` });
        d.dependencies.push({ dependsOn: [], ref: 'ref-9' }, { ref: 'ref-9', dependsOn: [] });
      },
    ],
  ];

  it.each(cases)('%s: same verdict (valid=%s) and first error as ajv', async (_what, valid, mutate) => {
    const doc = base();
    mutate(doc);
    await expectSameAsAjv(doc, valid);
  });
});

describe("the validator's own equality and code-point length (in place of ajv's runtime helpers)", () => {
  const withComponent = (extra: Record<string, unknown>) => ({
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    components: [{ type: 'library', name: 'a', ...extra }],
  });
  const astral = '\u{1F600}'; // two UTF-16 units, one code point

  it.each<[string, Record<string, unknown>, boolean]>([
    ['a 1,024-code-point version of astral characters', { version: astral.repeat(1024) }, true],
    ['a 1,025-code-point version', { version: astral.repeat(1024) + 'x' }, false],
    ['lone surrogates counted one each', { version: '\ud800'.repeat(1024) }, true],
    ['one lone surrogate too many', { version: '\udc00'.repeat(1025) }, false],
    ['a high surrogate at the very end', { version: `${'x'.repeat(1023)}\ud83d` }, true],
    ['an empty bom-ref', { 'bom-ref': '' }, false],
    ['a one-code-point bom-ref', { 'bom-ref': astral }, true],
    ['a bom-ref of one lone surrogate', { 'bom-ref': '\ud800' }, true],
    ['a 1,024-unit version (the bound alone decides)', { version: 'v'.repeat(1024) }, true],
    ['a 2,050-unit version of 1,025 code points', { version: astral.repeat(1025) }, false],
  ])('%s: same verdict as ajv', async (_what, extra, valid) => {
    await expectSameAsAjv(withComponent(extra), valid);
  });

  it.each<[string, unknown[], boolean]>([
    [
      'equal objects with keys in another order',
      [
        { ref: 'a', dependsOn: ['b'] },
        { dependsOn: ['b'], ref: 'a' },
      ],
      false,
    ],
    [
      'objects that differ deep down',
      [
        { ref: 'a', dependsOn: ['b'] },
        { ref: 'a', dependsOn: ['c'] },
      ],
      true,
    ],
    ['an object and one with an extra key', [{ ref: 'a' }, { ref: 'a', dependsOn: [] }], true],
  ])('small arrays of %s: same uniqueness verdict as ajv', async (_what, dependencies, valid) => {
    await expectSameAsAjv({ bomFormat: 'CycloneDX', specVersion: '1.6', dependencies }, valid);
  });
});

describe('licences shared among components (checked once per call)', () => {
  type License = { license: Record<string, unknown> };
  const docWith = (shared: License[], others: License[][] = []) => ({
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    components: [shared, ...others, shared, shared].map((licenses, i) => ({
      type: 'library',
      name: `c${i}`,
      licenses,
    })),
  });

  it('gives ajv verdicts when one array is shared, valid or not, and beside other arrays', async () => {
    await expectSameAsAjv(docWith([{ license: { id: 'MIT' } }]), true);
    await expectSameAsAjv(docWith([{ license: { id: 'MIT' } }], [[{ license: { id: 'NOT-AN-ID' } }]]), false);
    await expectSameAsAjv(docWith([{ license: { id: 'NOT-AN-ID' } }]), false);
    await expectSameAsAjv(docWith([{ license: { id: 'MIT', name: 'MIT' } }]), false);
  });

  it('forgets between calls: a shared array made invalid after a valid call fails the next', async () => {
    const { fast } = await loadValidators();
    const shared: License[] = [{ license: { id: 'MIT' } }];
    const doc = docWith(shared);
    expect(fast(doc)).toBe(true);
    (shared[0] as License).license = { id: 'MIT', name: 'both' };
    await expectSameAsAjv(doc, false);
    (shared[0] as License).license = { name: 'Custom' };
    expect(fast(doc)).toBe(true);
  });

  it('is what buildCycloneDx produces: one array per distinct single licence', () => {
    const components = sampleComponents().map((c, i) => ({ ...c, licenses: [i % 2 ? 'MIT' : 'ISC'] }));
    const doc = buildCycloneDx(input({ components })) as Json;
    const lists = (id: string) => doc.components.filter((c: Json) => c.licenses[0].license.id === id);
    expect(lists('MIT').length).toBeGreaterThan(1);
    expect(lists('ISC').length).toBeGreaterThan(1);
    expect(new Set(lists('MIT').map((c: Json) => c.licenses)).size).toBe(1);
    expect(new Set(lists('ISC').map((c: Json) => c.licenses)).size).toBe(1);
  });
});

describe('buildCycloneDx', () => {
  it('produces a document valid against the official CycloneDX 1.6 schema', async () => {
    const bom = buildCycloneDx(input());
    const r = await validateCycloneDx(bom);
    expect(r.errors).toEqual([]);
    expect(r.valid).toBe(true);
  });

  it('maps scopes, types, licences, hashes, sources and locations as documented', () => {
    const bom = buildCycloneDx(input()) as Json;
    const by = (purlPart: string) => bom.components.find((c: Json) => c.purl.includes(purlPart));
    const react = by('react@');
    expect(react).toMatchObject({
      type: 'library',
      'bom-ref': 'pkg:npm/react@18.2.0',
      name: 'react',
      version: '18.2.0',
      scope: 'required',
      licenses: [{ license: { id: 'MIT' } }],
      hashes: [{ alg: 'SHA-512', content: 'ab'.repeat(64) }],
    });
    expect(react.properties).toContainEqual({ name: 'vouch:location', value: 'package-lock.json:10' });
    expect(by('loose-envify').licenses).toEqual([{ expression: '(MIT OR Apache-2.0)' }]);
    expect(by('%40types/node')).toMatchObject({ group: '@types', name: 'node', scope: 'excluded' });
    expect(by('%40types/node').licenses).toEqual([{ license: { name: 'SEE LICENSE IN LICENSE.md' } }]);
    expect(by('fsevents')).toMatchObject({ scope: 'optional', licenses: [{ license: { id: 'MIT' } }] });
    const git = by('from-git');
    expect(git.externalReferences).toEqual([
      { type: 'vcs', url: 'git+https://github.com/example/from-git.git' },
    ]);
    expect(git.hashes).toBeUndefined(); // the malformed SHA-1 is dropped, not emitted invalid
    const flask = by('pypi/flask');
    expect(flask.version).toBeUndefined();
    expect(flask.properties).toContainEqual({ name: 'vouch:versionRange', value: '>=2' });
    expect(flask.properties).toContainEqual({ name: 'vouch:pinned', value: 'false' });
    expect(by('log4j-core')).toMatchObject({ group: 'org.apache.logging.log4j', name: 'log4j-core' });
    expect(by('githubactions').type).toBe('application');
    expect(by('docker').type).toBe('container');
  });

  it('keeps only edges between components and lists the product dependencies', () => {
    const bom = buildCycloneDx(input()) as Json;
    const refs = new Set([
      bom.metadata.component['bom-ref'],
      ...bom.components.map((c: Json) => c['bom-ref']),
    ]);
    for (const d of bom.dependencies) {
      expect(refs.has(d.ref)).toBe(true);
      for (const t of d.dependsOn ?? []) expect(refs.has(t)).toBe(true);
    }
    const react = bom.dependencies.find((d: Json) => d.ref === 'pkg:npm/react@18.2.0');
    expect(react.dependsOn).toEqual(['pkg:npm/loose-envify@1.4.0']);
    // loose-envify came from a file with edges: it is in the graph with no dependencies.
    expect(bom.dependencies.find((d: Json) => d.ref === 'pkg:npm/loose-envify@1.4.0')).toEqual({
      ref: 'pkg:npm/loose-envify@1.4.0',
    });
    // Django came from a file without edges: unknown, so not in the graph.
    expect(bom.dependencies.find((d: Json) => d.ref.includes('django'))).toBeUndefined();
    const root = bom.dependencies.find((d: Json) => d.ref === bom.metadata.component['bom-ref']);
    expect(root.dependsOn).toEqual(['pkg:npm/%40types/node@20.1.0', 'pkg:npm/react@18.2.0']);
  });

  it('describes the product and the tool in metadata', () => {
    const bom = buildCycloneDx(input({ now: new Date('2025-01-02T03:04:05.678Z') })) as Json;
    expect(bom.metadata.timestamp).toBe('2025-01-02T03:04:05Z');
    expect(bom.metadata.tools.components[0]).toMatchObject({ name: 'vouch', version: '0.1.0' });
    expect(bom.metadata.component).toMatchObject({
      type: 'application',
      name: 'Acme Portal',
      version: '2.1.0',
      supplier: { name: 'Acme Ltd', url: ['https://acme.example'] },
      purl: 'pkg:generic/Acme%20Portal@2.1.0',
    });
    expect(bom.serialNumber).toMatch(
      /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('is byte-identical across runs in deterministic mode, and sorted by purl', () => {
    const a = serializeCycloneDx(buildCycloneDx(input({ deterministic: true })));
    const reversed = input({ deterministic: true });
    reversed.components = [...reversed.components].reverse();
    const b = serializeCycloneDx(buildCycloneDx(reversed));
    expect(b).toBe(a);
    const doc = JSON.parse(a) as Json;
    expect(doc.metadata.timestamp).toBeUndefined();
    expect(doc.serialNumber).toMatch(
      /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    const purls = doc.components.map((c: Json) => c.purl);
    expect(purls).toEqual([...purls].sort());
    // Different content, different serial number.
    const other = buildCycloneDx(input({ deterministic: true, product: { name: 'Other' } })) as Json;
    expect(other.serialNumber).not.toBe(doc.serialNumber);
  });

  it('carries hostile names (HTML, control characters, quotes) as exact JSON strings', async () => {
    const text = serializeCycloneDx(buildCycloneDx(input()));
    expect(text).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    const doc = JSON.parse(text) as Json;
    const hostile = doc.components.find((c: Json) => c.purl === 'pkg:npm/x-hostile@1.0.0');
    expect(hostile.name).toBe('<script>alert(1)</script>\u0000\u001b[31m"\\');
    expect(hostile.properties).toContainEqual({
      name: 'vouch:location',
      value: 'weird/"quoted"\nname.json:1',
    });
    // A licence with a control character is not an SPDX expression: kept as a name.
    expect(hostile.licenses).toEqual([
      { license: { name: 'GPL-3.0-only WITH Classpath-exception-2.0\u0007' } },
    ]);
    expect((await validateCycloneDx(doc)).valid).toBe(true);
  });

  it('notes files it could not read in metadata properties', () => {
    const bom = buildCycloneDx(
      input({
        coverage: [
          {
            path: 'bun.lockb',
            status: 'unsupported',
            kind: 'lockfile',
            ecosystem: 'npm',
            format: 'bun binary',
            components: 0,
          },
          {
            path: 'ok.lock',
            status: 'extracted',
            kind: 'lockfile',
            ecosystem: 'npm',
            format: 'x',
            components: 1,
          },
        ],
      }),
    ) as Json;
    expect(bom.metadata.properties).toEqual([
      { name: 'vouch:coverage:unread', value: 'bun.lockb (no extractor for bun binary)' },
    ]);
  });

  it('reports schema errors with their JSON path', async () => {
    const bom = buildCycloneDx(input()) as Json;
    bom.components[0].scope = 'sometimes';
    const r = await validateCycloneDx(bom, '1.6', { allErrors: true });
    expect(r.valid).toBe(false);
    expect(r.errors.some((e) => e.path === '/components/0/scope')).toBe(true);
  });
});

describe('helpers', () => {
  it('uuidV5 is stable and RFC 4122 shaped', () => {
    expect(uuidV5('a')).toBe(uuidV5('a'));
    expect(uuidV5('a')).not.toBe(uuidV5('b'));
    expect(uuidV5('a')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('deterministicDate prefers SOURCE_DATE_EPOCH, then the HEAD commit date, then the epoch', () => {
    expect(deterministicDate(['2024-03-01T12:00:00+01:00'], { SOURCE_DATE_EPOCH: '86400' })).toBe(
      '1970-01-02T00:00:00Z',
    );
    expect(deterministicDate(['2024-03-01T12:00:00+01:00'], {})).toBe('2024-03-01T11:00:00Z');
    expect(deterministicDate([], {})).toBe('1970-01-01T00:00:00Z');
    expect(deterministicDate(['not a date'], {})).toBe('1970-01-01T00:00:00Z');
  });
});
