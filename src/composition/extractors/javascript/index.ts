import type { Extractor } from '../../component.js';
import { lazyExtractor } from '../support/lazy.js';
import {
  bunLockFormat,
  packageJsonFormat,
  packageLockJsonFormat,
  pnpmLockFormat,
  yarnLockFormat,
} from './formats.js';

/**
 * Lockfiles first; package.json is the fallback manifest when no lockfile covers it.
 * Each extractor's module (and its parser library) loads when it first extracts a file.
 */
export const extractors: Extractor[] = [
  lazyExtractor(
    packageLockJsonFormat,
    async () => (await import('./packagelockjson/index.js')).packageLockJsonExtractor,
  ),
  lazyExtractor(yarnLockFormat, async () => (await import('./yarnlock/index.js')).yarnLockExtractor),
  lazyExtractor(pnpmLockFormat, async () => (await import('./pnpmlock/index.js')).pnpmLockExtractor),
  lazyExtractor(bunLockFormat, async () => (await import('./bunlock/index.js')).bunLockExtractor),
  lazyExtractor(packageJsonFormat, async () => (await import('./packagejson/index.js')).packageJsonExtractor),
];
