/**
 * The JavaScript (npm, yarn, pnpm, bun) formats as the registry sees them before any extractor code loads:
 * ids, names and the synchronous path tests. Each format's extractor (`<format>/index.ts`) adds `extract`
 * to its entry.
 */
import type { ExtractorInfo } from '../support/lazy.js';
import { baseName, insideNodeModules } from './internal/text.js';

export const bunLockFormat: ExtractorInfo = {
  id: 'javascript/bunlock',
  ecosystem: 'npm',
  format: 'bun.lock',
  kind: 'lockfile',
  matches(path: string): boolean {
    const b = baseName(path);
    return (b === 'bun.lock' || b === 'bun.lockb') && !insideNodeModules(path);
  },
};

export const packageJsonFormat: ExtractorInfo = {
  id: 'javascript/packagejson',
  ecosystem: 'npm',
  format: 'package.json (declared dependencies)',
  kind: 'manifest',
  matches: (path: string) => baseName(path) === 'package.json' && !path.split('/').includes('node_modules'),
};

export const packageLockJsonFormat: ExtractorInfo = {
  id: 'javascript/packagelockjson',
  ecosystem: 'npm',
  format: 'npm package-lock.json / npm-shrinkwrap.json',
  kind: 'lockfile',
  matches(path: string): boolean {
    const b = baseName(path);
    return (b === 'package-lock.json' || b === 'npm-shrinkwrap.json') && !insideNodeModules(path);
  },
};

export const pnpmLockFormat: ExtractorInfo = {
  id: 'javascript/pnpmlock',
  ecosystem: 'npm',
  format: 'pnpm-lock.yaml',
  kind: 'lockfile',
  matches: (path: string) => baseName(path) === 'pnpm-lock.yaml' && !insideNodeModules(path),
};

export const yarnLockFormat: ExtractorInfo = {
  id: 'javascript/yarnlock',
  ecosystem: 'npm',
  format: 'yarn.lock (classic v1 and berry)',
  kind: 'lockfile',
  matches: (path: string) => baseName(path) === 'yarn.lock' && !insideNodeModules(path),
};
