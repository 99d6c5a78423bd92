import type { Extractor } from '../../component.js';
import { lazyExtractor } from '../support/lazy.js';
import { goModFormat } from './formats.js';

/** Each extractor's module (and its parser library) loads when it first extracts a file. */
export const extractors: Extractor[] = [
  lazyExtractor(goModFormat, async () => (await import('./gomod/index.js')).goModExtractor),
];
