import { describe, expect, it } from 'vitest';
import { manifestWith, runProbe } from '../test-helpers.js';
import { probe } from './index.js';

const manifest = manifestWith;

describe('support-dates-published', () => {
  it('fails a supported line without an end date (low when "tba"), skips ended lines', async () => {
    const findings = await runProbe(probe, {
      'vouch.yaml': manifest(`support:
  published: https://demo.example/support
  lines:
    - line: "1.x"
      endOfLife: { date: "2020-01-31", announced: "2018-01-01" }
    - line: "2.x"
    - line: "3.x"
      endOfLife: { date: tba }
`),
    });
    expect(findings.map((f) => [f.rule, f.outcome, f.severity])).toEqual([
      ['support-dates-published', 'fail', 'medium'],
      ['support-dates-published', 'fail', 'low'],
    ]);
  });

  it('passes when every supported line has a date and the dates are published; unknown when not said where', async () => {
    const lines =
      '  lines:\n    - line: "2.x"\n      securitySupport: { date: "2028-01-31", announced: "2026-01-01" }\n';
    const published = await runProbe(probe, {
      'vouch.yaml': manifest(`support:\n  published: https://demo.example/support\n${lines}`),
    });
    expect(published.map((f) => f.outcome)).toEqual(['pass']);
    const unpublished = await runProbe(probe, { 'vouch.yaml': manifest(`support:\n${lines}`) });
    expect(unpublished.map((f) => f.outcome)).toEqual(['unknown']);
    expect(unpublished[0]!.remediation).toContain('support.published');
  });
});
