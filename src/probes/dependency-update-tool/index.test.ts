import { describe, expect, it } from 'vitest';
import { hostWith, runProbe, runProbeWithFailingCollector } from '../test-helpers.js';
import { probe } from './index.js';

const npmApp = { 'package.json': JSON.stringify({ dependencies: { a: '1' } }), 'package-lock.json': '{}' };
const dependabot = (...ecosystems: string[]) =>
  `version: 2\nupdates:\n${ecosystems.map((e) => `  - package-ecosystem: ${e}\n    directory: /\n    schedule:\n      interval: weekly\n`).join('')}`;

describe('dependency-update-tool', () => {
  it('passes with Dependabot covering every ecosystem', async () => {
    const findings = await runProbe(probe, { ...npmApp, '.github/dependabot.yml': dependabot('npm') });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ outcome: 'pass', location: { path: '.github/dependabot.yml' } });
  });

  it('reports ecosystems Dependabot does not cover as a low-severity sub-rule', async () => {
    const findings = await runProbe(probe, {
      ...npmApp,
      'api/requirements.txt': 'flask==3.0.0\n',
      '.github/workflows/ci.yml':
        'on: push\njobs:\n  t:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@v4\n',
      '.github/dependabot.yml': dependabot('npm'),
    });
    expect(findings.map((f) => [f.rule, f.outcome, f.severity])).toEqual([
      ['dependency-update-tool', 'pass', 'info'],
      ['dependency-update-tool/ecosystem-not-covered', 'fail', 'low'],
      ['dependency-update-tool/ecosystem-not-covered', 'fail', 'low'],
    ]);
    expect(findings[1]?.message).toMatch(/does not cover pip \(api\/requirements\.txt\)/);
    expect(findings[1]?.remediation).toContain(
      '- { package-ecosystem: "pip", directory: "/api", schedule: { interval: "weekly" } }',
    );
    expect(findings[2]?.message).toMatch(/github-actions/);
  });

  it('owes no coverage for registry packages without a lockfile when the product is a library, and asks which it is otherwise', async () => {
    const crate = '[package]\nname = "lib"\nversion = "1.0.0"\n\n[dependencies]\nbytes = "1"\n';
    const files = {
      'Cargo.toml': crate,
      'src/lib.rs': '',
      '.github/dependabot.yml': dependabot('github-actions'),
    };
    const kindYaml = (kind: string) =>
      `schemaVersion: 1\nproduct:\n  name: lib\n  kind: ${kind}\nvendor:\n  name: Lib Ltd\nvendorRole: developer-and-distributor\n`;
    const undeclared = await runProbe(probe, files);
    expect(undeclared.map((f) => [f.rule, f.outcome])).toEqual([
      ['dependency-update-tool', 'pass'],
      ['dependency-update-tool/ecosystem-not-covered', 'unknown'],
    ]);
    expect(undeclared[1]?.message).toMatch(/does not cover cargo \(Cargo\.toml\).*declare product\.kind/);
    const library = await runProbe(probe, { ...files, 'vouch.yaml': kindYaml('library') });
    expect(library[1]).toMatchObject({
      outcome: 'not-applicable',
      message: expect.stringMatching(/product\.kind library$/),
    });
    const app = await runProbe(probe, { ...files, 'vouch.yaml': kindYaml('application') });
    expect(app[1]).toMatchObject({ outcome: 'fail', severity: 'low' });
    // A lockfile fixes versions here, so a tool is owed whatever the kind.
    const locked = await runProbe(probe, {
      ...files,
      'Cargo.lock': 'version = 3\n',
      'vouch.yaml': kindYaml('library'),
    });
    expect(locked[1]).toMatchObject({ outcome: 'fail' });
  });

  it('accepts uv as covering pyproject.toml and ignores disabled entries', async () => {
    const py = { 'pyproject.toml': '[project]\ndependencies = ["x"]\n', 'uv.lock': '' };
    expect(await runProbe(probe, { ...py, '.github/dependabot.yml': dependabot('uv') })).toHaveLength(1);
    const disabled = `${dependabot('pip')}    open-pull-requests-limit: 0\n`;
    const findings = await runProbe(probe, { ...py, '.github/dependabot.yml': disabled });
    expect(findings[1]?.rule).toBe('dependency-update-tool/ecosystem-not-covered');
  });

  it('passes with Renovate, which covers everything unless enabledManagers limits it', async () => {
    expect(
      await runProbe(probe, { ...npmApp, 'go.mod': 'module m\nrequire a v1\n', 'renovate.json': '{}' }),
    ).toHaveLength(1);
    const limited = await runProbe(probe, {
      ...npmApp,
      'go.mod': 'module m\nrequire a v1\n',
      '.github/renovate.json5': '{ enabledManagers: ["npm"] }',
    });
    expect(limited.map((f) => f.outcome)).toEqual(['pass', 'fail']);
    expect(limited[1]?.message).toMatch(/gomod/);
  });

  it('is unknown without a tool in the tree when the host was not asked, and passes on host security updates', async () => {
    const [f] = await runProbe(probe, npmApp);
    expect(f?.outcome).toBe('unknown');
    expect(f?.message).toMatch(/security updates need no file, but the host was not asked/);
    const [on] = await runProbe(probe, npmApp, {}, { host: hostWith({ dependabotSecurityUpdates: true }) });
    expect(on).toMatchObject({ outcome: 'pass', confidence: 'medium' });
  });

  it('fails without a tool and suggests entries for the ecosystems found', async () => {
    const [f] = await runProbe(
      probe,
      { ...npmApp, 'svc/go.mod': 'module m\nrequire a v1\n', 'svc/go.sum': '' },
      {},
      { host: hostWith({ dependabotSecurityUpdates: false }) },
    );
    expect(f).toMatchObject({ outcome: 'fail', severity: 'medium' });
    expect(f?.remediation).toContain('package-ecosystem: "npm", directory: "/"');
    expect(f?.remediation).toContain('package-ecosystem: "gomod", directory: "/svc"');
  });

  it('fails when Renovate is disabled', async () => {
    const [f] = await runProbe(probe, { ...npmApp, 'renovate.json': '{"enabled": false}' });
    expect(f).toMatchObject({ outcome: 'fail', location: { path: 'renovate.json' } });
    expect(f?.message).toMatch(/disabled/);
  });

  it('is unknown when the only configuration cannot be parsed, error when the collector fails', async () => {
    const [f] = await runProbe(probe, { '.github/dependabot.yml': 'updates: [\n' });
    expect(f).toMatchObject({ outcome: 'unknown', location: { path: '.github/dependabot.yml' } });
    const [e] = await runProbeWithFailingCollector(probe, {}, 'dependency-updates');
    expect(e?.outcome).toBe('error');
  });

  it('still passes, without coverage checks, when the manifest collector fails', async () => {
    const findings = await runProbeWithFailingCollector(
      probe,
      { ...npmApp, '.github/dependabot.yml': dependabot('pip') },
      'package-manifests',
    );
    expect(findings.map((f) => f.outcome)).toEqual(['pass']);
  });
});
