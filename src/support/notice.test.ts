import { describe, expect, it } from 'vitest';
import type { SupportSection } from '../manifest/schema.js';
import { addMonths, lineState, supportNotices, utcDate } from './notice.js';

const oneLine = (endOfLife: { date: string; announced?: string }): SupportSection => ({
  lines: [{ line: '2.x', endOfLife }],
});
const status = (endOfLife: { date: string; announced?: string }) => supportNotices(oneLine(endOfLife))[0];

describe('the twelve-month notice (SSCoP 4.2) on its edges', () => {
  it('announced exactly twelve months before is enough; one day short is not', () => {
    expect(status({ date: '2027-06-30', announced: '2026-06-30' })).toMatchObject({
      status: 'sufficient',
      noticeDays: 365,
      announceBy: '2026-06-30',
    });
    expect(status({ date: '2027-06-30', announced: '2026-07-01' })).toMatchObject({
      status: 'short',
      noticeDays: 364,
    });
  });

  it('no announcement date: the notice cannot be computed (never a pass or a fail)', () => {
    expect(status({ date: '2027-06-30' })).toMatchObject({ status: 'unrecorded', announceBy: '2026-06-30' });
  });

  it('an end "to be announced" asks nothing yet', () => {
    expect(status({ date: 'tba' })).toMatchObject({ status: 'to-be-announced' });
    expect(status({ date: 'tba' })?.date).toBeUndefined();
  });

  it('leap days: twelve months before 29 February is 28 February; a year of notice spans 366 days', () => {
    expect(addMonths('2028-02-29', -12)).toBe('2027-02-28');
    expect(status({ date: '2028-02-29', announced: '2027-02-28' })).toMatchObject({
      status: 'sufficient',
      noticeDays: 366,
    });
    expect(status({ date: '2028-02-29', announced: '2027-03-01' })).toMatchObject({ status: 'short' });
    // Announced on a leap day, twelve months on is 28 February: enough for an end that day.
    expect(status({ date: '2029-02-28', announced: '2028-02-29' })).toMatchObject({
      status: 'sufficient',
      announceBy: '2028-02-29',
    });
    expect(status({ date: '2029-02-27', announced: '2028-02-29' })).toMatchObject({ status: 'short' });
    // Month ends: 31 March less a month is 29 February in a leap year.
    expect(addMonths('2028-03-31', -1)).toBe('2028-02-29');
    expect(addMonths('2027-12-31', 2)).toBe('2028-02-29');
  });

  it('time zones: date-times count by their UTC calendar date', () => {
    // 23:30 at UTC-2 on 30 June is 1 July in UTC: one day short.
    expect(utcDate('2026-06-30T23:30:00-02:00')).toBe('2026-07-01');
    expect(status({ date: '2027-06-30', announced: '2026-06-30T23:30:00-02:00' })).toMatchObject({
      status: 'short',
    });
    // 00:30 at UTC+2 on 1 July is still 30 June in UTC: exactly twelve months.
    expect(status({ date: '2027-06-30', announced: '2026-07-01T00:30:00+02:00' })).toMatchObject({
      status: 'sufficient',
    });
    expect(status({ date: '2027-06-30T12:00:00Z', announced: '2026-06-30' })).toMatchObject({
      status: 'sufficient',
    });
  });

  it('every declared end is judged: end of security support and end of life apart', () => {
    const notices = supportNotices({
      lines: [
        {
          line: '1.x',
          securitySupport: { date: '2027-01-31', announced: '2026-06-01' },
          endOfLife: { date: '2028-01-31', announced: '2026-06-01' },
        },
      ],
    });
    expect(notices.map((n) => [n.kind, n.status])).toEqual([
      ['securitySupport', 'short'],
      ['endOfLife', 'sufficient'],
    ]);
  });

  it('a line is ended once its end of security support or end of life has passed', () => {
    const line = { line: '1.x', endOfLife: { date: '2026-11-30' } };
    expect(lineState(line, '2026-12-01')).toBe('ended');
    expect(lineState(line, '2026-11-30')).toBe('supported');
    expect(lineState({ line: '2.x', endOfLife: { date: 'tba' } }, '2099-01-01')).toBe('supported');
  });
});
