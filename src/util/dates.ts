/**
 * Calendar dates as vouch reads them from people (vouch.yaml, --today): YYYY-MM-DD naming a day
 * that exists, so 2027-02-29 and 2027-13-45 are refused instead of rolling over silently.
 */
export function isCalendarDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}
