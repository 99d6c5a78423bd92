import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runProbe, runProbeWithFailingCollector } from '../test-helpers.js';
import { probe } from './index.js';

const zizmor = fileURLToPath(
  new URL('../../../../shared/peer-suites/gha/zizmor/test-data/', import.meta.url),
);
const peer = (name: string) => readFileSync(`${zizmor}${name}`, 'utf8');

describe('release-signing-configured', () => {
  it('passes on PyPI trusted publishing (no password) in a real workflow, at the step', async () => {
    const findings = await runProbe(probe, {
      '.github/workflows/publish.yml': peer('use-trusted-publishing.yml'),
    });
    const pypi = findings.find((f) => f.message.startsWith('PyPI trusted publishing'));
    expect(pypi).toMatchObject({
      outcome: 'pass',
      location: { path: '.github/workflows/publish.yml', line: 41 },
    });
  });

  it('fails when the only PyPI upload uses a password (an API token, not trusted publishing)', async () => {
    const wf = `on: push
jobs:
  publish:
    runs-on: ubuntu-latest
    steps:
      - uses: pypa/gh-action-pypi-publish@release/v1
        with:
          password: \${{ secrets.PYPI_TOKEN }}
`;
    const [f] = await runProbe(probe, { '.github/workflows/publish.yml': wf });
    expect(f).toMatchObject({ outcome: 'fail', location: { line: 6 } });
    expect(f?.message).toContain('with no signing or provenance step');
  });

  it('fails on twine upload with no signing (real workflow) and passes with npm --provenance', async () => {
    const [twine] = await runProbe(probe, {
      '.github/workflows/p.yml': peer('use-trusted-publishing/twine-upload.yml'),
    });
    expect(twine).toMatchObject({ outcome: 'fail', location: { line: 12 } });
    const npm = await runProbe(probe, {
      '.github/workflows/p.yml': peer('use-trusted-publishing/npm-publish.yml'),
    });
    expect(npm[0]).toMatchObject({ outcome: 'pass', location: { line: 101 } });
    expect(npm[0]?.message).toContain('npm publish with provenance');
  });

  it('passes on cosign in GitLab CI and on GoReleaser signs:, and names checksums-only releases', async () => {
    const gitlab = await runProbe(probe, {
      '.gitlab-ci.yml':
        'release:\n  script:\n    - make dist\n    - cosign sign-blob --yes dist/app.tar.gz --bundle app.sigstore.json\n',
    });
    expect(gitlab[0]).toMatchObject({ outcome: 'pass', location: { path: '.gitlab-ci.yml', line: 4 } });
    const gr = await runProbe(probe, {
      '.goreleaser.yaml': 'builds:\n  - main: .\nsigns:\n  - artifacts: checksum\n',
    });
    expect(gr[0]).toMatchObject({
      outcome: 'pass',
      location: { path: '.goreleaser.yaml', line: 3, route: 'signs' },
    });
    const only = await runProbe(probe, {
      '.goreleaser.yaml': 'builds:\n  - main: .\n',
      '.github/workflows/r.yml':
        'on: push\njobs:\n  r:\n    runs-on: x\n    steps:\n      - uses: goreleaser/goreleaser-action@v6\n',
    });
    expect(only[0]).toMatchObject({ outcome: 'fail' });
    expect(only[0]?.message).toContain('with checksums only (GoReleaser checksums)');
  });

  it('is unknown without any publishing step, and when the CI file does not parse', async () => {
    const [none] = await runProbe(probe, {
      '.github/workflows/ci.yml':
        'on: push\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: npm test\n',
    });
    expect(none).toMatchObject({ outcome: 'unknown', severity: 'info' });
    const [unpublished] = await runProbe(probe, {
      'package.json': '{"name": "app", "version": "1.0.0", "private": true}',
    });
    expect(unpublished).toMatchObject({ outcome: 'not-applicable' });
    const [library] = await runProbe(probe, { 'package.json': '{"name": "lib", "version": "1.0.0"}' });
    expect(library?.outcome).toBe('unknown');
    const [bad] = await runProbe(probe, { '.gitlab-ci.yml': 'release: [\n' });
    expect(bad).toMatchObject({ outcome: 'unknown', location: { path: '.gitlab-ci.yml' } });
  });

  it('is error when the release-integrity collector fails', async () => {
    const [f] = await runProbeWithFailingCollector(probe, {}, 'release-integrity');
    expect(f?.outcome).toBe('error');
  });
});
