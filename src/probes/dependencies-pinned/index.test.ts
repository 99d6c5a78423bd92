import { describe, expect, it } from 'vitest';
import { compositionFacts, manifestWith } from '../../collectors/composition/testing.js';
import { probe } from './index.js';

const lock = JSON.stringify({
  name: 'app',
  lockfileVersion: 3,
  packages: {
    '': { name: 'app', dependencies: { 'left-pad': '^1.3.0' } },
    'node_modules/left-pad': { version: '1.3.0' },
  },
});
const manifest = JSON.stringify({ name: 'app', dependencies: { 'left-pad': '^1.3.0', exact: '2.0.0' } });

describe('dependencies-pinned', () => {
  it('passes when manifests are covered by lockfiles', async () => {
    const [f, ...rest] = probe.run(
      await compositionFacts({ 'package.json': manifest, 'package-lock.json': lock }),
    );
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ outcome: 'pass', rule: 'dependencies-pinned' });
    expect(f!.message).toMatch(/1 entry in 1 file/);
  });

  it('fails per manifest without a lockfile that declares ranges, at the first range', async () => {
    // A root package-lock.json covers workspace manifests below it.
    const findings = probe.run(
      await compositionFacts({ 'web/package.json': manifest, 'package-lock.json': lock }),
    );
    expect(findings.map((f) => f.outcome)).toEqual(['pass']);
    const [f] = probe.run(await compositionFacts({ 'web/package.json': manifest }));
    expect(f).toMatchObject({
      rule: 'dependencies-pinned/no-lockfile',
      outcome: 'fail',
      location: { path: 'web/package.json' },
    });
    expect(f!.message).toMatch(/1 dependency of 2 is a range \(left-pad \^1\.3\.0\)/);
  });

  it('fails on unpinned requirements entries', async () => {
    const [f] = probe.run(await compositionFacts({ 'requirements.txt': 'flask>=3\nrequests==2.32.3\n' }));
    expect(f).toMatchObject({ outcome: 'fail', location: { path: 'requirements.txt', line: 1 } });
    expect(f!.message).toMatch(/flask/);
    expect(f!.message).not.toMatch(/requests/);
  });

  it('does not count the Go toolchain directive or local folders as unpinned dependencies', async () => {
    const goMod = 'module example.com/m\n\ngo 1.26.0\n\nrequire golang.org/x/text v0.3.0\n';
    const goSum = 'golang.org/x/text v0.3.0 h1:aaaa\ngolang.org/x/text v0.3.0/go.mod h1:bbbb\n';
    const [f, ...rest] = probe.run(await compositionFacts({ 'go.mod': goMod, 'go.sum': goSum }));
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ outcome: 'pass', rule: 'dependencies-pinned' });
    expect(f!.message).toMatch(/1 entry in 1 file/);
    // A go.mod that only names the toolchain has no package to pin.
    const [only] = probe.run(await compositionFacts({ 'go.mod': 'module m\n\ngo 1.22\n' }));
    expect(only?.outcome).toBe('not-applicable');
    // A local replacement is this repository's own code: the commit pins it.
    const local = `${goMod}replace golang.org/x/text => ./third_party/text\n`;
    const [l] = probe.run(await compositionFacts({ 'go.mod': local, 'go.sum': goSum }));
    expect(l?.outcome).toBe('not-applicable');
  });

  it("leaves a published library's ranges to its users when product.kind says library", async () => {
    const library = JSON.stringify({ name: 'lib', version: '1.0.0', dependencies: { debug: '^4' } });
    const [asked] = probe.run(await compositionFacts({ 'package.json': library }));
    expect(asked).toMatchObject({ rule: 'dependencies-pinned/product-kind', outcome: 'unknown' });
    const [lib] = probe.run(
      await compositionFacts({ 'package.json': library }, { manifest: manifestWith({ kind: 'library' }) }),
    );
    expect(lib).toMatchObject({ rule: 'dependencies-pinned/library', outcome: 'not-applicable' });
    const [app] = probe.run(
      await compositionFacts({ 'package.json': library }, { manifest: manifestWith({ kind: 'service' }) }),
    );
    expect(app).toMatchObject({ rule: 'dependencies-pinned/no-lockfile', outcome: 'fail' });
  });

  it('leaves out tooling CI installs for itself', async () => {
    const [f, ...rest] = probe.run(
      await compositionFacts({ '.github/scripts/requirements.txt': 'proselint>=0.14\n' }),
    );
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ outcome: 'not-applicable' });
    expect(f!.message).toMatch(/tooling CI installs for itself \(\.github\/scripts\/requirements\.txt\)/);
  });

  it('leaves GitHub Actions and container images to other checks', async () => {
    const [f] = probe.run(
      await compositionFacts({
        '.github/workflows/ci.yml':
          'jobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@v4\n',
        Dockerfile: 'FROM node:20\n',
      }),
    );
    expect(f?.outcome).toBe('not-applicable');
  });

  it('reports a collector failure as error', async () => {
    const [f] = probe.run(await compositionFacts({}, { failing: 'composition' }));
    expect(f?.outcome).toBe('error');
  });
});
