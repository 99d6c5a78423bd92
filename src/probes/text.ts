/**
 * Messages are one line of plain text. Repository content quoted in them (file text, commands,
 * paths) may carry control characters, terminal escapes, bidi overrides or line breaks; these
 * helpers make it safe to print as one line. Escaping for HTML/Markdown is the formatter's job.
 */
import { oneLine as safeOneLine } from '../util/sanitise.js';

/**
 * One line of at most `max` characters: whitespace runs as one space, trimmed, and unsafe
 * characters (controls, bidi, zero-width) as visible escapes by the shared sanitiser.
 */
export function oneLine(text: string, max = 160): string {
  return safeOneLine(text.replace(/[\t\n\v\f\r ]+/g, ' ').trim(), max);
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
