/**
 * Messages are one line of plain text. Repository content quoted in them (file text, commands,
 * paths) may carry control characters, terminal escapes, bidi overrides or line breaks; these
 * helpers make it safe to print as one line. Escaping for HTML/Markdown is the formatter's job.
 */

// C0 and C1 controls, DEL, line/paragraph separators, bidi embedding/override/isolate controls,
// zero-width characters and the BOM.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

/** One line, control characters shown as "�" (whitespace ones as a space), at most `max` characters. */
export function oneLine(text: string, max = 160): string {
  const clean = text
    .replace(/[\t\n\v\f\r\u0085\u2028\u2029]+/g, ' ')
    .replace(UNSAFE, '\ufffd')
    .replace(/ {2,}/g, ' ')
    .trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/** Repository text quoted in a message: one line, in backticks. */
export function quote(text: string, max = 80): string {
  return `\`${oneLine(text, max).replaceAll('`', "'")}\``;
}

/** "a, b and 3 more" */
export function list(items: readonly string[], max = 5): string {
  const shown = items.slice(0, max).map((i) => oneLine(i, 80));
  if (items.length > max) return `${shown.join(', ')} and ${items.length - max} more`;
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
