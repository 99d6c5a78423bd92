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

  it('lowers severity for example projects', async () => {
    const [f] = await runProbe(probe, { 'examples/app/package.json': deps });
    expect(f).toMatchObject({ outcome: 'fail', severity: 'low' });
  });

  it('is unknown for an unreadable manifest without a lockfile, and error when the collector fails', async () => {
    const [f] = await runProbe(probe, { 'package.json': '{"dependencies": ' });
    expect(f).toMatchObject({ outcome: 'unknown', location: { path: 'package.json' } });
    const [e] = await runProbeWithFailingCollector(probe, {}, 'package-manifests');
    expect(e?.outcome).toBe('error');
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
