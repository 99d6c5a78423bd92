/**
 * RPM order (Red Hat, AlmaLinux, Rocky, SUSE, ...), as rpmvercmp: [epoch:]version[-release],
 * each part split into runs of digits and of letters with everything else a separator; "~"
 * sorts before anything (even the end), "^" after the end but before anything else; digit runs
 * compare numerically and beat letter runs.
 */
import { compareText, isAsciiLetter, isDigit, isDigits, normalizeDigits } from './numeric.js';
import { type Order, parseable, type VersionScheme } from './types.js';

export interface RpmVersion {
  epoch: string;
  version: string;
  /** "-" plus the release, or "" when there is none. */
  release: string;
}

function separator(code: number): boolean {
  return !isAsciiLetter(code) && !isDigit(code) && code !== 126 && code !== 94;
}

export function rpmvercmp(a: string, b: string): Order {
  if (a === b) return 0;
  if (a === '') return -1;
  if (b === '') return 1;
  let i = 0;
  let j = 0;
  for (;;) {
    while (i < a.length && separator(a.charCodeAt(i))) i++;
    while (j < b.length && separator(b.charCodeAt(j))) j++;
    const ta = i < a.length && a.charCodeAt(i) === 126;
    const tb = j < b.length && b.charCodeAt(j) === 126;
    if (ta || tb) {
      if (!ta) return 1;
      if (!tb) return -1;
      i++;
      j++;
      continue;
    }
    const ca = i < a.length && a.charCodeAt(i) === 94;
    const cb = j < b.length && b.charCodeAt(j) === 94;
    if (ca || cb) {
      if (ca && cb) {
        i++;
        j++;
        continue;
      }
      if (ca) return j === b.length ? 1 : -1;
      return i === a.length ? -1 : 1;
    }
    if (i === a.length || j === b.length) break;
    const numeric = isDigit(a.charCodeAt(i));
    const inRun = numeric ? isDigit : isAsciiLetter;
    let ie = i;
    while (ie < a.length && inRun(a.charCodeAt(ie))) ie++;
    let je = j;
    while (je < b.length && inRun(b.charCodeAt(je))) je++;
    // A digit run against a letter run: numbers are newer.
    if (je === j) return numeric ? 1 : -1;
    let c: Order;
    if (numeric) {
      const x = normalizeDigits(a.slice(i, ie));
      const y = normalizeDigits(b.slice(j, je));
      c = x.length !== y.length ? (x.length < y.length ? -1 : 1) : compareText(x, y);
    } else c = compareText(a.slice(i, ie), b.slice(j, je));
    if (c !== 0) return c;
    i = ie;
    j = je;
  }
  const ra = a.length - i;
  const rb = b.length - j;
  return ra === rb ? 0 : ra < rb ? -1 : 1;
}

export const rpm: VersionScheme<RpmVersion> = {
  id: 'rpm',
  parse(version) {
    if (!parseable(version)) return undefined;
    let epoch = '0';
    let rest = version;
    const colon = version.indexOf(':');
    if (colon !== -1) {
      const e = version.slice(0, colon);
      if (e === '' || isDigits(e)) {
        epoch = e === '' ? '0' : e;
        rest = version.slice(colon + 1);
      }
    }
    const dash = rest.indexOf('-');
    return dash === -1
      ? { epoch, version: rest, release: '' }
      : { epoch, version: rest.slice(0, dash), release: rest.slice(dash) };
  },
  compare(a, b): Order {
    return rpmvercmp(a.epoch, b.epoch) || rpmvercmp(a.version, b.version) || rpmvercmp(a.release, b.release);
  },
};
