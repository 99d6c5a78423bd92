/**
 * `require` for CommonJS dependencies on start-up paths. Importing a CommonJS package as ESM makes
 * node lex its whole source for named exports before running it (commander: ~5 ms, ignore: ~10 ms
 * of every vouch start); `require` just runs it.
 */
import { createRequire } from 'node:module';

export const requireCommonJs = createRequire(import.meta.url);
