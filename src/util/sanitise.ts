/**
 * The one sanitiser for repository text on its way into any output (terminal, Markdown, JSON,
 * SBOM). Repository content is hostile: file names and quoted lines can carry characters that
 * make text read differently from what it is ("Trojan Source" bidi controls), hide characters
 * (zero-width), break lines where a reader sees none (U+2028), or drive a terminal (C0/C1
 * controls). Each such character is shown as a visible escape (`\u202E`), so a reader sees that
 * it is there and which it is; per-format escapers build on this.
 */

/**
 * C0 controls, DEL and C1 controls (NEL U+0085 among them), the Arabic letter mark U+061C,
 * zero-width spaces and joiners and the LTR/RTL marks (U+200B-U+200F), line and paragraph
 * separators (U+2028, U+2029), bidi embeddings and overrides (U+202A-U+202E), word joiner and
 * invisible operators (U+2060-U+2064), bidi isolates (U+2066-U+2069) and the BOM / zero-width
 * no-break space (U+FEFF).
 */
const UNSAFE_SOURCE =
  '[\\u0000-\\u001f\\u007f-\\u009f\\u061c\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u2064\\u2066-\\u2069\\ufeff]';
const UNSAFE = new RegExp(UNSAFE_SOURCE);
const UNSAFE_ALL = new RegExp(UNSAFE_SOURCE, 'g');
/** The unsafe characters JSON.stringify leaves raw (it escapes C0 controls itself). */
const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;
/** The same class without `g`: a test finds none far faster than a global replace scans (large SBOMs). */
const HAS_UNSAFE_IN_JSON = new RegExp(UNSAFE_IN_JSON.source);
/** Ordinary whitespace a one-line rendering turns into a space. */
const BREAKS = /[\t\n\v\f\r]+/g;

/** True when `text` holds a character that must not reach an output raw. */
export function hasUnsafeChars(text: string): boolean {
  return UNSAFE.test(text);
}

/** `\u202E` for U+202E: four hex digits, upper case, as JavaScript and JSON write it. */
function visibleEscape(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Every unsafe character replaced by its visible escape; everything else unchanged. */
export function escapeUnsafe(text: string): string {
  return UNSAFE.test(text) ? text.replace(UNSAFE_ALL, visibleEscape) : text;
}

/**
 * One line for terminals and messages: runs of tabs and line breaks become one space, every
 * other unsafe character its visible escape, and the result is cut to `max` characters.
 */
export function oneLine(text: string, max = 300): string {
  const flat = escapeUnsafe(text.replace(BREAKS, ' '));
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/**
 * JSON text with the unsafe characters inside strings written as `\uXXXX` escapes: the same
 * value once parsed, but no raw bidi control or line separator in the bytes a reader sees.
 */
export function toSafeJson(value: unknown, indent?: number): string {
  const json = JSON.stringify(value, null, indent);
  // All ASCII (as many bytes as characters) leaves DEL as the one unsafe character possible: two
  // native scans, a thirtieth of the regular expression's time on a 9 MB SBOM.
  if (Buffer.byteLength(json, 'utf8') === json.length && !json.includes('\u007f')) return json;
  return HAS_UNSAFE_IN_JSON.test(json) ? json.replace(UNSAFE_IN_JSON, visibleEscape) : json;
}
