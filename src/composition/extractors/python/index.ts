import type { Extractor } from '../../component.js';
import { pdmLockExtractor } from './pdmlock/index.js';
import { pipfileExtractor } from './pipfile/index.js';
import { pipfileLockExtractor } from './pipfilelock/index.js';
import { poetryLockExtractor } from './poetrylock/index.js';
import { pyprojectTomlExtractor } from './pyprojecttoml/index.js';
import { requirementsExtractor } from './requirements/index.js';
import { uvLockExtractor } from './uvlock/index.js';

/** Lockfiles first; the manifests (pyproject.toml, Pipfile) declare what the lockfiles pin. */
export const extractors: Extractor[] = [
  poetryLockExtractor,
  uvLockExtractor,
  pdmLockExtractor,
  pipfileLockExtractor,
  requirementsExtractor,
  pyprojectTomlExtractor,
  pipfileExtractor,
];
