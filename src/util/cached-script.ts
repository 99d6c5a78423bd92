/**
 * Scripts run through node:vm with a V8 code cache made at build time: on Node 20 only a script
 * (not an ES module) can use one. With the cache, V8 neither parses nor compiles the script, nor
 * the functions it compiled while the cache was made. Used for the generated schema validators
 * and for commander (every vouch start).
 *
 * Each script's first line states the SHA-256 of the lines below it, and the cache file starts
 * with the same digest: V8 itself only compares source lengths, so a cache made for other source
 * (a script regenerated after the build) would otherwise run stale code. Hashing the script on
 * each run would cost milliseconds; the generator states the digest once. Without a cache, with a
 * stale one, or with one V8 refuses (another node version), the script compiles as usual.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Script } from 'node:vm';
import { nodeCrypto } from './commonjs.js';

/** A script's first line: this, then the SHA-256 (hex) of the lines below it. */
export const SOURCE_DIGEST_PREFIX = '// sha256 of the lines below: ';
const DIGEST_LINE = /^\/\/ sha256 of the lines below: ([0-9a-f]{64})\n/;
const DIGEST_BYTES = 32;

/**
 * 'used': compiled from the code cache; 'stale': the cache was made for other source;
 * 'rejected': V8 refused it (another node version or flags); 'none': there was no cache.
 */
export type CacheUse = 'used' | 'stale' | 'rejected' | 'none';

export interface CompiledScript {
  file: string;
  /** What the script evaluates to. */
  value: unknown;
  cache: CacheUse;
  script: Script;
  source: string;
}

/** `body` with its digest line in front (build time). */
export function withSourceDigest(body: string): string {
  return `${SOURCE_DIGEST_PREFIX}${nodeCrypto().createHash('sha256').update(body).digest('hex')}\n${body}`;
}

function statedDigest(source: string): Buffer | undefined {
  const m = DIGEST_LINE.exec(source.slice(0, 128));
  return m ? Buffer.from(m[1] as string, 'hex') : undefined;
}

/** V8's cached data for `source` from `cacheFile`, or why there is none. */
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

/** Compiles and runs the script at `file`, from `cacheFile` when it holds a usable cache (null: none). */
export function runCachedScript(file: string, cacheFile: string | null): CompiledScript {
  const source = readFileSync(file, 'utf8');
  const cached = cacheFile === null ? 'none' : readCodeCache(cacheFile, source);
  const script = new Script(source, {
    filename: file,
    ...(typeof cached === 'string' ? {} : { cachedData: cached }),
  });
  const value = script.runInThisContext();
  const cache = typeof cached === 'string' ? cached : script.cachedDataRejected ? 'rejected' : 'used';
  return { file, value, cache, script, source };
}

/**
 * Writes the code cache of a script already run (and warmed up, so that the functions it
 * compiles lazily are in the cache too) to `cacheFile`.
 */
export function writeScriptCache(compiled: CompiledScript, cacheFile: string): void {
  const digest = statedDigest(compiled.source);
  if (!digest) throw new Error(`${compiled.file} has no source digest line: regenerate it`);
  writeFileSync(cacheFile, Buffer.concat([digest, compiled.script.createCachedData()]));
}
