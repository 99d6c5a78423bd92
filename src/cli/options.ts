/** Checks of option values that several commands share. */
import { isCalendarDate } from '../util/dates.js';
import { oneLine } from '../util/text.js';
import type { CliIO } from './io.js';

/** True when `--today` is absent or a real calendar date; otherwise says so on stderr. */
export function todayOptionValid(io: CliIO, today: string | undefined): boolean {
  if (today === undefined || isCalendarDate(today)) return true;
  io.err(`vouch: --today ${oneLine(today)} is not a date; give it as YYYY-MM-DD, e.g. 2027-01-31\n`);
  return false;
}
