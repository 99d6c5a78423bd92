/**
 * Text helpers shared by the JavaScript extractors: size limit, line numbers from offsets, and
 * JSON parse errors turned into "line:col" messages.
 */
import { limitFor } from '../../../../inventory/scope.js';
import { positionOf } from '../../../../util/position.js';

/** Lockfiles above this many UTF-16 units are refused before any parsing (the scope policy's bound). */
export const MAX_LOCKFILE_CHARS = limitFor('composition');

export function tooLarge(text: string, what: string): string | undefined {
  if (text.length <= MAX_LOCKFILE_CHARS) return undefined;
  const mib = (text.length / (1024 * 1024)).toFixed(0);
  return `could not extract: ${what} is ${mib} MiB, above the ${MAX_LOCKFILE_CHARS / (1024 * 1024)} MiB limit`;
}

/** Parses JSON; on failure returns a message with line:col of the first bad character. */
export function parseJson(text: string): { value: unknown } | { error: string } {
  try {
    return { value: JSON.parse(text) };
  } catch (e) {
    if (text.trim() === '') return { error: 'invalid JSON: the file is empty' };
    const msg = (e as Error).message;
    const short = msg.length > 160 ? `${msg.slice(0, 160)}…` : msg;
    const offset = jsonErrorOffset(text, msg);
    const { line, column } = positionOf(text, offset);
    return { error: `invalid JSON at ${line}:${column}: ${short}` };
  }
}

/**
 * Where JSON.parse stopped: V8 gives "position N" for most errors; for "Unexpected token" and
 * "end of input" it does not, so scan for the first character that cannot start a JSON value
 * there (good enough for an error message; only runs on failure).
 */
function jsonErrorOffset(text: string, msg: string): number {
  const m = /position (\d+)/.exec(msg);
  if (m) return Number(m[1]);
  if (msg.includes('end of JSON input')) return text.length;
  let i = 0;
  while (i < text.length && text.charCodeAt(i) <= 32) i++;
  return i;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Own string-valued entries of a record (anything else is ignored). */
export function stringEntries(v: unknown): [string, string][] {
  if (!isRecord(v)) return [];
  const out: [string, string][] = [];
  for (const k of Object.keys(v)) {
    const val = v[k];
    if (typeof val === 'string') out.push([k, val]);
  }
  return out;
}

export function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

export function truthy(v: unknown): boolean {
  return v === true || v === 'true';
}

/** Joins a directory and a relative path the POSIX way ("" = repository root). */
export function siblingPath(filePath: string, name: string): string {
  const i = filePath.lastIndexOf('/');
  return i < 0 ? name : `${filePath.slice(0, i)}/${name}`;
}

/** Base name of a POSIX path. */
export function baseName(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? path : path.slice(i + 1);
}

/** True when a directory segment of the path is node_modules (lockfiles there belong to packages). */
export function insideNodeModules(path: string): boolean {
  const segs = path.split('/');
  segs.pop();
  return segs.includes('node_modules');
}

/**
 * Finds `"key": <open>` from a cursor onwards, for JSON lockfiles: JSON.parse keeps keys in file
 * order (integer-like keys aside), so one forward pass gives every entry its line. Keys whose value
 * is a string (dependency maps) never match because the value must open with `open`.
 */
export class KeyFinder {
  private cursor: number;
  private misses = 0;
  /** Newlines counted up to `counted`. */
  private counted = 0;
  private line0 = 1;

  constructor(
    private readonly text: string,
    start: number,
    private readonly open: '{' | '[' | '"',
  ) {
    this.cursor = start;
  }

  line(key: string): number | undefined {
    const at = this.find(key);
    if (at === undefined) return undefined;
    const { text } = this;
    let line = this.line0;
    let pos = this.counted;
    if (at < pos) {
      line = 1;
      pos = 0;
    }
    let nl = text.indexOf('\n', pos);
    while (nl !== -1 && nl < at) {
      line++;
      nl = text.indexOf('\n', nl + 1);
    }
    this.counted = at;
    this.line0 = line;
    return line;
  }

  /** Offset of the key's opening quote; the cursor moves past it. */
  find(key: string): number | undefined {
    // Give up after repeated misses: each miss scans to the end of the text.
    if (this.misses > 20) return undefined;
    const at = this.search(`"${key}"`);
    if (at !== undefined) return at;
    const escaped = JSON.stringify(key);
    if (escaped.length !== key.length + 2) {
      const again = this.search(escaped);
      if (again !== undefined) return again;
    }
    this.misses++;
    return undefined;
  }

  private search(needle: string): number | undefined {
    const { text } = this;
    const open = this.open.charCodeAt(0);
    let from = this.cursor;
    for (;;) {
      const at = text.indexOf(needle, from);
      if (at < 0) return undefined;
      let j = at + needle.length;
      while (text.charCodeAt(j) <= 32) j++;
      if (text.charCodeAt(j) === 58 /* : */) {
        j++;
        while (text.charCodeAt(j) <= 32) j++;
        if (text.charCodeAt(j) === open) {
          this.cursor = j;
          return at;
        }
      }
      from = at + 1;
    }
  }
}
