import { describe, expect, it } from 'vitest';
import { compositionFacts, manifestWith } from '../../collectors/composition/testing.js';
import { probe } from './index.js';

const releaseWithSyft = `name: release
on: { push: { tags: ['v*'] } }
jobs:
  release:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: anchore/sbom-action@v0
        with:
          format: spdx-json
`;

describe('sbom-published', () => {
  it('passes per file that generates an SBOM, at the first matching line', async () => {
    const findings = probe.run(
      await compositionFacts({
        '.github/workflows/release.yml': releaseWithSyft,
        '.github/workflows/ci.yml': 'jobs:\n  t:\n    steps:\n      - run: npm test\n',
        '.goreleaser.yaml': 'builds:\n  - main: .\nsboms:\n  - artifacts: archive\n',
      }),
    );
    expect(findings.map((f) => [f.outcome, f.location?.path, f.location?.line])).toEqual([
      ['pass', '.github/workflows/release.yml', 8],
      ['pass', '.goreleaser.yaml', 3],
    ]);
    expect(findings[0]!.message).toMatch(/anchore\/sbom-action/);
  });

  it.each([
    ['cdxgen', '      - run: npx @cyclonedx/cdxgen -o bom.json'],
    ['vouch sbom', '      - run: npx vouch sbom --format spdx --output sbom.spdx.json'],
    ['CycloneDX tooling', '      - run: npx @cyclonedx/cyclonedx-npm --output-file bom.json'],
    ['syft', '      - run: syft dir:. -o cyclonedx-json'],
    ['trivy SBOM output', '      - run: trivy fs --format cyclonedx --output sbom.json .'],
    [
      'BuildKit SBOM attestation',
      '      - uses: docker/build-push-action@v6\n        with:\n          sbom: true',
    ],
  ])('recognises %s', async (tool, step) => {
    const [f] = probe.run(
      await compositionFacts({ '.github/workflows/r.yml': `jobs:\n  r:\n    steps:\n${step}\n` }),
    );
    const lines = step.split('\n');
    const last = lines[lines.length - 1]!;
    expect(f).toMatchObject({
      outcome: 'pass',
      location: { line: 3 + lines.length, column: last.search(/\S/) + (lines.length > 1 ? 1 : 8) },
    });
    expect(f!.message).toContain(tool);
  });

  it('recognises the Azure Pipelines SBOM manifest task and the generate-sbom step template', async () => {
    const findings = probe.run(
      await compositionFacts({
        'eng/pipelines/templates/build.yml':
          'steps:\n- script: ./build.sh\n- template: /eng/common/templates/steps/generate-sbom.yml@self\n',
        'azure-pipelines.yml':
          'steps:\n- task: AzureArtifacts.manifest-generator-task.manifest-generator-task.ManifestGeneratorTask@0\n',
      }),
    );
    expect(findings.map((f) => [f.outcome, f.location?.path, f.location?.line])).toEqual([
      ['pass', 'azure-pipelines.yml', 2],
      ['pass', 'eng/pipelines/templates/build.yml', 3],
    ]);
  });

  it('ignores commented-out steps and goreleaser-like keys outside goreleaser files', async () => {
    const [f] = probe.run(
      await compositionFacts({
        '.github/workflows/release.yml':
          'jobs:\n  r:\n    steps:\n      # - run: syft .\n      - run: gh release upload v1 dist/app\n',
        '.gitlab-ci.yml': 'sboms:\n  - x\n',
      }),
    );
    expect(f).toMatchObject({ outcome: 'fail', rule: 'sbom-published' });
    expect(f!.message).toMatch(/checked 2 CI\/release files/);
  });

  it('is unknown, not fail, when nothing in the tree publishes a release', async () => {
    const [none] = probe.run(await compositionFacts({ 'README.md': '' }));
    expect(none).toMatchObject({ outcome: 'unknown' });
    expect(none!.message).toMatch(/no CI or release configuration found/);
    expect(none!.message).toMatch(/releases are made outside it/);
    const [ciOnly] = probe.run(
      await compositionFacts({
        '.github/workflows/ci.yml': 'jobs:\n  t:\n    steps:\n      - run: cargo test --release\n',
      }),
    );
    expect(ciOnly).toMatchObject({ outcome: 'unknown' });
    const [scorecard] = probe.run(
      await compositionFacts({
        '.github/workflows/scorecard.yml':
          'jobs:\n  a:\n    steps:\n      - uses: ossf/scorecard-action@v2\n        with:\n          publish_results: true\n',
      }),
    );
    expect(scorecard).toMatchObject({ outcome: 'unknown' });
  });

  it.each([
    ['.goreleaser.yaml', 'builds:\n  - main: .\n', undefined],
    ['.github/workflows/ci.yml', 'jobs:\n  r:\n    steps:\n      - run: npm publish --provenance\n', 4],
    [
      '.github/workflows/release.yml',
      'jobs:\n  r:\n    steps:\n      - uses: rubygems/configure-rubygems-credentials@v1.0.0\n      - run: bundle exec rake push\n',
      4,
    ],
    ['.github/workflows/ci.yml', 'jobs:\n  publish_main:\n    steps:\n      - run: make\n', 2],
    [
      '.github/workflows/ci.yml',
      'jobs:\n  r:\n    steps:\n      - uses: pypa/gh-action-pypi-publish@v1\n',
      4,
    ],
  ])('fails when %s publishes releases without an SBOM step', async (path, text, line) => {
    const [f] = probe.run(await compositionFacts({ [path]: text }));
    expect(f).toMatchObject({ outcome: 'fail', location: { path } });
    expect(f!.location?.line).toBe(line);
    expect(f!.message).toMatch(/publishes releases/);
  });

  // Issue 9 (rust-lang/cargo): the release workflow only runs a script that publishes crates; the
  // shipped binary is built by another repository. Before the fix the file's name alone made this fail.
  const cargoRelease = `name: Release
on: { push: { tags: ['0.*'] } }
jobs:
  crates-io:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: Publish to crates.io
        run: ./publish.py
        env:
          CARGO_REGISTRY_TOKEN: \${{ secrets.CARGO_REGISTRY_TOKEN }}
`;

  it('is unknown, not fail, when an application only publishes source to crates.io', async () => {
    const [f] = probe.run(await compositionFacts({ '.github/workflows/release.yml': cargoRelease }));
    expect(f).toMatchObject({
      rule: 'sbom-published/source-only',
      outcome: 'unknown',
      location: { path: '.github/workflows/release.yml', line: 11 },
    });
    expect(f!.message).toMatch(/compiled where they are installed/);
    // Declared as a library, the published crate is the product: the tree decides.
    const [lib] = probe.run(
      await compositionFacts(
        { '.github/workflows/release.yml': cargoRelease },
        { manifest: manifestWith({ kind: 'library' }) },
      ),
    );
    expect(lib).toMatchObject({ rule: 'sbom-published', outcome: 'fail' });
    expect(lib!.message).toMatch(/publishes the library's packages/);
    // Built binaries published beside the crates decide it whatever the kind.
    const [both] = probe.run(
      await compositionFacts({
        '.github/workflows/release.yml': `${cargoRelease}      - run: gh release upload v1 target/release/app\n`,
      }),
    );
    expect(both).toMatchObject({ rule: 'sbom-published', outcome: 'fail', location: { line: 12 } });
  });

  it('is unknown, not fail, when a release file shows nothing it publishes', async () => {
    const [f] = probe.run(
      await compositionFacts({
        '.github/workflows/release.yml': 'jobs:\n  r:\n    steps:\n      - run: make dist\n',
        '.github/workflows/release-drafter.yml':
          'jobs:\n  d:\n    steps:\n      - uses: release-drafter/release-drafter@v6\n',
      }),
    );
    expect(f).toMatchObject({ rule: 'sbom-published/release-unseen', outcome: 'unknown' });
    expect(f!.message).toMatch(/named for releasing, but no step/);
  });

  it('reports a committed SBOM nobody regenerates at low severity', async () => {
    const [committed] = probe.run(
      await compositionFacts({ 'sbom.json': '{}', 'test/fixtures/bom.json': '{}' }),
    );
    expect(committed).toMatchObject({
      rule: 'sbom-published/committed-only',
      outcome: 'fail',
      severity: 'low',
      location: { path: 'sbom.json' },
    });
  });

  it('reports a collector failure as error', async () => {
    const [f] = probe.run(await compositionFacts({}, { failing: 'sbom-generation' }));
    expect(f?.outcome).toBe('error');
  });
});
