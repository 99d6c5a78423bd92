/**
 * A light English stemmer for catalogue search, so "training", "trained" and "trains" find each
 * other. It strips one inflectional or common derivational suffix and leaves short words alone;
 * it is for matching words of the Codes, not for linguistics.
 */

/** Longest first: the first suffix that leaves a stem of three letters or more is removed. */
const SUFFIXES = [
  'ations',
  'ation',
  'ments',
  'ment',
  'ingly',
  'edly',
  'ings',
  'ing',
  'ied',
  'ies',
  'ers',
  'ed',
  'er',
  'es',
  's',
];

export function stem(word: string): string {
  let w = word.toLowerCase();
  for (const suffix of SUFFIXES) {
    if (!w.endsWith(suffix) || w.length - suffix.length < 3) continue;
    if (suffix === 's' && /(ss|us|is)$/.test(w)) break; // "process", "status", "analysis"
    w = w.slice(0, -suffix.length);
    if (suffix === 'ied' || suffix === 'ies')
      w += 'y'; // "applied", "applies" -> "apply"
    // "planned" -> "plan", but "install" keeps its double l: only a doubled stop consonant.
    else if (/([bdgmnprt])\1$/.test(w)) w = w.slice(0, -1);
    break;
  }
  // "store", "stored", "storing" meet at "stor".
  return w.length > 3 && w.endsWith('e') ? w.slice(0, -1) : w;
}

/** The stems of every word in a text. */
export function stems(text: string): Set<string> {
  return new Set((text.toLowerCase().match(/[a-z0-9]+/g) ?? []).map(stem));
}
