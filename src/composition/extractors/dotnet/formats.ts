/**
 * The .NET (NuGet) formats as the registry sees them before any extractor code loads: ids, names and the
 * synchronous path tests. Each format's extractor (`<format>/index.ts`) adds `extract` to its entry.
 */
import type { ExtractorInfo } from '../support/lazy.js';

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
