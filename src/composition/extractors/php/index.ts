import type { Extractor } from '../../component.js';
import { lazyExtractor } from '../support/lazy.js';
import { composerJsonFormat, composerLockFormat } from './formats.js';

/** Each extractor's module (and its parser library) loads when it first extracts a file. */
export const extractors: Extractor[] = [
  lazyExtractor(
    composerLockFormat,
    async () => (await import('./composerlock/index.js')).composerLockExtractor,
  ),
  lazyExtractor(
    composerJsonFormat,
    async () => (await import('./composerjson/index.js')).composerJsonExtractor,
  ),
];
