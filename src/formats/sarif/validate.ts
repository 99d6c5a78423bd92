/**
 * Validation against the official OASIS SARIF 2.1.0 schema (JSON Schema draft-04, hence
 * ajv-draft-04). Compiled on first use: tests and `--validate` paths only, never start-up.
 */
import { readFileSync } from 'node:fs';
import type { ValidateFunction } from 'ajv';

export const SARIF_SCHEMA_FILE = new URL(
  '../../../schemas/external/sarif/sarif-schema-2.1.0.json',
  import.meta.url,
);

let compiled: ValidateFunction | undefined;

async function validator(): Promise<ValidateFunction> {
  if (compiled) return compiled;
  const [draft04, formats] = await Promise.all([import('ajv-draft-04'), import('ajv-formats')]);
  // Both are CommonJS; under NodeNext their default export arrives wrapped once more.
  const AjvDraft04 = ((draft04.default as unknown as { default?: unknown }).default ??
    draft04.default) as unknown as new (
    opts: object,
  ) => import('ajv').Ajv;
  const addFormats = ((formats.default as unknown as { default?: unknown }).default ??
    formats.default) as unknown as (ajv: unknown) => void;
  const schema = JSON.parse(readFileSync(SARIF_SCHEMA_FILE, 'utf8')) as Record<string, unknown>;
  const ajv = new AjvDraft04({ strict: false, allErrors: true });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  compiled = validate;
  return validate;
}

/** Schema errors as `path: message` lines; empty when the document is valid SARIF 2.1.0. */
export async function sarifSchemaErrors(doc: unknown): Promise<string[]> {
  const validate = await validator();
  if (validate(doc)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? e.keyword}`);
}
