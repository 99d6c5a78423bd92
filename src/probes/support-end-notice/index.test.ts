import { describe, expect, it } from 'vitest';
import { manifestWith, runProbe } from '../test-helpers.js';
import { probe } from './index.js';

const manifest = manifestWith;

describe('support-end-notice', () => {
  it('passes an end announced twelve months ahead and fails one a day short, at the line in vouch.yaml', async () => {
    const findings = await runProbe(probe, {
      'vouch.yaml': manifest(`support:
  lines:
    - line: "1.x"
      endOfLife: { date: "2027-06-30", announced: "2026-06-30" }
    - line: "2.x"
      securitySupport: { date: "2027-06-30", announced: "2026-07-01" }
`),
    });
    expect(findings.map((f) => [f.rule, f.outcome])).toEqual([
      ['support-end-notice', 'pass'],
      ['support-end-notice', 'fail'],
    ]);
    expect(findings[1]!.message).toContain('only 364 days');
    expect(findings[1]!.message).toContain('announcement by 2026-06-30');
    expect(findings[1]!.location).toMatchObject({ path: 'vouch.yaml', line: 11, route: 'support.lines[1]' });
    expect(findings[1]!.remediation).toContain('2027-07-01');
  });

  it('is unknown without an announcement date or a support section, and observes "tba"', async () => {
    const unrecorded = await runProbe(probe, {
      'vouch.yaml': manifest(
        'support:\n  lines:\n    - line: "3.x"\n      endOfLife: { date: "2028-01-31" }\n    - line: "4.x"\n      endOfLife: { date: tba }\n',
      ),
    });
    expect(unrecorded.map((f) => f.outcome)).toEqual(['unknown', 'observation']);
    expect(unrecorded[0]!.remediation).toContain('support.lines[0].endOfLife.announced');
    const none = await runProbe(probe, { 'vouch.yaml': manifest('') });
    expect(none.map((f) => [f.outcome, f.message])).toEqual([
      ['unknown', 'The notice before support ends cannot be judged: vouch.yaml has no support section'],
    ]);
    const missing = await runProbe(probe, {});
    expect(missing[0]!.message).toContain('there is no vouch.yaml');
  });
});
