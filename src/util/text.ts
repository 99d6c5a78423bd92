/**
 * Repository content reaches our outputs (file names, quoted lines, policy text). These make it
 * safe for each medium, on top of the one sanitiser (sanitise.ts): one line, no unsafe
 * characters, no markup.
 */
import { oneLine } from './sanitise.js';

export { escapeUnsafe, hasUnsafeChars, oneLine, toSafeJson } from './sanitise.js';

/** The message of a thrown value. */
export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

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
 * then every character that could start a link, emphasis, code, a table cell, an HTML tag or an
 * entity escaped with a backslash (the escapes' backslashes too, so they show). Backslash escapes
 * render as the character itself, so the reader sees `<` and `'`, never `&lt;` or `&apos;`.
 */
export function escapeMarkdown(s: string, max = 300): string {
  return oneLine(s, max).replace(/([\\`*_{}[\]()#+!|~<>&])/g, '\\$1');
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

/**
 * Word-wraps to `width` columns without dropping anything, and never inside a `code span` (a
 * command in a remediation stays whole on one line); `first` replaces the indent on the first
 * line (list bullets).
 */
export function wordWrap(text: string, indent: string, first = indent, width = 100): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.match(/[^\s`]*`[^`]*`\S*|\S+/g) ?? []) {
    const lead = lines.length === 0 ? first : indent;
    if (line && lead.length + line.length + 1 + word.length > width) {
      lines.push(lead + line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push((lines.length === 0 ? first : indent) + line);
  return lines.join('\n');
}
