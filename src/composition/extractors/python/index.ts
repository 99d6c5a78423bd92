import type { Extractor } from '../../component.js';
import { lazyExtractor } from '../support/lazy.js';
import {
  pdmLockFormat,
  pipfileFormat,
  pipfileLockFormat,
  poetryLockFormat,
  pyprojectTomlFormat,
  requirementsFormat,
  uvLockFormat,
} from './formats.js';

/**
 * Lockfiles first; the manifests (pyproject.toml, Pipfile) declare what the lockfiles pin.
 * Each extractor's module (and its parser library) loads when it first extracts a file.
 */
export const extractors: Extractor[] = [
  lazyExtractor(poetryLockFormat, async () => (await import('./poetrylock/index.js')).poetryLockExtractor),
  lazyExtractor(uvLockFormat, async () => (await import('./uvlock/index.js')).uvLockExtractor),
  lazyExtractor(pdmLockFormat, async () => (await import('./pdmlock/index.js')).pdmLockExtractor),
  lazyExtractor(pipfileLockFormat, async () => (await import('./pipfilelock/index.js')).pipfileLockExtractor),
  lazyExtractor(
    requirementsFormat,
    async () => (await import('./requirements/index.js')).requirementsExtractor,
  ),
  lazyExtractor(
    pyprojectTomlFormat,
    async () => (await import('./pyprojecttoml/index.js')).pyprojectTomlExtractor,
  ),
  lazyExtractor(pipfileFormat, async () => (await import('./pipfile/index.js')).pipfileExtractor),
];
