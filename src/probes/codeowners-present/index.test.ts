import { describe, expect, it } from 'vitest';
import { runProbe, runProbeWithFailingCollector } from '../test-helpers.js';
import { probe } from './index.js';

describe('codeowners-present', () => {
  it('passes and points at the catch-all rule', async () => {
    const [f, ...rest] = await runProbe(probe, {
      '.github/CODEOWNERS': '# owners\n/api/ @acme/api\n* @acme/core\n',
    });
    expect(rest).toEqual([]);
    expect(f).toMatchObject({
      outcome: 'pass',
      location: { path: '.github/CODEOWNERS', line: 3, column: 1 },
    });
    expect(f?.message).toContain('2 of 2 rules');
  });

  it('passes without a catch-all, saying so', async () => {
    const [f] = await runProbe(probe, { CODEOWNERS: '/api/ @acme/api\n' });
    expect(f?.outcome).toBe('pass');
    expect(f?.message).toMatch(/no catch-all/);
  });

  it('fails when absent', async () => {
    const [f] = await runProbe(probe, { 'README.md': '' });
    expect(f).toMatchObject({ rule: 'codeowners-present', outcome: 'fail', severity: 'low' });
  });

  it('fails as a sub-rule when no rule names an owner', async () => {
    const [f] = await runProbe(probe, { 'docs/CODEOWNERS': '# TODO\n*\n/src/\n' });
    expect(f).toMatchObject({
      rule: 'codeowners-present/no-owners',
      outcome: 'fail',
      location: { path: 'docs/CODEOWNERS' },
    });
  });

  it('reports invalid owners where they are written', async () => {
    const findings = await runProbe(probe, { CODEOWNERS: '* @acme/core\n/x/ bob\n' });
    expect(findings.map((f) => [f.rule, f.outcome, f.location?.line, f.location?.column])).toEqual([
      ['codeowners-present', 'pass', 1, 1],
      ['codeowners-present/invalid-entry', 'fail', 2, 5],
    ]);
  });

  it('is unknown when the file cannot be read and error when the collector fails', async () => {
    const [f] = await runProbe(probe, { CODEOWNERS: Buffer.from([0, 0, 1]) });
    expect(f?.outcome).toBe('unknown');
    const [e] = await runProbeWithFailingCollector(probe, {}, 'codeowners');
    expect(e?.outcome).toBe('error');
  });
});
