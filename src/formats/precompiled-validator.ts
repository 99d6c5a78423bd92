/**
 * The precompiled schema validators (schemas/validators/<name>.js, made by
 * cyclonedx/generate-validators.ts), run as cached scripts (../util/cached-script.ts) rather than
 * imported: with the build's code cache, the ~650 KB CycloneDX validator is neither parsed nor
 * compiled on each run, and neither are the functions a validation would otherwise compile on
 * first call (together ~30 ms of `vouch sbom`).
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import {
  type CacheUse,
  type CompiledScript,
  runCachedScript,
  writeScriptCache,
} from '../util/cached-script.js';

export { SOURCE_DIGEST_PREFIX } from '../util/cached-script.js';
export type PrecompiledName = 'cyclonedx-1.6' | 'spdx-2.3';

export interface AjvLikeError {
  instancePath?: string;
  message?: string;
  keyword?: string;
  params?: Record<string, unknown>;
}
export type ValidateFn = ((data: unknown) => boolean) & { errors?: AjvLikeError[] | null };

export function validatorScriptPath(name: PrecompiledName): string {
  return fileURLToPath(new URL(`../../schemas/validators/${name}.js`, import.meta.url));
}

/** dist/formats/<name>.v8-cache after a build: the SHA-256 of the script, then V8's cached data. */
export function codeCachePath(name: PrecompiledName): string {
  return fileURLToPath(new URL(`./${name}.v8-cache`, import.meta.url));
}

/** The generated code requires ajv-formats' format checkers. */
const requireRuntime = createRequire(import.meta.url);

export interface LoadedValidator {
  validate: ValidateFn;
  cache: CacheUse;
}

/** The validator a compiled script returns (the script evaluates to its factory). */
function instantiate(compiled: CompiledScript): ValidateFn {
  return (compiled.value as (require: NodeJS.Require) => ValidateFn)(requireRuntime);
}

/** Compiles a fresh instance, from `cacheFile` when it holds a usable cache (null: no cache). */
export function loadPrecompiled(
  name: PrecompiledName,
  cacheFile: string | null = codeCachePath(name),
): LoadedValidator {
  const compiled = runCachedScript(validatorScriptPath(name), cacheFile);
  return { validate: instantiate(compiled), cache: compiled.cache };
}

const loaded = new Map<PrecompiledName, LoadedValidator>();

/** The validator for `name`, loaded once per process (through the build's code cache if usable). */
export function precompiledValidator(name: PrecompiledName): ValidateFn {
  let v = loaded.get(name);
  if (!v) {
    v = loadPrecompiled(name);
    loaded.set(name, v);
  }
  return v.validate;
}

/**
 * Compiles without a cache, runs `warmUp` (so the functions a validation compiles lazily are
 * cached too), and writes the cache to `cacheFile`. Returns its path.
 */
export function writeCodeCache(
  name: PrecompiledName,
  warmUp: (validate: ValidateFn) => void,
  cacheFile: string = codeCachePath(name),
): string {
  const compiled = runCachedScript(validatorScriptPath(name), null);
  warmUp(instantiate(compiled));
  writeScriptCache(compiled, cacheFile);
  return cacheFile;
}
