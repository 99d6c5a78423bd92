import { describe, expect, it } from 'vitest';
import { hostWith, runProbe, runProbeWithFailingCollector } from '../test-helpers.js';

/** The host was asked and code-scanning default setup is off: only the tree decides. */
const hostOff = { host: hostWith({ codeScanningDefaultSetup: { configured: false, languages: [] } }) };

import { probe } from './index.js';

const job = (steps: string) => `on: push\njobs:\n  scan:\n    runs-on: x\n    steps:\n${steps}`;

describe('static-analysis-configured', () => {
  it('passes with high confidence when CodeQL runs in a workflow', async () => {
    const [f] = await runProbe(probe, {
      '.github/workflows/codeql.yml': job(
        '      - uses: github/codeql-action/init@v3\n        with:\n          languages: javascript\n',
      ),
    });
    expect(f).toMatchObject({
      outcome: 'pass',
      confidence: 'high',
      location: { path: '.github/workflows/codeql.yml', line: 6, column: 15 },
    });
  });

  it('passes with low confidence for a hosted service configured by file', async () => {
    const [f] = await runProbe(probe, { '.deepsource.toml': 'version = 1\n' });
    expect(f).toMatchObject({ outcome: 'pass', confidence: 'low', location: { path: '.deepsource.toml' } });
  });

  it('fails when only SCA runs, saying so', async () => {
    const [f] = await runProbe(
      probe,
      {
        '.github/workflows/ci.yml': job(
          '      - uses: actions/dependency-review-action@v4\n      - run: pip-audit -r requirements.txt\n',
        ),
      },
      {},
      hostOff,
    );
    expect(f?.outcome).toBe('fail');
    expect(f?.message).toMatch(/GitHub dependency review \[sca\].*which is not SAST/);
  });

  it('fails, pointing at the config, when a SAST config exists but CI does not run it', async () => {
    const [f] = await runProbe(
      probe,
      {
        '.semgrep.yml': 'rules: []\n',
        '.github/workflows/ci.yml': job('      - run: make\n'),
      },
      {},
      hostOff,
    );
    expect(f).toMatchObject({ outcome: 'fail', location: { path: '.semgrep.yml' } });
    expect(f?.message).toMatch(/Semgrep \(\.semgrep\.yml\) configured but no CI step runs it/);
  });

  it('is unknown without SAST in the tree when the host was not asked, and passes on default setup', async () => {
    const [f] = await runProbe(probe, { 'main.go': 'package main' });
    expect(f?.outcome).toBe('unknown');
    expect(f?.message).toMatch(/code-scanning default setup may run it instead, but the host was not asked/);
    const [on] = await runProbe(
      probe,
      { 'main.go': 'package main' },
      {},
      {
        host: hostWith({ codeScanningDefaultSetup: { configured: true, languages: ['go'] } }),
      },
    );
    expect(on).toMatchObject({ outcome: 'pass', confidence: 'high' });
    expect(on?.message).toMatch(/default setup runs CodeQL \(go\)/);
  });

  it('fails without CI at all when the host says default setup is off', async () => {
    const [f] = await runProbe(probe, { 'main.go': 'package main' }, {}, hostOff);
    expect(f?.outcome).toBe('fail');
    expect(f?.message).toMatch(/no CI configuration/);
    expect(f?.remediation).toMatch(/default setup/);
  });

  it('is unknown when a CI file cannot be parsed and nothing was found', async () => {
    const [f] = await runProbe(probe, { '.gitlab-ci.yml': 'sast: {\n' });
    expect(f).toMatchObject({ outcome: 'unknown', location: { path: '.gitlab-ci.yml' } });
  });

  it('is error when the collector fails', async () => {
    const [f] = await runProbeWithFailingCollector(probe, {}, 'static-analysis');
    expect(f?.outcome).toBe('error');
  });
});
