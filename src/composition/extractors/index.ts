/**
 * Every extractor vouch knows, in one list: what each claims (formats.ts) and where
 * its code is (`<language>/<format>/index.ts`, imported on its first `extract()` call; see
 * support/lazy.ts). One flat module rather than one per language: the registry is loaded by every
 * scan, and each module a fresh process loads costs it about a millisecond.
 *
 * Order matters only for display: by language, lockfiles before the manifests they cover.
 */
import type { Extractor } from '../component.js';
import {
  bunLockFormat,
  cargoLockFormat,
  cargoTomlFormat,
  composerJsonFormat,
  composerLockFormat,
  csprojFormat,
  dockerfileFormat,
  gemfileLockFormat,
  goModFormat,
  gradleLockfileFormat,
  packageJsonFormat,
  packageLockJsonFormat,
  packagesLockJsonFormat,
  pdmLockFormat,
  pipfileFormat,
  pipfileLockFormat,
  pnpmLockFormat,
  poetryLockFormat,
  pomXmlFormat,
  pylockFormat,
  pyprojectTomlFormat,
  requirementsFormat,
  setupCfgFormat,
  setupPyFormat,
  uvLockFormat,
  workflowFormat,
  yarnLockFormat,
} from './formats.js';
import { lazyExtractor } from './support/lazy.js';

export const extractors: readonly Extractor[] = [
  // JavaScript: package.json is the fallback manifest when no lockfile covers it.
  lazyExtractor(
    packageLockJsonFormat,
    async () => (await import('./javascript/packagelockjson/index.js')).packageLockJsonExtractor,
  ),
  lazyExtractor(
    yarnLockFormat,
    async () => (await import('./javascript/yarnlock/index.js')).yarnLockExtractor,
  ),
  lazyExtractor(
    pnpmLockFormat,
    async () => (await import('./javascript/pnpmlock/index.js')).pnpmLockExtractor,
  ),
  lazyExtractor(bunLockFormat, async () => (await import('./javascript/bunlock/index.js')).bunLockExtractor),
  lazyExtractor(
    packageJsonFormat,
    async () => (await import('./javascript/packagejson/index.js')).packageJsonExtractor,
  ),
  // Python
  lazyExtractor(
    poetryLockFormat,
    async () => (await import('./python/poetrylock/index.js')).poetryLockExtractor,
  ),
  lazyExtractor(uvLockFormat, async () => (await import('./python/uvlock/index.js')).uvLockExtractor),
  lazyExtractor(pdmLockFormat, async () => (await import('./python/pdmlock/index.js')).pdmLockExtractor),
  lazyExtractor(pylockFormat, async () => (await import('./python/pylock/index.js')).pylockExtractor),
  lazyExtractor(
    pipfileLockFormat,
    async () => (await import('./python/pipfilelock/index.js')).pipfileLockExtractor,
  ),
  lazyExtractor(
    requirementsFormat,
    async () => (await import('./python/requirements/index.js')).requirementsExtractor,
  ),
  lazyExtractor(
    pyprojectTomlFormat,
    async () => (await import('./python/pyprojecttoml/index.js')).pyprojectTomlExtractor,
  ),
  lazyExtractor(pipfileFormat, async () => (await import('./python/pipfile/index.js')).pipfileExtractor),
  lazyExtractor(setupPyFormat, async () => (await import('./python/setuppy/index.js')).setupPyExtractor),
  lazyExtractor(setupCfgFormat, async () => (await import('./python/setupcfg/index.js')).setupCfgExtractor),
  // Go
  lazyExtractor(goModFormat, async () => (await import('./go/gomod/index.js')).goModExtractor),
  // Rust
  lazyExtractor(cargoLockFormat, async () => (await import('./rust/cargolock/index.js')).cargoLockExtractor),
  lazyExtractor(cargoTomlFormat, async () => (await import('./rust/cargotoml/index.js')).cargoTomlExtractor),
  // Ruby
  lazyExtractor(
    gemfileLockFormat,
    async () => (await import('./ruby/gemfilelock/index.js')).gemfileLockExtractor,
  ),
  // PHP
  lazyExtractor(
    composerLockFormat,
    async () => (await import('./php/composerlock/index.js')).composerLockExtractor,
  ),
  lazyExtractor(
    composerJsonFormat,
    async () => (await import('./php/composerjson/index.js')).composerJsonExtractor,
  ),
  // .NET
  lazyExtractor(
    packagesLockJsonFormat,
    async () => (await import('./dotnet/packageslockjson/index.js')).packagesLockJsonExtractor,
  ),
  lazyExtractor(csprojFormat, async () => (await import('./dotnet/csproj/index.js')).csprojExtractor),
  // Java
  lazyExtractor(
    gradleLockfileFormat,
    async () => (await import('./java/gradlelockfile/index.js')).gradleLockfileExtractor,
  ),
  lazyExtractor(pomXmlFormat, async () => (await import('./java/pomxml/index.js')).pomXmlExtractor),
  // GitHub Actions workflows and Dockerfiles
  lazyExtractor(workflowFormat, async () => (await import('./actions/workflow/index.js')).workflowExtractor),
  lazyExtractor(
    dockerfileFormat,
    async () => (await import('./docker/dockerfile/index.js')).dockerfileExtractor,
  ),
];
