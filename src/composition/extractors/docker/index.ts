import type { Extractor } from '../../component.js';
import { lazyExtractor } from '../support/lazy.js';
import { dockerfileFormat } from './formats.js';

/** Each extractor's module (and its parser library) loads when it first extracts a file. */
export const extractors: Extractor[] = [
  lazyExtractor(dockerfileFormat, async () => (await import('./dockerfile/index.js')).dockerfileExtractor),
];
