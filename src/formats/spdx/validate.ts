/**
 * Validates SPDX 2.3 JSON documents against the official schema (precompiled standalone
 * validator; full error lists compile the schema at run time).
 */
import { describeAjvErrors, type ValidateOptions, type ValidationResult } from '../cyclonedx/validate.js';
import { precompiledValidator, type ValidateFn } from '../precompiled-validator.js';

let allErrorsValidator: ValidateFn | undefined;

async function validator(allErrors: boolean): Promise<ValidateFn> {
  if (!allErrors) return precompiledValidator('spdx-2.3');
  if (!allErrorsValidator) {
    const { createAjv } = await import('../cyclonedx/ajv-setup.js');
    const { spdxSchema } = await import('./schema-files.js');
    allErrorsValidator = createAjv({ allErrors: true }).compile(spdxSchema()) as ValidateFn;
  }
  return allErrorsValidator;
}

export async function validateSpdx(doc: unknown, opts: ValidateOptions = {}): Promise<ValidationResult> {
  const fn = await validator(!!opts.allErrors);
  const valid = fn(doc);
  return {
    valid,
    errors: valid ? [] : describeAjvErrors(fn.errors, opts.maxErrors ?? 10),
    schema: 'SPDX 2.3 JSON schema',
  };
}
