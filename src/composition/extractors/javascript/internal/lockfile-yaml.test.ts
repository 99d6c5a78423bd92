import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { LOCKFILE_SUITE } from '../../../../../test/helpers/lockfile-peer-suite.js';
import { REAL, yamlAliasBomb } from '../testdata/testkit.js';
import { keyLines, readYaml, usesYamlReferences } from './lockfile-yaml.js';

const yamlFiles = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => join(dir, f));
/** Yarn berry lockfiles (YAML) among the files of `dir`; yarn v1 files are not YAML. */
const berryFiles = (dir: string) =>
  readdirSync(dir)
    .map((f) => join(dir, f))
    .filter((f) => readFileSync(f, 'utf8').includes('\n__metadata:\n'));

const PNPM = [
  ...yamlFiles(join(REAL, 'pnpm')),
  ...yamlFiles(join(REAL, 'fixtures-osv-scanner/pnpm')),
  ...yamlFiles(join(LOCKFILE_SUITE, 'javascript-pnpmlock/testdata')),
];
const BERRY = [
  ...berryFiles(join(REAL, 'yarn')),
  ...berryFiles(join(REAL, 'fixtures-osv-scanner/yarn')),
  ...berryFiles(join(LOCKFILE_SUITE, 'javascript-yarnlock/testdata')),
];
const label = (f: string) => f.split('/').slice(-3).join('/');

describe('readYaml on every pnpm and yarn berry lockfile of the shared suites', () => {
  it('has the real lockfiles to compare', () => {
    expect(PNPM.length).toBeGreaterThanOrEqual(30);
    expect(BERRY.length).toBeGreaterThanOrEqual(20);
  });

  // The largest real ones and all fixtures: the extractors see exactly what the yaml package
  // (core schema for pnpm, failsafe for yarn berry) would give them.
  it.each(PNPM.map((f) => [label(f), f]))('%s (pnpm) reads as the yaml package reads it', async (_, file) => {
    const text = readFileSync(file, 'utf8');
    const r = await readYaml(text);
    expect('error' in r ? r : r.value).toStrictEqual(
      parse(text, { schema: 'core', uniqueKeys: false }) ?? null,
    );
  });

  it.each(BERRY.map((f) => [label(f), f]))(
    '%s (yarn berry) reads as the yaml package reads it',
    async (_, file) => {
      const text = readFileSync(file, 'utf8');
      const r = await readYaml(text, { typed: false });
      expect('error' in r ? r : r.value).toStrictEqual(
        parse(text, { schema: 'failsafe', uniqueKeys: false }) ?? null,
      );
    },
  );

  it('takes js-yaml for every real lockfile: none uses anchors, aliases or tags', () => {
    const real = [...PNPM, ...BERRY].filter((f) => f.startsWith(REAL) && !f.includes('fixtures-osv-scanner'));
    expect(real.length).toBeGreaterThanOrEqual(7);
    expect(real.filter((f) => usesYamlReferences(readFileSync(f, 'utf8'))).map(label)).toEqual([]);
  });
});

describe('usesYamlReferences', () => {
  it.each([
    ['an anchor after a key', 'a: &x 1\n'],
    ['an alias after a key', 'b: *x\n'],
    ['an alias in a sequence', '- *x\n'],
    ['an anchor at a line start', '&x\n'],
    ['an alias in a flow collection', 'a: [1,*x]\n'],
    ['an alias after a quoted key without a space', '{"a":*x}\n'],
    ['a tag', 'a: !!str 1\n'],
    ['a local tag', 'a: !t 1\n'],
    ['a document tag', '--- !t\na: 1\n'],
  ])('finds %s', (_, text) => {
    expect(usesYamlReferences(text)).toBe(true);
  });

  it.each([
    ['versions and ranges', 'a: 1.0.0\nb: \'*\'\nc: "^1 || 2"\n'],
    ['integrity strings', 'resolution: {integrity: sha512-ab+c/d==}\n'],
    ['yarn berry descriptors', '"@types/node@npm:*, @types/node@npm:^20":\n  version: 20.1.0\n'],
    ['characters inside plain scalars', 'a: b&c*d!e\n'],
  ])('lets through %s', (_, text) => {
    expect(usesYamlReferences(text)).toBe(false);
  });
});

describe('readYaml', () => {
  it('reads anchors and aliases through the bounded parser', async () => {
    expect(await readYaml('a: &x [1, 2]\nb: *x\n')).toEqual({ value: { a: [1, 2], b: [1, 2] } });
  });

  it('refuses an alias bomb quickly', async () => {
    const start = performance.now();
    const r = await readYaml(yamlAliasBomb('x: 1'));
    expect('error' in r && r.error).toMatch(/alias/i);
    expect(performance.now() - start).toBeLessThan(3000);
  });

  it('refuses nesting too deep for a recursive parser before parsing', async () => {
    const r = await readYaml(`a: ${'['.repeat(5000)}${']'.repeat(5000)}\n`);
    expect('error' in r && r.error).toMatch(/invalid YAML: YAML nested too deeply/);
  });

  it('reports syntax errors with a line', async () => {
    const r = await readYaml('a: [1, 2\nb: "open\n');
    expect('error' in r && r.error).toMatch(/invalid YAML: .*line \d+|\(\d+:\d+\)/);
  });

  it('keeps plain scalars as strings when asked, and the last of repeated keys', async () => {
    expect(await readYaml('a: 1.10\nb: true\n', { typed: false })).toEqual({
      value: { a: '1.10', b: 'true' },
    });
    expect(await readYaml('a: 1\na: 2\n')).toEqual({ value: { a: 2 } });
  });

  it('gives null for an empty file', async () => {
    expect(await readYaml('')).toEqual({ value: null });
  });
});

describe('keyLines', () => {
  it('finds top-level keys and the keys of each top-level mapping', () => {
    const lines = keyLines(
      "# c\na: 1\nsection:\n\n  '@s/x@1': {}\n  y:\n    nested: 1\n  \"z\\u0041\": 2\n  'it''s': 3\nlast:\n",
    );
    expect(lines.get('')).toEqual(
      new Map([
        ['a', 2],
        ['section', 3],
        ['last', 10],
      ]),
    );
    expect(lines.get('section')).toEqual(
      new Map([
        ['@s/x@1', 5],
        ['y', 6],
        ['zA', 8],
        ["it's", 9],
      ]),
    );
  });
});
