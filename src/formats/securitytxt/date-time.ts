/**
 * RFC 3339 §5.6 date-time, the form RFC 9116 §2.5.5 requires for Expires. ABNF strings are
 * case-insensitive, so "t" and "z" are accepted (RFC 9116 erratum 7264 discusses the "z").
 */

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

export function daysInMonth(year: number, month1: number): number {
  return new Date(Date.UTC(year, month1, 0)).getUTCDate();
}

/** Milliseconds since the epoch, or undefined when the text is not an RFC 3339 date-time. */
export function parseDateTime(text: string): number | undefined {
  const m = DATE_TIME.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  // time-second allows 60 for a leap second (RFC 3339 §5.7).
  if (hour > 23 || minute > 59 || second > 60) return undefined;
  let offsetMinutes = 0;
  if (!m[8]) {
    const offHour = Number(m[10]);
    const offMinute = Number(m[11]);
    if (offHour > 23 || offMinute > 59) return undefined;
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (offHour * 60 + offMinute);
  }
  const millis = m[7] ? Math.floor(Number(`0${m[7]}`) * 1000) : 0;
  return Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMinutes * 60_000;
}

/** The same instant one calendar year later, the day clamped to the month (29 Feb → 28 Feb). */
export function oneYearAfter(ms: number): number {
  const d = new Date(ms);
  const year = d.getUTCFullYear() + 1;
  const month = d.getUTCMonth();
  const day = Math.min(d.getUTCDate(), daysInMonth(year, month + 1));
  return Date.UTC(
    year,
    month,
    day,
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
    d.getUTCMilliseconds(),
  );
}
