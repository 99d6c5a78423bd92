/**
 * Debian (and Ubuntu) order, as dpkg compares versions ([epoch:]upstream[-revision]; Debian
 * Policy 5.6.12): the epoch numerically; then upstream and revision each as alternating runs of
 * non-digits, compared character by character with "~" before everything (even the end) and
 * letters before other characters, and digits, compared numerically.
 */
import { compareDigits, isAsciiLetter, isDigit, isDigits } from './numeric.js';
import { type Order, parseable, type VersionScheme } from './types.js';

export interface DebianVersion {
  epoch: string;
  upstream: string;
  revision: string;
}

/** dpkg's weight of one character of a non-digit run; the end of the run weighs 0. */
function weight(s: string, i: number, end: number): number {
  if (i >= end) return 0;
  const code = s.charCodeAt(i);
  if (code === 126 /* ~ */) return -1;
  return isAsciiLetter(code) ? code : code + 256;
}

/** dpkg's verrevcmp on one part (upstream or revision). */
export function compareDebianPart(a: string, b: string): Order {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    // Non-digit runs.
    let ie = i;
    while (ie < a.length && !isDigit(a.charCodeAt(ie))) ie++;
    let je = j;
    while (je < b.length && !isDigit(b.charCodeAt(je))) je++;
    while (i < ie || j < je) {
      const wa = weight(a, i, ie);
      const wb = weight(b, j, je);
      if (wa !== wb) return wa < wb ? -1 : 1;
      i++;
      j++;
    }
    i = ie;
    j = je;
    // Digit runs (an empty run counts as 0).
    while (ie < a.length && isDigit(a.charCodeAt(ie))) ie++;
    while (je < b.length && isDigit(b.charCodeAt(je))) je++;
    const c = compareDigits(ie > i ? a.slice(i, ie) : '0', je > j ? b.slice(j, je) : '0');
    if (c !== 0) return c;
    i = ie;
    j = je;
  }
  return 0;
}

export const debian: VersionScheme<DebianVersion> = {
  id: 'debian',
  parse(version) {
    let s = version.trim();
    if (!parseable(s)) return undefined;
    let epoch = '0';
    const colon = s.indexOf(':');
    if (colon !== -1) {
      epoch = s.slice(0, colon);
      if (!isDigits(epoch)) return undefined;
      s = s.slice(colon + 1);
    }
    const dash = s.lastIndexOf('-');
    return dash === -1
      ? { epoch, upstream: s, revision: '0' }
      : { epoch, upstream: s.slice(0, dash), revision: s.slice(dash + 1) };
  },
  compare(a, b): Order {
    return (
      compareDigits(a.epoch, b.epoch) ||
      compareDebianPart(a.upstream, b.upstream) ||
      compareDebianPart(a.revision, b.revision)
    );
  },
};
