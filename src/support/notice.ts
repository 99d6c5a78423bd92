/**
 * SSCoP 4.2: customers get at least a year's notice before support ends. For every declared end
 * (end of security support and end of life) of every release line, the notice given is the time
 * from its announcement to the end date. Dates are UTC calendar dates; "twelve months before" is
 * calendar arithmetic (29 February less a year is 28 February), so announcing exactly twelve
 * months ahead is enough and one day later is not. The notice counts forward from the
 * announcement: announced + twelve months must not be after the end.
 */
import type { SupportLine, SupportSection } from '../manifest/schema.js';

export type EndKind = 'securitySupport' | 'endOfLife';

export const END_LABEL: Record<EndKind, string> = {
  securitySupport: 'end of security support',
  endOfLife: 'end of life',
};

export type NoticeStatus =
  /** Announced at least twelve months ahead. */
  | 'sufficient'
  /** Announced less than twelve months ahead. */
  | 'short'
  /** An end date without the date it was announced: the notice cannot be computed. */
  | 'unrecorded'
  /** No end date set yet ("tba"). */
  | 'to-be-announced';

export interface EndNotice {
  line: string;
  lineIndex: number;
  kind: EndKind;
  status: NoticeStatus;
  /** The end date (UTC calendar date). */
  date?: string;
  announced?: string;
  /** The last day an announcement gives twelve months' notice. */
  announceBy?: string;
  /** Whole days from announcement to end. */
  noticeDays?: number;
}

/** The UTC calendar date of a YYYY-MM-DD date or an RFC 3339 date-time. */
export function utcDate(value: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  return new Date(Date.parse(value)).toISOString().slice(0, 10);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** `date` moved by whole calendar months, the day clamped to the target month's length. */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const day = Math.min(d, daysInMonth(year, month));
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export const REQUIRED_NOTICE_MONTHS = 12;

/**
 * The last day an announcement gives the required notice for `date`: notice counts forward from
 * the announcement (29 February plus a year is 28 February), so the day can be a little later
 * than the end date less twelve months.
 */
function latestAnnouncement(date: string): string {
  let day = addMonths(date, -REQUIRED_NOTICE_MONTHS);
  for (let i = 0; i < 3; i++) {
    const next = addDays(day, 1);
    if (addMonths(next, REQUIRED_NOTICE_MONTHS) > date) break;
    day = next;
  }
  return day;
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function endNotice(line: SupportLine, lineIndex: number, kind: EndKind): EndNotice | undefined {
  const end = line[kind];
  if (!end) return undefined;
  const base = { line: line.line, lineIndex, kind };
  if (end.date === 'tba') return { ...base, status: 'to-be-announced' };
  const date = utcDate(end.date);
  const announceBy = latestAnnouncement(date);
  if (end.announced === undefined) return { ...base, status: 'unrecorded', date, announceBy };
  const announced = utcDate(end.announced);
  return {
    ...base,
    status: addMonths(announced, REQUIRED_NOTICE_MONTHS) <= date ? 'sufficient' : 'short',
    date,
    announced,
    announceBy,
    noticeDays: daysBetween(announced, date),
  };
}

/** The notice for every declared end of every line, in declaration order. */
export function supportNotices(support: SupportSection): EndNotice[] {
  return support.lines.flatMap((line, i) =>
    (['securitySupport', 'endOfLife'] as const).flatMap((kind) => endNotice(line, i, kind) ?? []),
  );
}

/** Where a line stands on `today`: supported (with which level) or past its end. */
export function lineState(line: SupportLine, today: string): 'supported' | 'ended' {
  const eol = line.endOfLife?.date;
  if (eol && eol !== 'tba' && utcDate(eol) < today) return 'ended';
  const eos = line.securitySupport?.date;
  if (eos && eos !== 'tba' && utcDate(eos) < today) return 'ended';
  return 'supported';
}
