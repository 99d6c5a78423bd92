/**
 * The precompiled schema validators (schemas/validators/<name>.js, made by
 * cyclonedx/generate-validators.ts), loaded through node:vm rather than imported: a script can use
 * V8's code cache, which the build writes beside this module (write-code-caches.ts). With it, the
 * ~700 KB CycloneDX validator is neither parsed nor compiled on each run, and neither are the
 * functions a validation would otherwise compile on first call (together ~30 ms of `vouch sbom`).
 * Without a cache (running from source), with one made for other source (the validators were
 * regenerated after the build; V8 itself only compares source lengths), or with one V8 rejects
 * (another node version), the script compiles as usual. Which source a cache belongs to is told by
 * the SHA-256 the generator writes on the script's first line (hashing 700 KB on each run would
 * cost ~3 ms); a test checks that line against the rest of the file.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

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

/** The generated code requires ajv's runtime helpers (ucs2length, equal, formats). */
const requireRuntime = createRequire(import.meta.url);

export interface LoadedValidator {
  validate: ValidateFn;
  /**
   * 'used': compiled from the code cache; 'stale': the cache was made from other source;
   * 'rejected': V8 refused it (another node version or flags); 'none': there was no cache.
   */
  cache: 'used' | 'stale' | 'rejected' | 'none';
  script: Script;
  source: string;
}

const DIGEST_BYTES = 32;
/** A script's first line: this, then the SHA-256 (hex) of the lines below it. */
export const SOURCE_DIGEST_PREFIX = '// sha256 of the lines below: ';
const DIGEST_LINE = /^\/\/ sha256 of the lines below: ([0-9a-f]{64})\n/;

function statedDigest(source: string): Buffer | undefined {
  const m = DIGEST_LINE.exec(source.slice(0, 128));
  return m ? Buffer.from(m[1] as string, 'hex') : undefined;
}

/** V8's cached data for `source` from `cacheFile`, 'none' or 'stale'. */
function readCodeCache(cacheFile: string, source: string): Buffer | 'none' | 'stale' {
  let file: Buffer;
  try {
    file = readFileSync(cacheFile);
  } catch {
    return 'none'; // running from source, or a build without the cache step
  }
  const digest = statedDigest(source);
  if (!digest || file.length <= DIGEST_BYTES || !file.subarray(0, DIGEST_BYTES).equals(digest))
    return 'stale';
  return file.subarray(DIGEST_BYTES);
}

/** Compiles a fresh instance, from `cacheFile` when it holds a usable cache (null: no cache). */
export function loadPrecompiled(
  name: PrecompiledName,
  cacheFile: string | null = codeCachePath(name),
): LoadedValidator {
  const file = validatorScriptPath(name);
  const source = readFileSync(file, 'utf8');
  const cached = cacheFile === null ? 'none' : readCodeCache(cacheFile, source);
  const script = new Script(source, {
    filename: file,
    ...(typeof cached === 'string' ? {} : { cachedData: cached }),
  });
  const factory = script.runInThisContext() as (require: NodeJS.Require) => ValidateFn;
  const cache = typeof cached === 'string' ? cached : script.cachedDataRejected ? 'rejected' : 'used';
  return { validate: factory(requireRuntime), cache, script, source };
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
  const { validate, script, source } = loadPrecompiled(name, null);
  warmUp(validate);
  const digest = statedDigest(source);
  if (!digest) throw new Error(`${validatorScriptPath(name)} has no source digest line: regenerate it`);
  writeFileSync(cacheFile, Buffer.concat([digest, script.createCachedData()]));
  return cacheFile;
}
