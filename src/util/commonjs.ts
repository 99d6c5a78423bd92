/**
 * `require` for CommonJS dependencies on start-up paths. Importing a CommonJS package as ESM makes
 * node lex its whole source for named exports before running it (commander: ~5 ms, ignore: ~10 ms
 * of every vouch start); `require` just runs it.
 */
import { createRequire } from 'node:module';

export const requireCommonJs = createRequire(import.meta.url);

/** node:crypto, loaded on first use: ~4 ms that paths without a digest or UUID should not pay. */
export function nodeCrypto(): typeof import('node:crypto') {
  return requireCommonJs('node:crypto') as typeof import('node:crypto');
}
