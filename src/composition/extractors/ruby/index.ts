import type { Extractor } from '../../component.js';
import { lazyExtractor } from '../support/lazy.js';
import { gemfileLockFormat } from './formats.js';

/** Each extractor's module (and its parser library) loads when it first extracts a file. */
export const extractors: Extractor[] = [
  lazyExtractor(gemfileLockFormat, async () => (await import('./gemfilelock/index.js')).gemfileLockExtractor),
];
