import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadRules, RULES_DIR, validateRuleFiles } from '../collectors/rules.js';
import { assembleCatalogue, type CatalogueFiles, DATA_DIR, FILES, readCatalogueTexts } from './assemble.js';
import { loadCatalogue } from './load.js';
import { shippedDataPath, shippedValues, writeShippedData } from './shipped-data.js';
import { loadCatalogueFrom, validateCatalogueFiles } from './validate.js';

let dir: URL;
let path: string;
beforeEach(() => {
  path = mkdtempSync(join(tmpdir(), 'vouch-shipped-'));
  dir = pathToFileURL(`${path}/`);
});
afterEach(() => rmSync(path, { recursive: true, force: true }));

describe('shipped data', () => {
  it('gives each file its value only for the text it was made from', () => {
    writeShippedData(
      'rules',
      { 'a.yaml': { text: 'a: 1\n', value: { a: 1 } }, 'b.yaml': { text: 'b\n', value: 'b' } },
      dir,
    );
    expect(shippedValues('rules', { 'a.yaml': 'a: 1\n', 'b.yaml': 'b\n' }, dir)).toEqual({
      'a.yaml': { a: 1 },
      'b.yaml': 'b',
    });
    expect(shippedValues('rules', { 'a.yaml': 'a: 1\n' }, dir)).toEqual({ 'a.yaml': { a: 1 } });
    // An edited file, or one the build did not see: the caller validates the YAML.
    expect(shippedValues('rules', { 'a.yaml': 'a: 2\n' }, dir)).toBeUndefined();
    expect(shippedValues('rules', { 'a.yaml': 'a: 1\n', 'c.yaml': 'c\n' }, dir)).toBeUndefined();
    expect(shippedValues('catalogue', { 'a.yaml': 'a: 1\n' }, dir)).toBeUndefined();
  });

  it.each([
    ['not JSON', '{"version": 1, "files": '],
    ['another version', JSON.stringify({ version: 99, files: {} })],
    ['the wrong shape', JSON.stringify({ version: 1, files: [] })],
    ['an entry without a value', JSON.stringify({ version: 1, files: { 'a.yaml': { sha256: 'x' } } })],
  ])('is not used when it is %s', (_, content) => {
    writeFileSync(shippedDataPath('rules', dir), content);
    expect(shippedValues('rules', { 'a.yaml': 'a: 1\n' }, dir)).toBeUndefined();
  });

  it('carries the validated catalogue through JSON unchanged', () => {
    const texts = readCatalogueTexts(DATA_DIR);
    const files = validateCatalogueFiles(texts);
    writeShippedData(
      'catalogue',
      Object.fromEntries(
        (Object.keys(FILES) as (keyof typeof FILES)[]).map((k) => [
          FILES[k],
          { text: texts[k], value: files[k] },
        ]),
      ),
      dir,
    );
    const values = shippedValues(
      'catalogue',
      {
        [FILES.sscop]: texts.sscop,
        [FILES.aicop]: texts.aicop,
        [FILES.evidence]: texts.evidence,
      },
      dir,
    )!;
    const shipped = {
      sscop: values[FILES.sscop],
      aicop: values[FILES.aicop],
      evidence: values[FILES.evidence],
    } as CatalogueFiles;
    expect(assembleCatalogue(texts, shipped)).toStrictEqual(loadCatalogueFrom(DATA_DIR));
  });

  it('carries the validated rules through JSON unchanged', () => {
    const validated = validateRuleFiles();
    const files = Object.fromEntries(
      Object.values(validated).map(({ name, text, value }) => [name, { text, value }]),
    );
    writeShippedData('rules', files, dir);
    const texts = Object.fromEntries(Object.values(validated).map(({ name, text }) => [name, text]));
    const values = shippedValues('rules', texts, dir)!;
    for (const { name, value } of Object.values(validated)) expect(values[name]).toStrictEqual(value);
  });

  it('the loaders give what validating the YAML gives, with or without the build', () => {
    expect(loadCatalogue()).toStrictEqual(loadCatalogueFrom(DATA_DIR));
    const rules = loadRules();
    for (const [key, { value }] of Object.entries(validateRuleFiles()))
      expect(rules[key as keyof typeof rules]).toStrictEqual(value);
  });

  it('a copy of the rules folder is validated, not taken from the build', () => {
    const copy = join(path, 'rules');
    mkdirSync(copy);
    for (const { name, text } of Object.values(validateRuleFiles())) {
      writeFileSync(join(copy, name), name === 'ci-systems.yaml' ? `${text}\nunexpected: 1\n` : text);
    }
    expect(() => loadRules(pathToFileURL(`${copy}/`))).toThrow(/rules\/ci-systems\.yaml: .*unexpected/i);
    expect(readFileSync(new URL('ci-systems.yaml', RULES_DIR), 'utf8')).not.toContain('unexpected: 1');
  });
});
