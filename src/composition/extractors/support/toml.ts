/**
 * TOML for lockfiles and manifests (Python, Rust): one bounded parse with smol-toml (loaded on first
 * use), plus a linear scan that finds, for each `[[package]]` block, the line of its header and of its
 * own `name = ` key (the parser gives no positions). The scan tracks strings, comments and brackets so
 * names inside multi-line strings, inline tables or sub-tables such as `[package.tool]` are not
 * mistaken for the package's name.
 */
import { oneLine } from '../../../util/text.js';
import { libraryLoadError, loadToml } from './lazy.js';
import { sizeError } from './text.js';

/** Inline tables / arrays nested deeper than this are refused (lockfiles need 3 or 4). */
const MAX_TOML_DEPTH = 64;

export type TomlTable = Record<string, unknown>;

export type TomlParse = { ok: true; doc: TomlTable } | { ok: false; error: string };

/** Parses a TOML document; errors come back as values with line:column. */
export async function parseTomlDocument(path: string, text: string): Promise<TomlParse> {
  const tooBig = sizeError(path, text);
  if (tooBig) return { ok: false, error: tooBig };
  let toml: Awaited<ReturnType<typeof loadToml>>;
  try {
    toml = await loadToml();
  } catch (e) {
    return { ok: false, error: `could not extract ${path}: ${libraryLoadError('smol-toml', e)}` };
  }
  try {
    const doc = toml.parse(text, { maxDepth: MAX_TOML_DEPTH, unsafeKeyBehaviour: 'drop' }) as TomlTable;
    return { ok: true, doc };
  } catch (e) {
    if (e instanceof toml.TomlError) {
      const first = e.message.split('\n', 1)[0] ?? 'invalid TOML';
      return {
        ok: false,
        error: `could not extract ${path}: ${oneLine(first, 160)} (at ${e.line}:${e.column})`,
      };
    }
    // A stack overflow or similar from pathological input: still an error value.
    return {
      ok: false,
      error: `could not extract ${path}: ${oneLine(String((e as Error)?.message ?? 'parse failed'), 160)}`,
    };
  }
}

export function asTable(v: unknown): TomlTable | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as TomlTable) : undefined;
}

