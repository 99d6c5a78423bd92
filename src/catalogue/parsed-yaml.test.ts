import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { loadRules, parseRuleYaml, RULES_DIR } from '../collectors/rules.js';
import { CATALOGUE_FILES, DATA_DIR, loadCatalogueFrom, parseCatalogueYaml } from './load.js';
import { buildSnapshot, PARSED_YAML_FILE, snapshotParser } from './parsed-yaml.js';

const ruleFileNames = () => readdirSync(RULES_DIR).filter((f) => f.endsWith('.yaml'));

describe('shipped parsed-YAML snapshots (regenerate with `npx vitest run src/catalogue/parsed-yaml.test.ts -u`)', () => {
  it('catalogue/parsed-yaml.json holds every catalogue file exactly as it parses now', async () => {
    await expect(buildSnapshot(DATA_DIR, CATALOGUE_FILES, parseCatalogueYaml)).toMatchFileSnapshot(
      `../../catalogue/${PARSED_YAML_FILE}`,
    );
  });

  it('rules/parsed-yaml.json holds every rule file exactly as it parses now', async () => {
    await expect(buildSnapshot(RULES_DIR, ruleFileNames(), parseRuleYaml)).toMatchFileSnapshot(
      `../../rules/${PARSED_YAML_FILE}`,
    );
  });
});

describe('shipped parsed-YAML snapshots in use', () => {
  const notParsed = (name: string): never => {
    throw new Error(`${name} was parsed as YAML`);
  };
  it('cover every catalogue and rule file, so loading parses no YAML', () => {
    for (const [dir, names] of [
      [DATA_DIR, CATALOGUE_FILES],
      [RULES_DIR, ruleFileNames()],
    ] as const) {
      const read = snapshotParser(dir, notParsed);
      for (const name of names) {
        expect(() => read(name, readFileSync(new URL(name, dir), 'utf8'))).not.toThrow();
      }
    }
  });
});

describe('snapshotParser', () => {
  let dir: string;
  let url: URL;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'vouch-parsed-yaml-'));
    url = pathToFileURL(`${dir}/`);
    writeFileSync(join(dir, 'a.yaml'), 'list: [1, two]\nnested: { x: true }\n');
    writeFileSync(join(dir, 'b.yaml'), 'b: 2\n');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const yamlParse = (_name: string, text: string) => parse(text);

  it('takes the value from the snapshot only for the text it was made from', () => {
    writeFileSync(join(dir, PARSED_YAML_FILE), buildSnapshot(url, ['a.yaml', 'b.yaml'], yamlParse));
    const fallback = vi.fn(yamlParse);
    const read = snapshotParser(url, fallback);
    expect(read('a.yaml', 'list: [1, two]\nnested: { x: true }\n')).toEqual({
      list: [1, 'two'],
      nested: { x: true },
    });
    expect(fallback).not.toHaveBeenCalled();
    // An edited file no longer matches its hash: parsed as YAML.
    expect(read('b.yaml', 'b: 3\n')).toEqual({ b: 3 });
    expect(fallback).toHaveBeenCalledTimes(1);
    // Not in the snapshot at all.
    expect(read('c.yaml', 'c: 1\n')).toEqual({ c: 1 });
    expect(fallback).toHaveBeenCalledTimes(2);
  });

  it('hands each snapshot value out once, so callers never share an object', () => {
    writeFileSync(join(dir, PARSED_YAML_FILE), buildSnapshot(url, ['a.yaml'], yamlParse));
    const fallback = vi.fn(yamlParse);
    const read = snapshotParser(url, fallback);
    const text = 'list: [1, two]\nnested: { x: true }\n';
    const first = read('a.yaml', text) as { list: unknown[] };
    first.list.push('changed');
    expect(read('a.yaml', text)).toEqual({ list: [1, 'two'], nested: { x: true } });
    expect(fallback).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['missing', undefined],
    ['not JSON', '{"version": 1, "files": '],
    ['another version', JSON.stringify({ version: 99, files: {} })],
    ['the wrong shape', JSON.stringify({ version: 1, files: [] })],
    [
      'an entry without a hash',
      JSON.stringify({ version: 1, files: { 'b.yaml': { value: { b: 'forged' } } } }),
    ],
  ])('parses the YAML when the snapshot is %s', (_what, content) => {
    if (content !== undefined) writeFileSync(join(dir, PARSED_YAML_FILE), content);
    const fallback = vi.fn(yamlParse);
    expect(snapshotParser(url, fallback)('b.yaml', 'b: 2\n')).toEqual({ b: 2 });
    expect(fallback).toHaveBeenCalledTimes(1);
  });

  it('leaves out a file whose value JSON cannot carry, so it is always parsed as YAML', () => {
    writeFileSync(join(dir, 'nan.yaml'), 'n: .nan\n');
    const snapshot = JSON.parse(buildSnapshot(url, ['nan.yaml', 'b.yaml'], yamlParse));
    expect(Object.keys(snapshot.files)).toEqual(['b.yaml']);
  });

  it('passes parse errors through from the owner parser', () => {
    const read = snapshotParser(url, parseCatalogueYaml);
    expect(() => read('sscop.yaml', 'a: [1\n')).toThrow(/catalogue\/sscop\.yaml: not valid YAML/);
  });
});

describe('loading through the snapshot', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('gives the same catalogue as parsing the YAML', () => {
    dir = mkdtempSync(join(tmpdir(), 'vouch-catalogue-yaml-'));
    for (const f of CATALOGUE_FILES) copyFileSync(new URL(f, DATA_DIR), join(dir, f));
    expect(loadCatalogueFrom(DATA_DIR)).toEqual(loadCatalogueFrom(dir));
  });

  it('gives the same rules as parsing the YAML', () => {
    dir = mkdtempSync(join(tmpdir(), 'vouch-rules-yaml-'));
    for (const f of ruleFileNames()) copyFileSync(new URL(f, RULES_DIR), join(dir, f));
    expect(loadRules()).toEqual(loadRules(pathToFileURL(`${dir}/`)));
  });
});
