import { describe, expect, it } from 'vitest';
import { defaultRunContext } from '../../collectors/run.js';
import { manifestWith, runProbe } from '../test-helpers.js';
import { probe } from './index.js';

const INCIDENTS = `incidents:
  noticeWithinDays: 3
  records:
    - id: INC-1
      title: Build server breach
      detected: "2026-05-01"
      severity: high
      affected: ["widget 2.0 to 2.1.3"]
      notices: [{ date: "2026-05-04" }]
    - id: INC-2
      title: Leaked test key
      detected: "2026-06-01T09:00:00Z"
      severity: critical
      affected: ["widget 2.2"]
      notices: [{ date: "2026-06-08" }, { date: "2026-06-04T10:00:00Z" }]
    - id: INC-3
      title: Status page outage
      detected: "2026-07-01"
      severity: low
      affected: ["widget cloud"]
      notices: []
    - id: INC-4
      title: Fresh one
      detected: "2026-11-30"
      severity: high
      affected: ["widget 2.3"]
`;

const run = defaultRunContext({ today: '2026-12-01' });

describe('incident-notices-timely', () => {
  it('measures detection to first notice against the window, at each record in vouch.yaml', async () => {
    const findings = await runProbe(probe, { 'vouch.yaml': manifestWith(INCIDENTS) }, {}, { run });
    expect(findings.map((f) => [f.outcome, f.severity])).toEqual([
      ['pass', 'info'],
      ['fail', 'medium'],
      ['fail', 'low'],
      ['unknown', 'info'],
    ]);
    expect(findings[0]!.message).toBe(
      'INC-1: first notice on 2026-05-04, 3 days after detection (window 3 days)',
    );
    // The earliest notice counts, whatever order they are listed in: 3 days and 1 hour is late.
    expect(findings[1]!.message).toContain(
      'first notice on 2026-06-04, 3 days after detection on 2026-06-01',
    );
    expect(findings[2]!.message).toContain(
      'no customer notice is recorded; the 3-day window ended on 2026-07-04',
    );
    expect(findings[3]!.message).toContain('still open');
    expect(findings[1]!.location).toMatchObject({
      path: 'vouch.yaml',
      route: 'incidents.records[1]',
      line: 16,
    });
    expect(new Set(findings.map((f) => f.fingerprint)).size).toBe(4);
  });

  it('the run clock decides whether a window without a notice is still open', async () => {
    const later = await runProbe(
      probe,
      { 'vouch.yaml': manifestWith(INCIDENTS) },
      {},
      { run: defaultRunContext({ today: '2026-12-10' }) },
    );
    expect(later[3]!.outcome).toBe('fail');
  });

  it('is unknown with no records or no section, never a pass', async () => {
    const none = await runProbe(
      probe,
      { 'vouch.yaml': manifestWith('incidents:\n  records: []\n') },
      {},
      { run },
    );
    expect(none.map((f) => f.outcome)).toEqual(['unknown']);
    expect(none[0]!.message).toContain('records no incidents');
    const missing = await runProbe(probe, { 'vouch.yaml': manifestWith('') }, {}, { run });
    expect(missing[0]!.message).toBe(
      'Whether customers were told of incidents promptly cannot be judged: vouch.yaml has no incidents section',
    );
  });
});
