import { describe, expect, it } from 'vitest';
import { memoryInventory } from '../../inventory/memory.js';
import type { GitFacts } from '../../inventory/types.js';
import { collectOne } from '../test-helpers.js';
import {
  type ManifestFact,
  type PackageManifestFacts,
  packageManifestsCollector,
  scanRequirements,
} from './index.js';

async function collect(files: Record<string, string>, git: Partial<GitFacts> = {}) {
  const facts = (await collectOne(
    packageManifestsCollector,
    memoryInventory(files, git),
  )) as PackageManifestFacts;
  return Object.fromEntries(facts.manifests.map((m) => [m.path, m])) as Record<string, ManifestFact>;
}

const deps = JSON.stringify({ dependencies: { lodash: '^4' } });

describe('package-manifests collector', () => {
  it.each([
    'package-lock.json',
    'npm-shrinkwrap.json',
    'yarn.lock',
    'pnpm-lock.yaml',
    'bun.lock',
    'bun.lockb',
  ])('accepts %s beside package.json', async (lock) => {
    const m = await collect({ 'package.json': deps, [lock]: 'x' });
    expect(m['package.json']?.coveredBy).toEqual({ path: lock, how: 'sibling' });
  });

  it('needs no lockfile for a package.json without dependencies or with peers only', async () => {
    const m = await collect({
      'package.json': JSON.stringify({ name: 'x', scripts: { test: 'node t' } }),
      'lib/package.json': JSON.stringify({ peerDependencies: { react: '*' }, dependencies: {} }),
    });
    expect(m['package.json']?.declaresDependencies).toBe(false);
    expect(m['lib/package.json']?.declaresDependencies).toBe(false);
  });

  it('covers npm workspace members from the root lockfile, but not non-members', async () => {
    const m = await collect({
      'package.json': JSON.stringify({ workspaces: ['packages/*'] }),
      'package-lock.json': '{}',
      'packages/a/package.json': deps,
      'tools/x/package.json': deps,
    });
    expect(m['package.json']?.workspace).toEqual({ patterns: ['packages/*'], excludes: [] });
    expect(m['packages/a/package.json']?.coveredBy).toEqual({ path: 'package-lock.json', how: 'workspace' });
    expect(m['tools/x/package.json']?.coveredBy).toBeUndefined();
  });

  it('reads pnpm-workspace.yaml members and exclusions', async () => {
    const m = await collect({
      'package.json': '{}',
      'pnpm-workspace.yaml': "packages:\n  - 'apps/**'\n  - '!apps/legacy'\n",
      'pnpm-lock.yaml': 'lockfileVersion: 9',
      'apps/web/package.json': deps,
      'apps/legacy/package.json': deps,
    });
    expect(m['apps/web/package.json']?.coveredBy?.how).toBe('workspace');
    expect(m['apps/legacy/package.json']?.coveredBy).toBeUndefined();
  });

  it('covers Cargo members below a workspace root, except nested workspace roots', async () => {
    const m = await collect({
      'Cargo.toml': '[workspace]\nmembers = ["crates/*"]\n',
      'Cargo.lock': '',
      'crates/core/Cargo.toml': '[package]\nname = "core"\n[dependencies]\nserde = "1"\n',
      'tools/gen/Cargo.toml': '[package]\nname = "gen"\n[workspace]\n[dependencies]\nclap = "4"\n',
    });
    expect(m['crates/core/Cargo.toml']?.coveredBy).toEqual({ path: 'Cargo.lock', how: 'workspace' });
    expect(m['tools/gen/Cargo.toml']?.coveredBy).toBeUndefined();
    expect(m['tools/gen/Cargo.toml']?.declaresDependencies).toBe(true);
  });

  it('tells Python manifests with and without dependencies apart', async () => {
    const m = await collect({
      'pyproject.toml': '[tool.black]\nline-length = 100\n',
      'svc/pyproject.toml': '[project]\nname = "svc"\ndependencies = ["flask>=3"]\n',
      'svc/uv.lock': 'version = 1',
      'poetry/pyproject.toml': '[tool.poetry.dependencies]\npython = "^3.11"\n',
      'pinned/pyproject.toml': '[project]\ndependencies = ["requests"]\n',
      'pinned/requirements.txt':
        'requests==2.32.3 \\\n    --hash=sha256:abc\ncertifi==2024.8.30 --hash=sha256:def\n',
      // `==` without hashes: pip still resolves what these need, so no lockfile.
      'loose/pyproject.toml': '[project]\ndependencies = ["requests"]\n',
      'loose/requirements.txt': 'requests==2.32.3\ncertifi==2024.8.30 --hash=sha256:def\n',
      Pipfile: '[packages]\nflask = "*"\n',
    });
    expect(m['pyproject.toml']?.declaresDependencies).toBe(false);
    expect(m['svc/pyproject.toml']?.coveredBy).toEqual({ path: 'svc/uv.lock', how: 'sibling' });
    // `python` is the interpreter, not a package.
    expect(m['poetry/pyproject.toml']?.declaresDependencies).toBe(false);
    expect(m['pinned/pyproject.toml']?.coveredBy).toEqual({
      path: 'pinned/requirements.txt',
      how: 'pinned-requirements',
    });
    expect(m['pinned/requirements.txt']?.coveredBy?.how).toBe('self');
    expect(m['loose/pyproject.toml']?.coveredBy).toBeUndefined();
    expect(m['loose/requirements.txt']?.coveredBy).toBeUndefined();
    expect(m['loose/requirements.txt']?.unhashed).toEqual(['requests']);
    expect(m['Pipfile']?.coveredBy).toBeUndefined();
  });

  it('reads requirements files', () => {
    expect(
      scanRequirements(
        '# c\n-r base.txt\n--index-url https://x\n-e .\nflask==3.0.0\nrequests>=2\nnumpy == 2.1.0 ; python_version > "3.9"\nDjango==4.*\n',
      ),
    ).toEqual({
      requirements: 4,
      unpinned: ['requests', 'Django'],
      unhashed: ['flask', 'requests', 'numpy', 'Django'],
    });
    expect(scanRequirements('pkg>=1 --hash=sha256:00\n')).toEqual({
      requirements: 1,
      unpinned: [],
      unhashed: [],
    });
    expect(scanRequirements('\n# only comments\n')).toEqual({ requirements: 0, unpinned: [], unhashed: [] });
  });

  it('handles Go, Composer, NuGet, Maven and Gradle', async () => {
    const m = await collect({
      'go.mod': 'module x\n\ngo 1.22\n',
      'api/go.mod': 'module y\nrequire (\n\tgithub.com/a/b v1.0.0\n)\n',
      'composer.json': JSON.stringify({ require: { php: '>=8.1', 'ext-json': '*' } }),
      'web/composer.json': JSON.stringify({ require: { 'monolog/monolog': '^3' } }),
      'App/App.csproj':
        '<Project><ItemGroup><PackageReference Include="Newtonsoft.Json" Version="13.0.3" /></ItemGroup></Project>',
      'Old/Old.csproj': '<Project></Project>',
      'Old/packages.config': '<packages/>',
      'pom.xml': '<project><dependencies><dependency></dependency></dependencies></project>',
      'app/build.gradle': "dependencies {\n  implementation 'com.google.guava:guava:33.0.0-jre'\n}\n",
      'app/gradle/dependency-locks/compileClasspath.lockfile': '',
    });
    expect(m['go.mod']?.declaresDependencies).toBe(false);
    expect(m['api/go.mod']?.coveredBy).toBeUndefined();
    expect(m['composer.json']?.declaresDependencies).toBe(false);
    expect(m['web/composer.json']?.declaresDependencies).toBe(true);
    expect(m['App/App.csproj']).toMatchObject({ declaresDependencies: true, ecosystem: 'nuget' });
    expect(m['App/App.csproj']?.coveredBy).toBeUndefined();
    expect(m['Old/Old.csproj']?.coveredBy?.path).toBe('Old/packages.config');
    expect(m['pom.xml']).toMatchObject({ noStandardLockfile: true, declaresDependencies: true });
    expect(m['app/build.gradle']?.coveredBy?.path).toBe(
      'app/gradle/dependency-locks/compileClasspath.lockfile',
    );
  });

  it('skips vendored and fixture directories and marks examples', async () => {
    const m = await collect({
      'node_modules/a/package.json': deps,
      'vendor/x/composer.json': '{"require":{"a/b":"1"}}',
      'test/fixtures/p/package.json': deps,
      'src/testdata/go.mod': 'module t\nrequire x v1\n',
      'examples/demo/package.json': deps,
    });
    expect(Object.keys(m)).toEqual(['examples/demo/package.json']);
    expect(m['examples/demo/package.json']?.sample).toBe(true);
  });

  it('records git tracking of manifests and lockfiles', async () => {
    const m = await collect(
      { 'package.json': deps, 'yarn.lock': '', 'scratch/package.json': deps },
      { tracked: new Set(['package.json']) },
    );
    expect(m['package.json']).toMatchObject({
      tracked: true,
      coveredBy: { path: 'yarn.lock', tracked: false, how: 'sibling' },
    });
    expect(m['scratch/package.json']?.tracked).toBe(false);
  });

  it('reports unreadable manifests as values', async () => {
    const m = await collect({ 'package.json': '{ not json', 'Cargo.toml': '[dependencies\nserde = 1' });
    expect(m['package.json']?.declaresDependencies).toBeUndefined();
    expect(m['package.json']?.parseError).toMatch(/cannot parse package\.json/);
    expect(m['Cargo.toml']?.parseError).toMatch(/cannot parse Cargo\.toml/);
  });
});
