import { describe, expect, it } from 'vitest';
import { isCalendarDate } from './dates.js';

describe('isCalendarDate', () => {
  it('accepts days that exist, leap days included', () => {
    for (const d of ['2026-12-02', '2028-02-29', '2000-02-29', '1999-12-31'])
      expect(isCalendarDate(d), d).toBe(true);
  });
  it('refuses days that do not exist and other shapes', () => {
    for (const d of [
      '2027-13-45',
      '2027-02-29',
      '1900-02-29',
      '2026-04-31',
      '2026-1-02',
      '20261202',
      '2026-12-02T00:00Z',
      '',
    ])
      expect(isCalendarDate(d), d).toBe(false);
  });
});