export function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export function asString(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function asStringArray(v: unknown): string[] {
  return asArray(v).filter((x): x is string => typeof x === 'string');
}

export interface ArrayTableBlock {
  /** 1-based line of the `[[name]]` header. */
  headerLine: number;
  /** 1-based line of the block's own `name = ` key, when present. */
  nameLine?: number;
}

interface ScanState {
  /** Open multi-line string delimiter, if any. */
  multiline: '"""' | "'''" | undefined;
  /** Open [ and { that span lines. */
  depth: number;
}

/** Normalises a header or key: drops whitespace and simple quotes (`[[ "package" ]]` = `[[package]]`). */
function normaliseKey(raw: string): string {
  let out = '';
  for (const ch of raw) if (ch !== ' ' && ch !== '\t' && ch !== '"' && ch !== "'") out += ch;
  return out;
}

/** Index just past the closing delimiter of a multi-line string starting its search at `from`, or -1. */
function closeMultiline(line: string, from: number, delim: '"""' | "'''"): number {
  const q = delim[0]!;
  for (let i = from; i < line.length; i++) {
    const c = line[i];
    if (delim === '"""' && c === '\\') {
      i++;
      continue;
    }
    if (c === q && line[i + 1] === q && line[i + 2] === q) {
      let end = i + 3;
      // Up to two extra quotes belong to the content ("""a"""" ends with a quote).
      while (end < line.length && line[end] === q && end - i < 5) end++;
      return end;
    }
  }
  return -1;
}

/** Scans a value (or the rest of a line) updating string and bracket state. */
function scanValue(line: string, from: number, st: ScanState): void {
  let i = from;
  while (i < line.length) {
    const c = line[i]!;
    if (c === '#') return;
    if (c === '"' || c === "'") {
      if (line[i + 1] === c && line[i + 2] === c) {
        const delim = c === '"' ? '"""' : "'''";
        const end = closeMultiline(line, i + 3, delim);
        if (end < 0) {
          st.multiline = delim;
          return;
        }
        i = end;
        continue;
      }
      // Single-line string: find the closing quote (basic strings honour backslash escapes).
      let j = i + 1;
      while (j < line.length && line[j] !== c) j += c === '"' && line[j] === '\\' ? 2 : 1;
      i = j + 1;
      continue;
    }
    if (c === '[' || c === '{') st.depth++;
    else if ((c === ']' || c === '}') && st.depth > 0) st.depth--;
    i++;
  }
}

/**
 * Finds every `[[table]]` block in order with its header and `name` lines. Linear in the text.
 * When the scan and the parsed document disagree on the count, callers should not trust the lines.
 */
export function scanArrayTableBlocks(text: string, table: string): ArrayTableBlock[] {
  const blocks: ArrayTableBlock[] = [];
  const st: ScanState = { multiline: undefined, depth: 0 };
  let current: ArrayTableBlock | undefined;
  let inSubTable = false;
  let lineNo = 0;
  let pos = 0;
  while (pos <= text.length) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = text.length;
    const line = text.slice(pos, nl);
    lineNo++;
    pos = nl + 1;

    if (st.multiline) {
      const end = closeMultiline(line, 0, st.multiline);
      if (end < 0) continue;
      st.multiline = undefined;
      scanValue(line, end, st);
      continue;
    }
    if (st.depth > 0) {
      scanValue(line, 0, st);
      continue;
    }
    let k = 0;
    while (k < line.length && (line[k] === ' ' || line[k] === '\t')) k++;
    const first = line[k];
    if (first === undefined || first === '#' || first === '\r') continue;
    if (first === '[') {
      const isArray = line[k + 1] === '[';
      const close = line.indexOf(isArray ? ']]' : ']', k);
      const name = normaliseKey(line.slice(k + (isArray ? 2 : 1), close < 0 ? line.length : close));
      if (isArray && name === table) {
        current = { headerLine: lineNo };
        blocks.push(current);
        inSubTable = false;
      } else if (current && name.startsWith(`${table}.`)) {
        inSubTable = true;
      } else {
        current = undefined;
      }
      continue;
    }
    // key = value
    let eq = -1;
    if (first === '"' || first === "'") {
      const endQuote = line.indexOf(first, k + 1);
      eq = endQuote < 0 ? -1 : line.indexOf('=', endQuote);
    } else {
      eq = line.indexOf('=', k);
    }
    if (eq < 0) continue;
    const key = normaliseKey(line.slice(k, eq));
    if (current && !inSubTable && key === 'name' && current.nameLine === undefined) current.nameLine = lineNo;
    scanValue(line, eq + 1, st);
  }
  return blocks;
}

/**
 * Line of each parsed package (its `name =` key, else its header). When the text scan and the parser
 * disagree on the number of blocks, no lines are given rather than wrong ones.
 */
export function packageLines(text: string, count: number, table = 'package'): (number | undefined)[] {
  const blocks: ArrayTableBlock[] = scanArrayTableBlocks(text, table);
  if (blocks.length !== count) return new Array<number | undefined>(count).fill(undefined);
  return blocks.map((b) => b.nameLine ?? b.headerLine);
}

export interface TableHeader {
  /** Dotted name with quotes and spaces removed: `[target.'cfg(unix)'.dependencies]` → "target.cfg(unix).dependencies". */
  name: string;
  offset: number;
}

/** `[table]` headers (not `[[array]]` ones) in file order, by one pass over the text. */
export function tableHeaders(text: string): TableHeader[] {
  const out: TableHeader[] = [];
  const re = /^[ \t]*\[([^[\]\n]+)\][ \t]*(?:#[^\n]*)?$/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push({ name: m[1]!.replace(/["' \t]/g, ''), offset: m.index });
  }
  return out;
}

/** Header name for a key path, normalised like `tableHeaders` names. */
export function headerName(path: string[]): string {
  return path.join('.').replace(/["' \t]/g, '');
}
