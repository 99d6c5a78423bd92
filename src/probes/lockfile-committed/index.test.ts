import { describe, expect, it } from 'vitest';
import { runProbe, runProbeWithFailingCollector } from '../test-helpers.js';
import { probe } from './index.js';

const deps = JSON.stringify({ dependencies: { express: '^4' } });

describe('lockfile-committed', () => {
  it('passes when every manifest is locked', async () => {
    const findings = await runProbe(probe, {
      'package.json': deps,
      'package-lock.json': '{}',
      'go.mod': 'module m\nrequire golang.org/x/text v0.3.0\n',
      'go.sum': '',
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ rule: 'lockfile-committed', outcome: 'pass' });
    expect(findings[0]?.message).toContain('2 manifests');
  });

  it('fails once per unlocked manifest, located at the manifest, with its remediation', async () => {
    const findings = await runProbe(probe, {
      'package.json': deps,
      'package-lock.json': '{}',
      'services/api/package.json': deps,
      'services/api/Gemfile': "source 'https://rubygems.org'\ngem 'rails'\n",
    });
    expect(findings.map((f) => [f.outcome, f.location?.path])).toEqual([
      ['fail', 'services/api/package.json'],
      ['fail', 'services/api/Gemfile'],
    ]);
    expect(findings[0]?.remediation).toContain('services/api');
    expect(findings[1]?.remediation).toMatch(/bundle lock/);
    expect(findings[0]?.severity).toBe('medium');
  });

  it('fails on unpinned requirements naming them', async () => {
    const [f] = await runProbe(probe, { 'requirements.txt': 'flask>=3\nrequests==2.32.3\n' });
    expect(f).toMatchObject({ outcome: 'fail', location: { path: 'requirements.txt' } });
    expect(f?.message).toMatch(/not pinned .*flask/);
  });

  it('does not take requirements pinned with == but without hashes for a lockfile', async () => {
    const [f] = await runProbe(probe, { 'requirements.txt': 'flask==3.0.0\nrequests==2.32.3\n' });
    expect(f).toMatchObject({ outcome: 'fail', severity: 'low', location: { path: 'requirements.txt' } });
    expect(f?.message).toMatch(/without --hash \(flask and requests\), so it is not a lockfile/);
    const hashed = 'flask==3.0.0 --hash=sha256:aa\nrequests==2.32.3 \\\n  --hash=sha256:bb\n';
    expect((await runProbe(probe, { 'requirements.txt': hashed }))[0]?.outcome).toBe('pass');
  });

  it('leaves out tooling CI installs for itself', async () => {
    const findings = await runProbe(probe, {
      '.github/scripts/requirements.txt': 'proselint==0.14.0\n',
      'package.json': deps,
      'package-lock.json': '{}',
    });
    expect(findings.map((f) => [f.rule, f.outcome])).toEqual([
      ['lockfile-committed', 'pass'],
      ['lockfile-committed/ci-tooling', 'not-applicable'],
    ]);
    const [only, ...rest] = await runProbe(probe, {
      '.github/scripts/requirements.txt': 'proselint==0.14.0\n',
    });
    expect(rest).toEqual([]);
    expect(only).toMatchObject({ rule: 'lockfile-committed/ci-tooling', outcome: 'not-applicable' });
  });

  it('treats a lockfile git does not track as not committed', async () => {
    const files = { 'package.json': deps, 'yarn.lock': '# yarn' };
    const [f] = await runProbe(probe, files, { tracked: new Set(['package.json']) });
    expect(f).toMatchObject({
      rule: 'lockfile-committed/untracked',
      outcome: 'fail',
      location: { path: 'yarn.lock' },
    });
    // Without git facts the file on disk is all we know.
    expect((await runProbe(probe, files))[0]?.outcome).toBe('pass');
  });

  it('ignores manifests git does not track', async () => {
    const [f] = await runProbe(probe, { 'package.json': deps }, { tracked: new Set(['README.md']) });
    expect(f?.outcome).toBe('not-applicable');
    expect(f?.message).toMatch(/1 not tracked by git/);
  });

  it('is not-applicable without manifests and for Maven, which has no standard lockfile', async () => {
    expect((await runProbe(probe, { 'README.md': '' }))[0]).toMatchObject({
      outcome: 'not-applicable',
      message: 'No package manifests found',
    });
    const findings = await runProbe(probe, {
      'pom.xml': '<project><dependencies><dependency/></dependencies></project>',
      'core/pom.xml': '<project><dependencies><dependency></dependency></dependencies></project>',
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      rule: 'lockfile-committed/no-standard-lockfile',
      outcome: 'not-applicable',
      location: { path: 'core/pom.xml' },
    });
  });

  it('reports example projects without judging them; only examples is not-applicable', async () => {
    const findings = await runProbe(probe, {
      'pyproject.toml': '[project]\nname = "app"\nversion = "1.0"\ndependencies = ["flask"]\n[tool.uv]\n',
      'uv.lock': 'version = 1\n',
      'examples/app/package.json': deps,
    });
    expect(findings.map((f) => [f.rule, f.outcome, f.location?.path])).toEqual([
      ['lockfile-committed', 'pass', undefined],
      ['lockfile-committed/sample', 'observation', 'examples/app/package.json'],
    ]);
    expect(findings[1]?.message).toMatch(/example project \(examples\/\), not the product/);
    const only = await runProbe(probe, { 'examples/app/package.json': deps });
    expect(only.map((f) => [f.rule, f.outcome])).toEqual([
      ['lockfile-committed/sample', 'observation'],
      ['lockfile-committed', 'not-applicable'],
    ]);
    expect(only[1]?.message).toMatch(/^Only example projects declare dependencies/);
  });

  it('asks no lockfile of Gradle or Maven builds with exact versions, but fails one with dynamic versions', async () => {
    const exact = await runProbe(probe, {
      'build.gradle': "dependencies {\n  implementation 'com.google.guava:guava:33.0.0-jre'\n}\n",
      'lib/build.gradle.kts': 'dependencies {\n  api("org.slf4j:slf4j-api:2.0.13")\n}\n',
    });
    expect(exact.map((f) => [f.rule, f.outcome])).toEqual([
      ['lockfile-committed/no-standard-lockfile', 'not-applicable'],
    ]);
    const dynamic = await runProbe(probe, {
      'build.gradle':
        'dependencies {\n  implementation \'com.google.guava:guava:33.+\'\n  api "org.x:y:latest.release"\n}\n',
      'pom.xml':
        '<project><dependencies><dependency><version>[1.0,2.0)</version></dependency></dependencies></project>',
      'core/pom.xml':
        '<project><dependencies><dependency><version>1.2.3</version></dependency></dependencies></project>',
      // Enforcer's version rules bound Maven and the JDK, not a dependency
      'enforced/pom.xml':
        '<project><build><plugins><plugin><configuration><rules><requireMavenVersion>\n<version>[3.3.1,)</version>\n</requireMavenVersion><requireJavaVersion>\n<!-- JDK 17 to 21 -->\n<version>[17,22)</version></requireJavaVersion></rules></configuration></plugin></plugins></build><dependencies><dependency><version>1.2.3</version></dependency></dependencies></project>',
    });
    expect(dynamic.map((f) => [f.rule, f.outcome, f.location?.path])).toEqual([
      ['lockfile-committed', 'fail', 'pom.xml'],
      ['lockfile-committed', 'fail', 'build.gradle'],
      ['lockfile-committed/no-standard-lockfile', 'not-applicable', 'core/pom.xml'],
    ]);
    expect(dynamic[0]?.message).toContain('<version>[1.0,2.0)</version>');
    expect(dynamic[1]?.message).toMatch(/'com\.google\.guava:guava:33\.\+' and "org\.x:y:latest\.release"/);
  });

  it('is unknown for an unreadable manifest without a lockfile, and error when the collector fails', async () => {
    const [f] = await runProbe(probe, { 'package.json': '{"dependencies": ' });
    expect(f).toMatchObject({ outcome: 'unknown', location: { path: 'package.json' } });
    const [e] = await runProbeWithFailingCollector(probe, {}, 'package-manifests');
    expect(e?.outcome).toBe('error');
  });

  describe('published libraries and product.kind', () => {
    const library = JSON.stringify({ name: 'lib', version: '1.0.0', dependencies: { debug: '^4' } });
    const vouchYaml = (kind: string) =>
      `schemaVersion: 1\nproduct:\n  name: lib\n  kind: ${kind}\nvendor:\n  name: Lib Ltd\nvendorRole: developer-and-distributor\n`;

    it('asks for product.kind instead of failing a published npm package without a lockfile', async () => {
      const [f, ...rest] = await runProbe(probe, {
        'package.json': library,
        '.npmrc': 'package-lock=false\n',
      });
      expect(rest).toEqual([]);
      expect(f).toMatchObject({
        rule: 'lockfile-committed/product-kind',
        outcome: 'unknown',
        location: { path: 'package.json' },
      });
      expect(f?.message).toMatch(/declare product\.kind in vouch\.yaml/);
    });

    it('is not-applicable for a published package whose dependencies are all development-only', async () => {
      const pyproject =
        '[project]\nname = "tool"\nversion = "1.0"\n\n[dependency-groups]\ntest = ["pytest"]\n\n[build-system]\nrequires = ["flit_core"]\n';
      const [f, ...rest] = await runProbe(probe, { 'pyproject.toml': pyproject });
      expect(rest).toEqual([]);
      expect(f).toMatchObject({
        rule: 'lockfile-committed/no-runtime-dependencies',
        outcome: 'not-applicable',
        location: { path: 'pyproject.toml' },
      });
      const devOnlyNpm = JSON.stringify({ name: 'lib', version: '1.0.0', devDependencies: { vitest: '^4' } });
      const [npm] = await runProbe(probe, { 'package.json': devOnlyNpm });
      expect(npm).toMatchObject({
        rule: 'lockfile-committed/no-runtime-dependencies',
        outcome: 'not-applicable',
      });
      // a runtime dependency beside the dev group still asks for the product's kind
      const withRuntime = pyproject.replace(
        'version = "1.0"',
        'version = "1.0"\ndependencies = ["httpx>=0.27"]',
      );
      const [runtime] = await runProbe(probe, { 'pyproject.toml': withRuntime });
      expect(runtime).toMatchObject({ rule: 'lockfile-committed/product-kind', outcome: 'unknown' });
      // an unpublished project with dev dependencies only still needs its lockfile
      const [app] = await runProbe(probe, {
        'package.json': JSON.stringify({ private: true, devDependencies: { a: '^1' } }),
      });
      expect(app).toMatchObject({ rule: 'lockfile-committed', outcome: 'fail' });
    });

    it('is not-applicable for a declared library or framework, and fails for an application', async () => {
      for (const kind of ['library', 'framework']) {
        const [f] = await runProbe(probe, { 'package.json': library, 'vouch.yaml': vouchYaml(kind) });
        expect(f).toMatchObject({ rule: 'lockfile-committed/library', outcome: 'not-applicable' });
        expect(f?.message).toContain(`product.kind ${kind}`);
      }
      const [app] = await runProbe(probe, {
        'package.json': library,
        'vouch.yaml': vouchYaml('application'),
      });
      expect(app).toMatchObject({ rule: 'lockfile-committed', outcome: 'fail' });
    });

    it('still fails a private package and a crate with a binary target; an example project is not taken for a library', async () => {
      const privatePkg = JSON.stringify({
        name: 'app',
        version: '1.0.0',
        private: true,
        dependencies: { a: '^1' },
      });
      expect((await runProbe(probe, { 'package.json': privatePkg }))[0]?.outcome).toBe('fail');
      expect((await runProbe(probe, { 'examples/demo/package.json': library }))[0]).toMatchObject({
        rule: 'lockfile-committed/sample',
        outcome: 'observation',
      });
      const crate = '[package]\nname = "tool"\nversion = "0.1.0"\n\n[dependencies]\nserde = "1"\n';
      expect(
        (await runProbe(probe, { 'Cargo.toml': crate, 'src/main.rs': 'fn main() {}' }))[0]?.outcome,
      ).toBe('fail');
      expect((await runProbe(probe, { 'Cargo.toml': crate, 'src/lib.rs': '' }))[0]?.outcome).toBe('unknown');
    });

    it('gives a Cargo workspace that publishes crates one answer for every member', async () => {
      const files = {
        'Cargo.toml': '[workspace]\nmembers = ["core", "benches"]\n',
        'core/Cargo.toml': '[package]\nname = "core"\nversion = "1.0.0"\n\n[dependencies]\nbytes = "1"\n',
        'benches/Cargo.toml':
          '[package]\nname = "benches"\nversion = "0.0.0"\npublish = false\n\n[dependencies]\ncriterion = "0.5"\n',
      };
      const findings = await runProbe(probe, files);
      expect(findings.map((f) => [f.location?.path, f.outcome])).toEqual([
        ['Cargo.toml', 'unknown'],
        ['benches/Cargo.toml', 'unknown'],
        ['core/Cargo.toml', 'unknown'],
      ]);
      expect(findings[1]?.message).toMatch(
        /belongs to a workspace of packages for a registry \(core\/Cargo\.toml\)/,
      );
      const declared = await runProbe(probe, { ...files, 'vouch.yaml': vouchYaml('library') });
      expect(declared.map((f) => f.outcome)).toEqual(['not-applicable', 'not-applicable', 'not-applicable']);
    });
  });

  it('keeps fingerprints stable across content changes and distinct across manifests', async () => {
    const a = await runProbe(probe, { 'a/package.json': deps, 'b/package.json': deps });
    const b = await runProbe(probe, {
      'a/package.json': JSON.stringify({ dependencies: { x: '1' } }),
      'b/package.json': deps,
    });
    expect(a.map((f) => f.fingerprint)).toEqual(b.map((f) => f.fingerprint));
    expect(new Set(a.map((f) => f.fingerprint)).size).toBe(2);
  });
});
