import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { manifestJsonSchemaText } from './json-schema.js';
import { manifestTemplate } from './template.js';

const published = readFileSync(new URL('../../schemas/vouch.schema.json', import.meta.url), 'utf8');
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats.default(ajv);
const validate = ajv.compile(JSON.parse(published));

describe('schemas/vouch.schema.json', () => {
  it('is what the zod schema generates (run `npm run schema:vouch` after changing it)', () => {
    expect(published).toBe(manifestJsonSchemaText());
  });

  it('validates the template `vouch init` writes, with and without detected AI use', () => {
    for (const aiSignals of [[], ['npm library openai']]) {
      const text = manifestTemplate(
        { name: 'demo', version: '1.0.0', aiSignals, kind: 'library' },
        '2026-11-28',
      );
      const data = parse(text);
      expect(validate(data), JSON.stringify(validate.errors)).toBe(true);
    }
  });

  it('refuses what vouch refuses: an unknown key, an unknown kind, a bad attestation id', () => {
    const base = parse(manifestTemplate({ name: 'demo', aiSignals: [] }, '2026-11-28'));
    expect(validate({ ...base, vendorRol: 'reseller' })).toBe(false);
    expect(validate({ ...base, product: { ...base.product, kind: 'app' } })).toBe(false);
    expect(
      validate({
        ...base,
        attestations: { 'sscop-1': { status: 'met', statement: 's', owner: 'o', expires: '2027-01-01' } },
      }),
    ).toBe(false);
  });
});
