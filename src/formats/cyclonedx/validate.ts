/**
 * Validates CycloneDX JSON documents against the official schemas. 1.6 uses the precompiled
 * standalone validator (fast start-up, see ../precompiled-validator.ts); other versions, and full
 * error lists, compile the schema with ajv on first use.
 */
import { type AjvLikeError, precompiledValidator, type ValidateFn } from '../precompiled-validator.js';
import type { CycloneDxVersion } from './schema-files.js';

export interface SchemaError {
  /** JSON pointer of the offending value ("" for the document). */
  path: string;
  message: string;
}

export interface ValidationResult {
  valid: boolean;
  /** At most `maxErrors`. */
  errors: SchemaError[];
  /** Which schema judged. */
  schema: string;
}

export interface ValidateOptions {
  /** Collect every error (slower; compiles the schema at run time). Default: stop at the first. */
  allErrors?: boolean;
  maxErrors?: number;
}

export function describeAjvErrors(
  errors: readonly AjvLikeError[] | null | undefined,
  max: number,
): SchemaError[] {
  const out: SchemaError[] = [];
  for (const e of errors ?? []) {
    if (out.length >= max) break;
    let message = e.message ?? 'invalid';
    const p = e.params ?? {};
    if (e.keyword === 'additionalProperties' && typeof p.additionalProperty === 'string') {
      message += `: "${p.additionalProperty}"`;
    } else if (e.keyword === 'enum' && Array.isArray(p.allowedValues) && p.allowedValues.length <= 12) {
      message += `: ${p.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
    }
    out.push({ path: e.instancePath ?? '', message });
  }
  return out;
}

const compiled = new Map<string, ValidateFn>();

async function runtimeValidator(version: CycloneDxVersion, allErrors: boolean): Promise<ValidateFn> {
  const key = `${version}:${allErrors}`;
  let v = compiled.get(key);
  if (!v) {
    const { createAjv, compileWith } = await import('./ajv-setup.js');
    const { cycloneDxSchemas } = await import('./schema-files.js');
    const { main, refs } = cycloneDxSchemas(version);
    v = compileWith(createAjv({ allErrors }), main, refs) as ValidateFn;
    compiled.set(key, v);
  }
  return v;
}

export async function validateCycloneDx(
  doc: unknown,
  version: CycloneDxVersion = '1.6',
  opts: ValidateOptions = {},
): Promise<ValidationResult> {
  const max = opts.maxErrors ?? 10;
  const fn =
    version === '1.6' && !opts.allErrors
      ? precompiledValidator('cyclonedx-1.6')
      : await runtimeValidator(version, !!opts.allErrors);
  const valid = fn(doc);
  return {
    valid,
    errors: valid ? [] : describeAjvErrors(fn.errors, max),
    schema: `CycloneDX ${version} JSON schema`,
  };
}
