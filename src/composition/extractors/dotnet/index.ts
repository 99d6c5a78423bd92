import type { Extractor } from '../../component.js';
import { lazyExtractor } from '../support/lazy.js';
import { csprojFormat, packagesLockJsonFormat } from './formats.js';

/** Each extractor's module (and its parser library) loads when it first extracts a file. */
export const extractors: Extractor[] = [
  lazyExtractor(
    packagesLockJsonFormat,
    async () => (await import('./packageslockjson/index.js')).packagesLockJsonExtractor,
  ),
  lazyExtractor(csprojFormat, async () => (await import('./csproj/index.js')).csprojExtractor),
];
