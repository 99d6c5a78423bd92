import { describe, expect, it } from 'vitest';
import { compositionFacts } from '../../collectors/composition/testing.js';
import { probe } from './index.js';

const lock = JSON.stringify(
  {
    name: 'app',
    lockfileVersion: 3,
    packages: {
      '': {
        name: 'app',
        dependencies: { reg: '^1', gitdep: 'github:example/gitdep', tar: 'https://example.test/tar.tgz' },
      },
      'node_modules/reg': { version: '1.0.0', resolved: 'https://registry.npmjs.org/reg/-/reg-1.0.0.tgz' },
      'node_modules/gitdep': {
        version: '2.0.0',
        resolved: 'git+ssh://git@github.com/example/gitdep.git#0123456789abcdef0123456789abcdef01234567',
      },
      'node_modules/tar': { version: '3.0.0', resolved: 'https://example.test/tar.tgz' },
    },
  },
  null,
  2,
);

describe('unusual-sources', () => {
  it('lists each component from git or a URL, at its line, as information', async () => {
    const findings = probe.run(await compositionFacts({ 'package-lock.json': lock }));
    const subs = findings.map((f) => f.rule).sort();
    expect(subs).toEqual(['unusual-sources/git', 'unusual-sources/url']);
    for (const f of findings) {
      expect(f).toMatchObject({
        outcome: 'observation',
        severity: 'info',
        location: { path: 'package-lock.json' },
      });
      expect(f.location?.line).toBeGreaterThan(1);
    }
    const git = findings.find((f) => f.rule === 'unusual-sources/git')!;
    expect(git.message).toMatch(/gitdep@2\.0\.0 comes from a git repository .* at commit 0123456789/);
  });

  it('passes when everything comes from registries, n/a without components', async () => {
    const plain = JSON.stringify({
      name: 'app',
      lockfileVersion: 3,
      packages: { '': { name: 'app' }, 'node_modules/reg': { version: '1.0.0' } },
    });
    expect(probe.run(await compositionFacts({ 'package-lock.json': plain }))[0]?.outcome).toBe('pass');
    expect(probe.run(await compositionFacts({ 'README.md': '' }))[0]?.outcome).toBe('not-applicable');
  });

  it('does not count GitHub Actions from their repositories as unusual', async () => {
    const workflow = 'on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@v4\n';
    const [f] = probe.run(await compositionFacts({ '.github/workflows/ci.yml': workflow }));
    expect(f?.outcome).toBe('pass');
  });

  it('reports a collector failure as error', async () => {
    const [f] = probe.run(await compositionFacts({}, { failing: 'composition' }));
    expect(f?.outcome).toBe('error');
  });
});
