import type { Extractor } from '../../component.js';
import { lazyExtractor } from '../support/lazy.js';
import { gradleLockfileFormat, pomXmlFormat } from './formats.js';

/** Each extractor's module (and its parser library) loads when it first extracts a file. */
export const extractors: Extractor[] = [
  lazyExtractor(
    gradleLockfileFormat,
    async () => (await import('./gradlelockfile/index.js')).gradleLockfileExtractor,
  ),
  lazyExtractor(pomXmlFormat, async () => (await import('./pomxml/index.js')).pomXmlExtractor),
];
