/**
 * Repository content reaches our outputs (file names, quoted lines, policy text). These make it
 * safe for each medium, on top of the one sanitiser (sanitise.ts): one line, no unsafe
 * characters, no markup.
 */
import { oneLine } from './sanitise.js';

export { escapeUnsafe, hasUnsafeChars, oneLine, toSafeJson } from './sanitise.js';

/** Escapes HTML special characters. */
const entities: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => entities[c] ?? c);
}

/**
 * For Markdown table cells and inline text: one line with unsafe characters as visible escapes,
 * Markdown punctuation that could start links, emphasis, code or tables escaped (the escapes'
 * backslashes too, so they show), then HTML escaped.
 */
export function escapeMarkdown(s: string, max = 300): string {
  // Markdown punctuation first, so the entities HTML escaping adds are left intact.
  return escapeHtml(oneLine(s, max).replace(/([\\`*_{}[\]()#+!|~])/g, '\\$1'));
}

/** Levenshtein distance, capped: anything more than `cap` edits apart counts as cap + 1. */
export function editDistance(a: string, b: string, cap = 2): number {
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    previous = current;
  }
  return Math.min(previous[b.length]!, cap + 1);
}
