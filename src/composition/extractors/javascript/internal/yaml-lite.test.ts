import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { LOCKFILE_SUITE } from '../../../../../test/helpers/lockfile-peer-suite.js';
import { REAL, yamlAliasBomb } from '../testdata/testkit.js';
import { keyLines, parseYamlLite, readYaml, YamlLiteUnsupported } from './yaml-lite.js';

const plain = (v: unknown) => JSON.parse(JSON.stringify(v ?? null));

describe('parseYamlLite', () => {
  const files = [
    ...readdirSync(join(REAL, 'pnpm')).map((f) => join(REAL, 'pnpm', f)),
    ...readdirSync(join(REAL, 'yarn'))
      .filter((f) => !f.includes('.v1.'))
      .map((f) => join(REAL, 'yarn', f)),
    ...readdirSync(join(LOCKFILE_SUITE, 'javascript-pnpmlock/testdata'))
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => join(LOCKFILE_SUITE, 'javascript-pnpmlock/testdata', f)),
  ];

  it.each(files.map((f) => [f.split('/').slice(-2).join('/'), f]))(
    '%s reads exactly as the yaml package does',
    (_, file) => {
      const text = readFileSync(file, 'utf8');
      expect(plain(parseYamlLite(text))).toEqual(plain(parse(text)));
    },
  );

  it.each([
    ['anchors and aliases', 'a: &x 1\nb: *x\n'],
    ['block scalars', 'a: |\n  text\n'],
    ['multi-line plain scalars', 'a: one\n  two\n'],
    ['complex keys', '? a\n: b\n'],
    ['tags', 'a: !!str 1\n'],
    ['multi-line flow', 'a: [1,\n  2]\n'],
    ['multiple documents', 'a: 1\n---\nb: 2\n'],
    ['tabs', 'a:\n\tb: 1\n'],
    ['a top-level sequence', '- a\n'],
  ])('gives up on %s', (_, text) => {
    expect(() => parseYamlLite(text)).toThrow(YamlLiteUnsupported);
  });

  it.each([
    ['scalars of the core schema', 'a: 1\nb: 1.5\nc: true\nd: ~\ne: \'1\'\nf: "x\\ty"\ng: 0x1f\nh: 1.2.3\n'],
    ['flow collections', 'a: {b: 1, c: [x, \'y\', "z"], d: {}}\ne: []\n'],
    ['sequences at the key indentation', 'a:\n- x\n- y\nb: 2\n'],
    ['nested blocks and comments', '# top\na:\n  b:\n    c: d # trailing\n  e: f\n\ng: h\n'],
    ['quoted keys with colons', '\'a: b\': 1\n"c#d": 2\n'],
    ['empty values', 'a:\nb:\n  c:\n'],
  ])('agrees with the yaml package on %s', (_, text) => {
    expect(plain(parseYamlLite(text))).toEqual(plain(parse(text)));
  });

  it('keeps plain scalars as strings when asked', () => {
    expect(parseYamlLite('a: 1.10\nb: true\n', { typed: false })).toEqual(
      Object.assign(Object.create(null), { a: '1.10', b: 'true' }),
    );
  });
});

describe('readYaml', () => {
  it('falls back to the full parser for features outside the subset', async () => {
    const r = await readYaml('a: &x [1, 2]\nb: *x\n');
    expect(r).toEqual({ value: { a: [1, 2], b: [1, 2] } });
  });

  it('refuses an alias bomb', async () => {
    const r = await readYaml(yamlAliasBomb('x: 1'));
    expect('error' in r && r.error).toMatch(/alias/i);
  });

  it('reports syntax errors with a line', async () => {
    const r = await readYaml('a: [1, 2\nb: "open\n');
    expect('error' in r && r.error).toMatch(/invalid YAML: .*line \d+/);
  });
});

describe('keyLines', () => {
  it('finds top-level keys and the keys of each top-level mapping', () => {
    const lines = keyLines('# c\na: 1\nsection:\n\n  \'@s/x@1\': {}\n  y:\n    nested: 1\n  "z": 2\nlast:\n');
    expect(lines.get('')).toEqual(
      new Map([
        ['a', 2],
        ['section', 3],
        ['last', 9],
      ]),
    );
    expect(lines.get('section')).toEqual(
      new Map([
        ['@s/x@1', 5],
        ['y', 6],
        ['z', 8],
      ]),
    );
  });
});
