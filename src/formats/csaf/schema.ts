/**
 * The official CSAF 2.0 (document and provider metadata) and OpenVEX 0.2.0 JSON schemas,
 * vendored under schemas/external and compiled with Ajv2020 on first use: only the advisory
 * commands pay for it.
 */
import { readFileSync } from 'node:fs';
import type { ValidateFunction } from 'ajv';
import type { Ajv2020 as Ajv2020Type } from 'ajv/dist/2020.js';
import { requireCommonJs } from '../../util/commonjs.js';

const EXTERNAL = new URL('../../../schemas/external/', import.meta.url);

export const CSAF_SCHEMA_FILES = {
  csaf: 'csaf/2.0/csaf_json_schema.json',
  provider: 'csaf/2.0/provider_json_schema.json',
  cvss20: 'csaf/2.0/referenced/first/cvss-v2.0.json',
  cvss30: 'csaf/2.0/referenced/first/cvss-v3.0.json',
  cvss31: 'csaf/2.0/referenced/first/cvss-v3.1.json',
  openvex: 'openvex/0.2.0/openvex_json_schema.json',
} as const;

/** The URLs the CSAF schema uses to refer to the FIRST CVSS schemas. */
export const CVSS_SCHEMA_URL = {
  '2.0': 'https://www.first.org/cvss/cvss-v2.0.json',
  '3.0': 'https://www.first.org/cvss/cvss-v3.0.json',
  '3.1': 'https://www.first.org/cvss/cvss-v3.1.json',
} as const;

export function schemaFileUrl(name: keyof typeof CSAF_SCHEMA_FILES): URL {
  return new URL(CSAF_SCHEMA_FILES[name], EXTERNAL);
}

function readSchema(name: keyof typeof CSAF_SCHEMA_FILES): Record<string, unknown> {
  return JSON.parse(readFileSync(schemaFileUrl(name), 'utf8')) as Record<string, unknown>;
}

export interface SchemaValidators {
  csaf: ValidateFunction;
  provider: ValidateFunction;
  openvex: ValidateFunction;
  cvss: Record<keyof typeof CVSS_SCHEMA_URL, ValidateFunction>;
}

let compiled: SchemaValidators | undefined;

export function schemaValidators(): SchemaValidators {
  if (compiled) return compiled;
  const { Ajv2020 } = requireCommonJs('ajv/dist/2020.js') as { Ajv2020: typeof Ajv2020Type };
  const addFormats = requireCommonJs('ajv-formats') as (ajv: unknown) => void;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  // OpenVEX uses the IRI formats, which ajv-formats has no checker for; the schema's other
  // constraints still apply.
  ajv.addFormat('iri', true);
  ajv.addFormat('iri-reference', true);
  // The FIRST schemas are older drafts: their identifiers are registered under the URLs the
  // CSAF schema refers to, without their `$schema`, so that Ajv2020 compiles them.
  const cvssFile = { '2.0': 'cvss20', '3.0': 'cvss30', '3.1': 'cvss31' } as const;
  for (const [version, url] of Object.entries(CVSS_SCHEMA_URL)) {
    const {
      $schema: _s,
      id: _id,
      $id: _$id,
      ...body
    } = readSchema(cvssFile[version as keyof typeof cvssFile]);
    ajv.addSchema(body, url);
  }
  const csaf = ajv.compile(readSchema('csaf'));
  compiled = {
    csaf,
    provider: ajv.compile(readSchema('provider')),
    openvex: ajv.compile(readSchema('openvex')),
    cvss: {
      '2.0': ajv.getSchema(CVSS_SCHEMA_URL['2.0']) as ValidateFunction,
      '3.0': ajv.getSchema(CVSS_SCHEMA_URL['3.0']) as ValidateFunction,
      '3.1': ajv.getSchema(CVSS_SCHEMA_URL['3.1']) as ValidateFunction,
    },
  };
  return compiled;
}

/** Errors as `path: message`; empty when `doc` is valid. */
export function schemaErrors(validate: ValidateFunction, doc: unknown): string[] {
  if (validate(doc)) return [];
  return (validate.errors ?? []).map((e) => {
    const extra =
      e.keyword === 'additionalProperties'
        ? ` (${String((e.params as { additionalProperty?: unknown }).additionalProperty)})`
        : e.keyword === 'enum'
          ? ` (${((e.params as { allowedValues?: unknown[] }).allowedValues ?? []).join(', ')})`
          : '';
    return `${e.instancePath || '/'}: ${e.message ?? e.keyword}${extra}`;
  });
}
