/**
 * Package-manager files vouch recognises by name but has no extractor for: the scan lists them in
 * coverage as unsupported, so a composition vouch cannot read is never silently missing from an
 * SBOM. The files extractors read are not repeated here; each extractor says which files it
 * reads in its own extractor.yaml, and a file an extractor reads is never an unknown one (so a
 * new extractor takes its files over without an edit here).
 */

import { pathMatcher } from './extractors/definition.js';
import { extractorDefinitions } from './extractors/definitions.js';

export interface KnownFile {
  /** Package manager / ecosystem, for coverage reports. */
  ecosystem: string;
  format: string;
  kind: 'lockfile' | 'manifest';
  /** Exact base name (case-sensitive), or a test on the base name. */
  name: string | RegExp;
  /**
   * Lockfile names that, present in the same directory and read by an extractor, make this
   * manifest's composition known (build.gradle + gradle.lockfile, say).
   */
  lockedBy?: string[];
}

export const knownFiles: readonly KnownFile[] = [
  // JavaScript
  { ecosystem: 'npm', format: 'Deno lockfile', kind: 'lockfile', name: 'deno.lock' },
  { ecosystem: 'npm', format: 'Bower manifest', kind: 'manifest', name: 'bower.json' },
  // Python
  { ecosystem: 'pypi', format: 'pixi lockfile', kind: 'lockfile', name: 'pixi.lock' },
  { ecosystem: 'pypi', format: 'pip requirements', kind: 'manifest', name: /^requirements.*\.(txt|in)$/ },
  { ecosystem: 'conda', format: 'conda lockfile', kind: 'lockfile', name: 'conda-lock.yml' },
  // Go
  { ecosystem: 'golang', format: 'Go workspace', kind: 'manifest', name: 'go.work' },
  { ecosystem: 'golang', format: 'dep lockfile', kind: 'lockfile', name: 'Gopkg.lock' },
  { ecosystem: 'golang', format: 'glide lockfile', kind: 'lockfile', name: 'glide.lock' },
  // Rust
  // Ruby
  { ecosystem: 'gem', format: 'Gemfile', kind: 'manifest', name: 'Gemfile', lockedBy: ['Gemfile.lock'] },
  { ecosystem: 'gem', format: 'gemspec', kind: 'manifest', name: /\.gemspec$/, lockedBy: ['Gemfile.lock'] },
  // PHP
  // .NET
  { ecosystem: 'nuget', format: 'packages.config', kind: 'manifest', name: 'packages.config' },
  { ecosystem: 'nuget', format: 'Paket lockfile', kind: 'lockfile', name: 'paket.lock' },
  {
    ecosystem: 'nuget',
    format: 'Paket manifest',
    kind: 'manifest',
    name: 'paket.dependencies',
    lockedBy: ['paket.lock'],
  },
  {
    ecosystem: 'nuget',
    format: 'central package versions',
    kind: 'manifest',
    name: 'Directory.Packages.props',
  },
  // JVM
  {
    ecosystem: 'maven',
    format: 'Gradle build script',
    kind: 'manifest',
    name: /^build\.gradle(\.kts)?$/,
    lockedBy: ['gradle.lockfile'],
  },
  { ecosystem: 'maven', format: 'Gradle version catalog', kind: 'manifest', name: 'libs.versions.toml' },
  {
    ecosystem: 'maven',
    format: 'Gradle verification metadata',
    kind: 'lockfile',
    name: 'verification-metadata.xml',
  },
  { ecosystem: 'maven', format: 'sbt build', kind: 'manifest', name: 'build.sbt' },
  { ecosystem: 'maven', format: 'Leiningen project', kind: 'manifest', name: 'project.clj' },
  { ecosystem: 'maven', format: 'Clojure deps.edn', kind: 'manifest', name: 'deps.edn' },
  // Others without an extractor
  { ecosystem: 'hex', format: 'Mix lockfile', kind: 'lockfile', name: 'mix.lock' },
  { ecosystem: 'hex', format: 'Mix project', kind: 'manifest', name: 'mix.exs', lockedBy: ['mix.lock'] },
  { ecosystem: 'pub', format: 'pubspec.lock', kind: 'lockfile', name: 'pubspec.lock' },
  {
    ecosystem: 'pub',
    format: 'pubspec.yaml',
    kind: 'manifest',
    name: 'pubspec.yaml',
    lockedBy: ['pubspec.lock'],
  },
  { ecosystem: 'conan', format: 'Conan lockfile', kind: 'lockfile', name: 'conan.lock' },
  {
    ecosystem: 'conan',
    format: 'conanfile',
    kind: 'manifest',
    name: /^conanfile\.(txt|py)$/,
    lockedBy: ['conan.lock'],
  },
  { ecosystem: 'vcpkg', format: 'vcpkg manifest', kind: 'manifest', name: 'vcpkg.json' },
  { ecosystem: 'swift', format: 'Package.resolved', kind: 'lockfile', name: 'Package.resolved' },
  {
    ecosystem: 'swift',
    format: 'Package.swift',
    kind: 'manifest',
    name: 'Package.swift',
    lockedBy: ['Package.resolved'],
  },
  { ecosystem: 'cocoapods', format: 'Podfile.lock', kind: 'lockfile', name: 'Podfile.lock' },
  {
    ecosystem: 'cocoapods',
    format: 'Podfile',
    kind: 'manifest',
    name: 'Podfile',
    lockedBy: ['Podfile.lock'],
  },
  { ecosystem: 'carthage', format: 'Cartfile.resolved', kind: 'lockfile', name: 'Cartfile.resolved' },
  { ecosystem: 'cran', format: 'renv lockfile', kind: 'lockfile', name: 'renv.lock' },
  { ecosystem: 'hackage', format: 'Stack lockfile', kind: 'lockfile', name: 'stack.yaml.lock' },
  { ecosystem: 'hackage', format: 'Cabal freeze file', kind: 'lockfile', name: 'cabal.project.freeze' },
  { ecosystem: 'nix', format: 'Nix flake lock', kind: 'lockfile', name: 'flake.lock' },
  { ecosystem: 'bazel', format: 'Bazel module lockfile', kind: 'lockfile', name: 'MODULE.bazel.lock' },
  {
    ecosystem: 'bazel',
    format: 'Bazel module',
    kind: 'manifest',
    name: 'MODULE.bazel',
    lockedBy: ['MODULE.bazel.lock'],
  },
  { ecosystem: 'julia', format: 'Julia manifest', kind: 'lockfile', name: 'Manifest.toml' },
  {
    ecosystem: 'julia',
    format: 'Julia project',
    kind: 'manifest',
    name: 'Project.toml',
    lockedBy: ['Manifest.toml'],
  },
  { ecosystem: 'opam', format: 'opam lockfile', kind: 'lockfile', name: /\.opam\.locked$/ },
  { ecosystem: 'luarocks', format: 'rockspec', kind: 'manifest', name: /\.rockspec$/ },
  { ecosystem: 'terraform', format: 'Terraform lockfile', kind: 'lockfile', name: '.terraform.lock.hcl' },
];

const readByExtractor = extractorDefinitions.map((d) => pathMatcher(d.reads));

/** The known-file entry for a base name that no extractor reads, if any. */
export function knownFileFor(baseName: string): KnownFile | undefined {
  if (readByExtractor.some((reads) => reads(baseName))) return undefined;
  for (const k of knownFiles) {
    if (typeof k.name === 'string' ? k.name === baseName : k.name.test(baseName)) return k;
  }
  return undefined;
}
