/**
 * `require` for CommonJS dependencies loaded on first use: importing a CommonJS package as ESM
 * makes node lex its whole source for named exports before running it; `require` just runs it.
 */
import { createRequire } from 'node:module';

export const requireCommonJs = createRequire(import.meta.url);
