/**
 * The Python formats as the registry sees them before any extractor code loads: ids, names and the
 * synchronous path tests. Each format's extractor (`<format>/index.ts`) adds `extract` to its entry.
 */
import type { ExtractorInfo } from '../support/lazy.js';
import { baseName } from '../support/text.js';

/** pip's rule: a ".txt" file whose name contains "requirements" (we also take any .txt in a requirements/ folder). */
function isRequirementsPath(path: string): boolean {
  if (!path.endsWith('.txt')) return false;
  const base = baseName(path);
  if (base.includes('requirements')) return true;
  const parts = path.split('/');
  return parts.length >= 2 && parts[parts.length - 2] === 'requirements';
}

export const pdmLockFormat: ExtractorInfo = {
  id: 'python/pdmlock',
  ecosystem: 'pypi',
  format: 'pdm.lock',
  kind: 'lockfile',
  matches: (path) => path === 'pdm.lock' || path.endsWith('/pdm.lock'),
};

export const pipfileFormat: ExtractorInfo = {
  id: 'python/pipfile',
  ecosystem: 'pypi',
  format: 'Pipfile',
  kind: 'manifest',
  matches: (path) => path === 'Pipfile' || path.endsWith('/Pipfile'),
};

export const pipfileLockFormat: ExtractorInfo = {
  id: 'python/pipfilelock',
  ecosystem: 'pypi',
  format: 'Pipfile.lock',
  kind: 'lockfile',
  matches: (path) => path === 'Pipfile.lock' || path.endsWith('/Pipfile.lock'),
};

export const poetryLockFormat: ExtractorInfo = {
  id: 'python/poetrylock',
  ecosystem: 'pypi',
  format: 'poetry.lock',
  kind: 'lockfile',
  matches: (path) => path === 'poetry.lock' || path.endsWith('/poetry.lock'),
};

export const pyprojectTomlFormat: ExtractorInfo = {
  id: 'python/pyprojecttoml',
  ecosystem: 'pypi',
  format: 'pyproject.toml',
  kind: 'manifest',
  matches: (path) => path === 'pyproject.toml' || path.endsWith('/pyproject.toml'),
};

export const requirementsFormat: ExtractorInfo = {
  id: 'python/requirements',
  ecosystem: 'pypi',
  format: 'requirements.txt',
  // pip-compile output pins everything; hand-written files may not (each component says `pinned`).
  kind: 'lockfile',
  matches: isRequirementsPath,
};

export const uvLockFormat: ExtractorInfo = {
  id: 'python/uvlock',
  ecosystem: 'pypi',
  format: 'uv.lock',
  kind: 'lockfile',
  matches: (path) => path === 'uv.lock' || path.endsWith('/uv.lock'),
};
