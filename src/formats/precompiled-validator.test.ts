import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sampleSbom } from './cyclonedx/test-components.js';
import {
  loadPrecompiled,
  type PrecompiledName,
  SOURCE_DIGEST_PREFIX,
  validatorScriptPath,
  writeCodeCache,
} from './precompiled-validator.js';

const dir = mkdtempSync(join(tmpdir(), 'vouch-code-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A document the schema rejects: the sample with its first component's name removed. */
function brokenSbom(name: PrecompiledName): unknown {
  const doc = sampleSbom(name) as Record<string, Record<string, unknown>[] | undefined>;
  const first = (name === 'spdx-2.3' ? doc.packages : doc.components)?.[0];
  if (first) delete first.name;
  return doc;
}

/**
 * Loads the validator in a fresh process: V8 keeps every script it compiled in an in-process
 * cache and then ignores the cached data it is offered, so only a new process tells whether the
 * file's cache was used or refused.
 */
function loadInFreshProcess(name: PrecompiledName, cacheFile: string) {
  const script = `
    import { loadPrecompiled } from ${JSON.stringify(new URL('./precompiled-validator.ts', import.meta.url).href)};
    import { sampleSbom } from ${JSON.stringify(new URL('./cyclonedx/test-components.ts', import.meta.url).href)};
    const v = loadPrecompiled(${JSON.stringify(name)}, ${JSON.stringify(cacheFile)});
    const valid = v.validate(sampleSbom(${JSON.stringify(name)}));
    process.stdout.write(JSON.stringify({ cache: v.cache, valid }));`;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(child.status, child.stderr).toBe(0);
  return JSON.parse(child.stdout) as { cache: string; valid: boolean };
}

describe.each<PrecompiledName>(['cyclonedx-1.6', 'spdx-2.3'])('precompiled %s validator', (name) => {
  const cacheFile = join(dir, `${name}.v8-cache`);
  writeCodeCache(
    name,
    (validate) => {
      if (!validate(sampleSbom(name))) throw new Error('sample does not validate');
    },
    cacheFile,
  );

  it('states the SHA-256 of its own text on its first line (the identity of its code cache)', () => {
    const source = readFileSync(validatorScriptPath(name), 'utf8');
    const newline = source.indexOf('\n');
    const first = source.slice(0, newline);
    expect(first.startsWith(SOURCE_DIGEST_PREFIX)).toBe(true);
    const body = source.slice(newline + 1);
    expect(first.slice(SOURCE_DIGEST_PREFIX.length)).toBe(createHash('sha256').update(body).digest('hex'));
  });

  it('compiles from the cache the build step writes, and validates the same as without it', () => {
    expect(loadInFreshProcess(name, cacheFile)).toEqual({ cache: 'used', valid: true });

    const withCache = loadPrecompiled(name, cacheFile);
    const without = loadPrecompiled(name, null);
    expect(without.cache).toBe('none');
    expect(withCache.validate(brokenSbom(name))).toBe(false);
    expect(without.validate(brokenSbom(name))).toBe(false);
    expect(withCache.validate.errors?.length).toBeGreaterThan(0);
    expect(withCache.validate.errors).toEqual(without.validate.errors);
  });

  it('compiles as usual when V8 refuses the cache (another node version)', () => {
    const refused = join(dir, `${name}.refused`);
    const digest = readFileSync(cacheFile).subarray(0, 32);
    writeFileSync(refused, Buffer.concat([digest, Buffer.alloc(64, 7)]));
    expect(loadInFreshProcess(name, refused)).toEqual({ cache: 'rejected', valid: true });
  });

  it('ignores a cache made for other source (V8 alone compares only lengths), a truncated one, and none', () => {
    const bytes = Buffer.from(readFileSync(cacheFile));
    bytes[0] = (bytes[0] ?? 0) ^ 0xff; // the source digest no longer matches
    const stale = join(dir, `${name}.stale`);
    writeFileSync(stale, bytes);
    const truncated = join(dir, `${name}.truncated`);
    writeFileSync(truncated, bytes.subarray(0, 10));

    for (const [file, expected] of [
      [stale, 'stale'],
      [truncated, 'stale'],
      [join(dir, 'no-such.v8-cache'), 'none'],
    ] as const) {
      const v = loadPrecompiled(name, file);
      expect(v.cache, file).toBe(expected);
      expect(v.validate(sampleSbom(name))).toBe(true);
      expect(v.validate(brokenSbom(name))).toBe(false);
    }
  });
});
