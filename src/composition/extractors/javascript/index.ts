import type { Extractor } from '../../component.js';
import { bunLockExtractor } from './bunlock/index.js';
import { packageJsonExtractor } from './packagejson/index.js';
import { packageLockJsonExtractor } from './packagelockjson/index.js';
import { pnpmLockExtractor } from './pnpmlock/index.js';
import { yarnLockExtractor } from './yarnlock/index.js';

/** Lockfiles first; package.json is the fallback manifest when no lockfile covers it. */
export const extractors: Extractor[] = [
  packageLockJsonExtractor,
  yarnLockExtractor,
  pnpmLockExtractor,
  bunLockExtractor,
  packageJsonExtractor,
];
