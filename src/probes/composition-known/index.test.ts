import { describe, expect, it } from 'vitest';
import { compositionFacts } from '../../collectors/composition/testing.js';
import { probe } from './index.js';

const lock = JSON.stringify({
  name: 'app',
  lockfileVersion: 3,
  packages: {
    '': { name: 'app', dependencies: { 'left-pad': '^1.3.0' } },
    'node_modules/left-pad': { version: '1.3.0', license: 'WTFPL' },
  },
});

describe('composition-known', () => {
  it('passes when every package-manager file was read, counting covered manifests', async () => {
    const facts = await compositionFacts({
      'package.json': JSON.stringify({ dependencies: { 'left-pad': '^1.3.0' } }),
      'package-lock.json': lock,
    });
    const findings = probe.run(facts);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ rule: 'composition-known', outcome: 'pass' });
    expect(findings[0]!.message).toMatch(/1 component from 1 file \(package-lock.json\); 1 manifest covered/);
  });

  it('reads a setup.py shim as declaring nothing, and fails one whose requirements are computed', async () => {
    const [shim, ...rest] = probe.run(
      await compositionFacts({ 'setup.py': 'import setuptools\nsetuptools.setup()\n' }),
    );
    expect(rest).toEqual([]);
    expect(shim).toMatchObject({ rule: 'composition-known', outcome: 'pass' });
    const [computed] = probe.run(
      await compositionFacts({
        'setup.py': 'from setuptools import setup\nsetup(install_requires=load())\n',
      }),
    );
    expect(computed).toMatchObject({ rule: 'composition-known/unreadable', outcome: 'fail' });
  });

  it('fails per unreadable file and per file without an extractor, located at the file', async () => {
    const facts = await compositionFacts({
      'package-lock.json': '{"lockfileVersion": 3, "packages": {',
      'app/mix.lock': '%{}',
      'src/main.ts': '',
    });
    const findings = probe.run(facts);
    expect(findings.map((f) => [f.rule, f.outcome, f.location?.path])).toEqual([
      ['composition-known/unsupported', 'fail', 'app/mix.lock'],
      ['composition-known/unreadable', 'fail', 'package-lock.json'],
    ]);
    expect(findings[0]!.message).toMatch(/Mix lockfile/);
    expect(findings[0]!.severity).toBe('medium');
  });

  it('is not-applicable without package-manager files, and ignores test fixtures', async () => {
    expect(probe.run(await compositionFacts({ 'README.md': '' }))[0]?.outcome).toBe('not-applicable');
    expect(
      probe.run(await compositionFacts({ 'test/fixtures/bad/package-lock.json': '{' }))[0]?.outcome,
    ).toBe('not-applicable');
  });

  it('reports a collector failure as error, never as fail', async () => {
    const [f] = probe.run(await compositionFacts({}, { failing: 'composition' }));
    expect(f?.outcome).toBe('error');
  });

  it('keeps fingerprints stable when the error text changes', async () => {
    const a = probe.run(await compositionFacts({ 'package-lock.json': '{' }));
    const b = probe.run(await compositionFacts({ 'package-lock.json': '{"x": [' }));
    expect(a[0]!.fingerprint).toBe(b[0]!.fingerprint);
  });
});
