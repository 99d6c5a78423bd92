/**
 * Package-manager files vouch recognises by name. When no extractor claims one of these, the scan
 * lists it in coverage as unsupported, so a composition vouch cannot read is never silently
 * missing from an SBOM. An extractor that matches the file always wins over this list.
 */

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
  { ecosystem: 'npm', format: 'bun binary lockfile', kind: 'lockfile', name: 'bun.lockb' },
  { ecosystem: 'npm', format: 'npm shrinkwrap', kind: 'lockfile', name: 'npm-shrinkwrap.json' },
  { ecosystem: 'npm', format: 'Deno lockfile', kind: 'lockfile', name: 'deno.lock' },
  { ecosystem: 'npm', format: 'Bower manifest', kind: 'manifest', name: 'bower.json' },
  // Python
  { ecosystem: 'pypi', format: 'Pipfile.lock', kind: 'lockfile', name: 'Pipfile.lock' },
  { ecosystem: 'pypi', format: 'Pipfile', kind: 'manifest', name: 'Pipfile', lockedBy: ['Pipfile.lock'] },
  { ecosystem: 'pypi', format: 'PDM lockfile', kind: 'lockfile', name: 'pdm.lock' },
  { ecosystem: 'pypi', format: 'PEP 751 lockfile', kind: 'lockfile', name: /^pylock(\.[^.]+)?\.toml$/ },
  { ecosystem: 'pypi', format: 'pixi lockfile', kind: 'lockfile', name: 'pixi.lock' },
  { ecosystem: 'pypi', format: 'setup.py', kind: 'manifest', name: 'setup.py' },
  { ecosystem: 'pypi', format: 'setup.cfg', kind: 'manifest', name: 'setup.cfg' },
  {
    ecosystem: 'pypi',
    format: 'pyproject.toml',
    kind: 'manifest',
    name: 'pyproject.toml',
    lockedBy: ['poetry.lock', 'uv.lock', 'pdm.lock', 'pylock.toml'],
  },
  { ecosystem: 'pypi', format: 'pip requirements', kind: 'manifest', name: /^requirements.*\.(txt|in)$/ },
  { ecosystem: 'conda', format: 'conda lockfile', kind: 'lockfile', name: 'conda-lock.yml' },
  // Go
  { ecosystem: 'golang', format: 'go.mod', kind: 'manifest', name: 'go.mod' },
  { ecosystem: 'golang', format: 'Go workspace', kind: 'manifest', name: 'go.work' },
  { ecosystem: 'golang', format: 'dep lockfile', kind: 'lockfile', name: 'Gopkg.lock' },
  { ecosystem: 'golang', format: 'glide lockfile', kind: 'lockfile', name: 'glide.lock' },
  // Rust
  { ecosystem: 'cargo', format: 'Cargo.lock', kind: 'lockfile', name: 'Cargo.lock' },
  {
    ecosystem: 'cargo',
    format: 'Cargo.toml',
    kind: 'manifest',
    name: 'Cargo.toml',
    lockedBy: ['Cargo.lock'],
  },
  // Ruby
  { ecosystem: 'gem', format: 'Gemfile.lock', kind: 'lockfile', name: 'Gemfile.lock' },
  { ecosystem: 'gem', format: 'gems.locked', kind: 'lockfile', name: 'gems.locked' },
  { ecosystem: 'gem', format: 'Gemfile', kind: 'manifest', name: 'Gemfile', lockedBy: ['Gemfile.lock'] },
  { ecosystem: 'gem', format: 'gemspec', kind: 'manifest', name: /\.gemspec$/, lockedBy: ['Gemfile.lock'] },
  // PHP
  { ecosystem: 'composer', format: 'composer.lock', kind: 'lockfile', name: 'composer.lock' },
  {
    ecosystem: 'composer',
    format: 'composer.json',
    kind: 'manifest',
    name: 'composer.json',
    lockedBy: ['composer.lock'],
  },
  // .NET
  { ecosystem: 'nuget', format: 'NuGet lockfile', kind: 'lockfile', name: 'packages.lock.json' },
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
    format: 'MSBuild project',
    kind: 'manifest',
    name: /\.(cs|fs|vb)proj$/,
    lockedBy: ['packages.lock.json'],
  },
  {
    ecosystem: 'nuget',
    format: 'central package versions',
    kind: 'manifest',
    name: 'Directory.Packages.props',
  },
  // JVM
  { ecosystem: 'maven', format: 'Maven POM', kind: 'manifest', name: 'pom.xml' },
  {
    ecosystem: 'maven',
    format: 'Gradle build script',
    kind: 'manifest',
    name: /^build\.gradle(\.kts)?$/,
    lockedBy: ['gradle.lockfile'],
  },
  { ecosystem: 'maven', format: 'Gradle lockfile', kind: 'lockfile', name: 'gradle.lockfile' },
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

/** The known-file entry for a base name, if any. */
export function knownFileFor(baseName: string): KnownFile | undefined {
  for (const k of knownFiles) {
    if (typeof k.name === 'string' ? k.name === baseName : k.name.test(baseName)) return k;
  }
  return undefined;
}
