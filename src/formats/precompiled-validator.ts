/**
 * The precompiled schema validators (schemas/validators/<name>.cjs, made by
 * cyclonedx/generate-validators.ts): plain CommonJS modules, required once per process. Compiling
 * the CycloneDX 1.6 schema with ajv at run time would take over half a second.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export type PrecompiledName = 'cyclonedx-1.6' | 'spdx-2.3';

export interface AjvLikeError {
  instancePath?: string;
  message?: string;
  keyword?: string;
  params?: Record<string, unknown>;
}
export type ValidateFn = ((data: unknown) => boolean) & { errors?: AjvLikeError[] | null };

export function validatorScriptPath(name: PrecompiledName): string {
  return fileURLToPath(new URL(`../../schemas/validators/${name}.cjs`, import.meta.url));
}

const requireValidator = createRequire(import.meta.url);

/** The validator for `name`, loaded once per process (node's module cache keeps it). */
export function precompiledValidator(name: PrecompiledName): ValidateFn {
  return requireValidator(validatorScriptPath(name)) as ValidateFn;
}
