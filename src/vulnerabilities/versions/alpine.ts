/**
 * Alpine (apk) order, also used by Wolfi, Chainguard and other apk distributions:
 * numbers[letter][_suffix[N]]...[~hash][-rN]. Numbers compare numerically, except that after
 * the first one a number with a leading zero compares as text ("1.02" < "1.1"); a letter
 * sorts after none; suffixes alpha < beta < pre < rc < (none) < cvs < svn < git < hg < p; then
 * the -r release number. A version with anything else left over is malformed: it sorts below
 * the same version without it, and two malformed versions compare as text.
 */
import { compareNormalized, compareText, isDigit, normalizeDigits } from './numeric.js';
import { type Order, parseable, type VersionScheme } from './types.js';

interface NumberPart {
  /** As written (leading zeros matter after the first number). */
  text: string;
  value: string;
  first: boolean;
}

export interface AlpineVersion {
  original: string;
  numbers: NumberPart[];
  letter: string;
  suffixes: { rank: number; number: string }[];
  release: string;
  /** Text nothing above accounted for; "" for a well-formed version. */
  rest: string;
  malformed: boolean;
}

const SUFFIXES = ['alpha', 'beta', 'pre', 'rc', '', 'cvs', 'svn', 'git', 'hg', 'p'];
const NO_SUFFIX = { rank: SUFFIXES.indexOf(''), number: '0' };
const PADDING: NumberPart = { text: '0', value: '0', first: true };

function compareNumberPart(a: NumberPart, b: NumberPart): Order {
  if (!a.first && !b.first && (a.text.startsWith('0') || b.text.startsWith('0')))
    return compareText(a.text, b.text);
  return compareNormalized(a.value, b.value);
}

export const alpine: VersionScheme<AlpineVersion> = {
  id: 'alpine',
  parse(version) {
    if (!parseable(version)) return undefined;
    const v: AlpineVersion = {
      original: version,
      numbers: [],
      letter: '',
      suffixes: [],
      release: '0',
      rest: '',
      malformed: false,
    };
    // Numbers: digit runs each optionally followed by one dot.
    let i = 0;
    while (i < version.length && isDigit(version.charCodeAt(i))) {
      const start = i;
      while (i < version.length && isDigit(version.charCodeAt(i))) i++;
      const text = version.slice(start, i);
      v.numbers.push({ text, value: normalizeDigits(text), first: v.numbers.length === 0 });
      if (version[i] === '.') i++;
    }
    let s = version.slice(i);
    const code = s.charCodeAt(0);
    if (code >= 97 && code <= 122) {
      v.letter = s[0]!;
      s = s.slice(1);
    }
    for (const m of s.matchAll(/_(alpha|beta|pre|rc|cvs|svn|git|hg|p)(\d*)/g)) {
      v.suffixes.push({ rank: SUFFIXES.indexOf(m[1]!), number: normalizeDigits(m[2] || '0') });
      if (s.startsWith(m[0])) s = s.slice(m[0].length);
    }
    const hash = /^~[0-9a-f]+/.exec(s);
    if (hash !== null) s = s.slice(hash[0].length);
    if (s !== '') {
      const release = /^-r(\d*)/.exec(s);
      if (release === null) v.malformed = true;
      else {
        v.release = normalizeDigits(release[1] || '0');
        s = s.slice(release[0].length);
      }
    }
    v.rest = s;
    return v;
  },
  compare(a, b): Order {
    if (a.malformed && b.malformed) return compareText(a.original, b.original);
    const n = Math.max(a.numbers.length, b.numbers.length);
    for (let i = 0; i < n; i++) {
      const c = compareNumberPart(a.numbers[i] ?? PADDING, b.numbers[i] ?? PADDING);
      if (c !== 0) return c;
    }
    if (a.letter !== b.letter)
      return a.letter === '' ? -1 : b.letter === '' ? 1 : compareText(a.letter, b.letter);
    const m = Math.max(a.suffixes.length, b.suffixes.length);
    for (let i = 0; i < m; i++) {
      const x = a.suffixes[i] ?? NO_SUFFIX;
      const y = b.suffixes[i] ?? NO_SUFFIX;
      if (x.rank !== y.rank) return x.rank < y.rank ? -1 : 1;
      const c = compareNormalized(x.number, y.number);
      if (c !== 0) return c;
    }
    const r = compareNormalized(a.release, b.release);
    if (r !== 0) return r;
    if ((a.rest === '') !== (b.rest === '')) return a.rest === '' ? 1 : -1;
    return 0;
  },
};
