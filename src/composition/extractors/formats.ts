/**
 * Every format the registry knows, as it sees them before any extractor code loads: ids, names,
 * kinds and the synchronous path tests, grouped by ecosystem. Each format's extractor
 * (`<language>/<format>/index.ts`) adds `extract` to its entry. One table rather than one module
 * per language: each module costs every vouch start about half a millisecond to load.
 */
import { baseName, insideNodeModules } from './javascript/internal/text.js';
import type { ExtractorInfo } from './support/lazy.js';

// GitHub Actions

/** GitHub runs only the workflows at the repository root's .github/workflows (not in subfolders). */
export function isWorkflowPath(path: string): boolean {
  return /^\.github\/workflows\/[^/]+\.ya?ml$/.test(path);
}

export function isActionMetadataPath(path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1);
  return base === 'action.yml' || base === 'action.yaml';
}

export const workflowFormat: ExtractorInfo = {
  id: 'actions/workflow',
  ecosystem: 'github-actions',
  format: 'GitHub Actions workflow / action.yml',
  kind: 'manifest',
  matches: (path) => isWorkflowPath(path) || isActionMetadataPath(path),
};

// Container images

export function isDockerfilePath(path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1);
  // per-Dockerfile ignore files and documentation beside them
  if (/\.(dockerignore|md|markdown|rst|txt|orig|bak)$/i.test(base)) return false;
  return /^(dockerfile|containerfile)(\.[^/]+)?$/i.test(base) || /\.(dockerfile|containerfile)$/i.test(base);
}

export const dockerfileFormat: ExtractorInfo = {
  id: 'docker/dockerfile',
  ecosystem: 'docker',
  format: 'Dockerfile / Containerfile',
  kind: 'manifest',
  matches: isDockerfilePath,
};

// .NET (NuGet)

export const csprojFormat: ExtractorInfo = {
  id: 'dotnet/csproj',
  ecosystem: 'nuget',
  format: 'MSBuild project PackageReference (.csproj, .fsproj, .vbproj)',
  kind: 'manifest',
  matches(path) {
    return /\.(cs|fs|vb)proj$/i.test(path);
  },
};

export const packagesLockJsonFormat: ExtractorInfo = {
  id: 'dotnet/packageslockjson',
  ecosystem: 'nuget',
  format: 'NuGet packages.lock.json',
  kind: 'lockfile',
  matches(path) {
    return path.slice(path.lastIndexOf('/') + 1) === 'packages.lock.json';
  },
};

// Go

export const goModFormat: ExtractorInfo = {
  id: 'go/gomod',
  ecosystem: 'golang',
  format: 'go.mod',
  kind: 'lockfile',
  matches: (path) => path === 'go.mod' || path.endsWith('/go.mod'),
};

// Java (Maven, Gradle)

export const gradleLockfileFormat: ExtractorInfo = {
  id: 'java/gradlelockfile',
  ecosystem: 'maven',
  format: 'gradle.lockfile / buildscript-gradle.lockfile',
  kind: 'lockfile',
  matches(path) {
    const base = path.slice(path.lastIndexOf('/') + 1);
    return base === 'gradle.lockfile' || base === 'buildscript-gradle.lockfile';
  },
};

export const pomXmlFormat: ExtractorInfo = {
  id: 'java/pomxml',
  ecosystem: 'maven',
  format: 'Maven pom.xml',
  kind: 'manifest',
  matches(path) {
    const base = path.slice(path.lastIndexOf('/') + 1);
    return base === 'pom.xml' || (base.endsWith('.pom') && base.length > 4);
  },
};

// JavaScript (npm, yarn, pnpm, bun)

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

// PHP (Composer)

export const composerJsonFormat: ExtractorInfo = {
  id: 'php/composerjson',
  ecosystem: 'composer',
  format: 'composer.json',
  kind: 'manifest',
  matches(path) {
    return path.slice(path.lastIndexOf('/') + 1) === 'composer.json';
  },
};

export const composerLockFormat: ExtractorInfo = {
  id: 'php/composerlock',
  ecosystem: 'composer',
  format: 'composer.lock',
  kind: 'lockfile',
  matches(path) {
    return path.slice(path.lastIndexOf('/') + 1) === 'composer.lock';
  },
};

// Python

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

export const pylockFormat: ExtractorInfo = {
  id: 'python/pylock',
  ecosystem: 'pypi',
  format: 'pylock.toml (PEP 751)',
  kind: 'lockfile',
  matches: (path) => /(?:^|\/)pylock(?:\.[^./]+)?\.toml$/.test(path),
};

export const setupPyFormat: ExtractorInfo = {
  id: 'python/setuppy',
  ecosystem: 'pypi',
  format: 'setup.py',
  kind: 'manifest',
  matches: (path) => path === 'setup.py' || path.endsWith('/setup.py'),
};

export const setupCfgFormat: ExtractorInfo = {
  id: 'python/setupcfg',
  ecosystem: 'pypi',
  format: 'setup.cfg',
  kind: 'manifest',
  matches: (path) => path === 'setup.cfg' || path.endsWith('/setup.cfg'),
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

// Ruby

export const gemfileLockFormat: ExtractorInfo = {
  id: 'ruby/gemfilelock',
  ecosystem: 'gem',
  format: 'Gemfile.lock / gems.locked',
  kind: 'lockfile',
  matches(path) {
    const base = path.slice(path.lastIndexOf('/') + 1);
    return base === 'Gemfile.lock' || base === 'gems.locked';
  },
};

// Rust

export const cargoLockFormat: ExtractorInfo = {
  id: 'rust/cargolock',
  ecosystem: 'cargo',
  format: 'Cargo.lock',
  kind: 'lockfile',
  matches: (path) => path === 'Cargo.lock' || path.endsWith('/Cargo.lock'),
};

export const cargoTomlFormat: ExtractorInfo = {
  id: 'rust/cargotoml',
  ecosystem: 'cargo',
  format: 'Cargo.toml',
  kind: 'manifest',
  matches: (path) => path === 'Cargo.toml' || path.endsWith('/Cargo.toml'),
};
