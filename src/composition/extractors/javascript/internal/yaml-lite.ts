/**
 * A fast reader for the block-YAML subset that pnpm and yarn berry write: nested block mappings,
 * block sequences of scalars, single-line flow collections, quoted and plain scalars, comments.
 * It is ~20x faster than a full YAML parser on lockfiles. Anything outside that subset (anchors,
 * aliases, tags, block scalars, multi-line scalars, complex keys, documents) makes it give up, and
 * the caller falls back to the `yaml` package with an alias limit, so hostile YAML features are
 * always handled by the bounded full parser and never by this one.
 */
export class YamlLiteUnsupported extends Error {}

/** Mappings are null-prototype objects: keys such as "__proto__" stay plain data. */
export type YamlMap = Record<string, unknown>;

const MAX_FLOW_DEPTH = 64;

function unsupported(line: number, why: string): never {
  throw new YamlLiteUnsupported(`line ${line}: ${why}`);
}

function newMap(): YamlMap {
  return Object.create(null) as YamlMap;
}

/** YAML 1.2 core schema resolution of a plain scalar. */
function resolvePlain(s: string, typed: boolean): unknown {
  if (!typed) return s;
  if (s.length > 64) return s;
  switch (s) {
    case '':
    case '~':
    case 'null':
    case 'Null':
    case 'NULL':
      return null;
    case 'true':
    case 'True':
    case 'TRUE':
      return true;
    case 'false':
    case 'False':
    case 'FALSE':
      return false;
  }
  const c = s.charCodeAt(0);
  // Only strings that start like a number can be one.
  if ((c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46) {
    if (/^[-+]?[0-9]+$/.test(s)) return Number.parseInt(s, 10);
    if (/^0o[0-7]+$/.test(s)) return Number.parseInt(s.slice(2), 8);
    if (/^0x[0-9a-fA-F]+$/.test(s)) return Number.parseInt(s.slice(2), 16);
    if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/.test(s)) return Number.parseFloat(s);
    if (/^[-+]?\.(?:inf|Inf|INF)$/.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
    if (/^\.(?:nan|NaN|NAN)$/.test(s)) return Number.NaN;
  }
  return s;
}

const escapes: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\x85',
  _: '\xa0',
  L: '\u2028',
  P: '\u2029',
};

/** Reads a quoted scalar starting at s[i]; returns [value, index after the closing quote]. */
function readQuoted(s: string, i: number, lineNo: number): [string, number] {
  const q = s[i];
  if (q === "'") {
    let out = '';
    let j = i + 1;
    for (;;) {
      const k = s.indexOf("'", j);
      if (k < 0) unsupported(lineNo, 'multi-line single-quoted scalar');
      out += s.slice(j, k);
      if (s[k + 1] === "'") {
        out += "'";
        j = k + 2;
      } else return [out, k + 1];
    }
  }
  let out = '';
  let j = i + 1;
  for (;;) {
    let at = j;
    while (at < s.length && s[at] !== '"' && s[at] !== '\\') at++;
    if (at >= s.length) unsupported(lineNo, 'multi-line double-quoted scalar');
    out += s.slice(j, at);
    if (s[at] === '"') return [out, at + 1];
    const e = s[at + 1] ?? '';
    if (e === 'x' || e === 'u' || e === 'U') {
      const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const hex = s.slice(at + 2, at + 2 + n);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== n) unsupported(lineNo, 'bad escape');
      const cp = Number.parseInt(hex, 16);
      if (cp > 0x10ffff) unsupported(lineNo, 'bad escape');
      out += String.fromCodePoint(cp);
      j = at + 2 + n;
    } else {
      const rep = escapes[e];
      if (rep === undefined) unsupported(lineNo, 'unknown escape');
      out += rep;
      j = at + 2;
    }
  }
}

function skipSpaces(s: string, i: number): number {
  let j = i;
  while (s[j] === ' ') j++;
  return j;
}

/** After a value: only spaces or a comment may follow. */
function expectLineEnd(s: string, i: number, lineNo: number): void {
  const j = skipSpaces(s, i);
  if (j < s.length && !(s[j] === '#' && (j === 0 || s[j - 1] === ' ')))
    unsupported(lineNo, 'trailing content');
}

const indicators = new Set(['&', '*', '!', '|', '>', '%', '@', '`', '?', ',', ']', '}', '#']);

/** Flow collection ("{a: b, c: [d]}") that must end on the same line. */
function readFlow(s: string, i: number, lineNo: number, typed: boolean, depth: number): [unknown, number] {
  if (depth > MAX_FLOW_DEPTH) unsupported(lineNo, 'flow nesting too deep');
  const open = s[i];
  const close = open === '{' ? '}' : ']';
  const out: unknown = open === '{' ? newMap() : [];
  let j = i + 1;
  for (;;) {
    j = skipSpaces(s, j);
    if (j >= s.length) unsupported(lineNo, 'multi-line flow collection');
    if (s[j] === close) return [out, j + 1];
    let key: string | undefined;
    if (open === '{') {
      // key
      if (s[j] === '"' || s[j] === "'") {
        [key, j] = readQuoted(s, j, lineNo);
      } else {
        if (indicators.has(s[j] as string) || s[j] === '[' || s[j] === '{') unsupported(lineNo, 'flow key');
        const start = j;
        while (
          j < s.length &&
          s[j] !== ',' &&
          s[j] !== '}' &&
          !(s[j] === ':' && /[ ,}]/.test(s[j + 1] ?? ' '))
        )
          j++;
        key = s.slice(start, j).trimEnd();
      }
      j = skipSpaces(s, j);
      if (s[j] === ':') {
        j = skipSpaces(s, j + 1);
      } else if (s[j] === ',' || s[j] === '}') {
        (out as YamlMap)[key] = null;
        if (s[j] === ',') j++;
        continue;
      } else unsupported(lineNo, 'flow mapping');
    }
    let value: unknown;
    const c = s[j];
    if (c === '"' || c === "'") {
      [value, j] = readQuoted(s, j, lineNo);
    } else if (c === '{' || c === '[') {
      [value, j] = readFlow(s, j, lineNo, typed, depth + 1);
    } else if (c === ',' || c === close) {
      value = null;
    } else {
      if (indicators.has(c as string)) unsupported(lineNo, `indicator ${c} in flow`);
      const start = j;
      while (j < s.length && s[j] !== ',' && s[j] !== ']' && s[j] !== '}') {
        if (s[j] === '#' && s[j - 1] === ' ') unsupported(lineNo, 'comment in flow');
        j++;
      }
      value = resolvePlain(s.slice(start, j).trimEnd(), typed);
    }
    if (open === '{') (out as YamlMap)[key as string] = value;
    else (out as unknown[]).push(value);
    j = skipSpaces(s, j);
    if (s[j] === ',') j++;
    else if (s[j] !== close) unsupported(lineNo, 'flow separator');
  }
}

/** A value that sits on the same line as its key or dash. */
function readInlineValue(s: string, i: number, lineNo: number, typed: boolean): unknown {
  const c = s[i] as string;
  if (c === '"' || c === "'") {
    const [v, j] = readQuoted(s, i, lineNo);
    expectLineEnd(s, j, lineNo);
    return v;
  }
  if (c === '{' || c === '[') {
    const [v, j] = readFlow(s, i, lineNo, typed, 0);
    expectLineEnd(s, j, lineNo);
    return v;
  }
  if (indicators.has(c) || (c === '-' && s[i + 1] === ' ')) unsupported(lineNo, `indicator ${c}`);
  let end = s.length;
  const hash = s.indexOf(' #', i);
  if (hash >= 0) end = hash;
  const v = s.slice(i, end).trimEnd();
  if (v.includes(': ')) unsupported(lineNo, 'nested mapping on one line');
  return resolvePlain(v, typed);
}

interface Frame {
  indent: number;
  kind: 'map' | 'seq';
  value: YamlMap | unknown[];
}

interface Pending {
  parent: YamlMap;
  key: string;
  indent: number;
}

export interface YamlLiteOptions {
  /** Resolve plain scalars to null / booleans / numbers (YAML core schema). Default true. */
  typed?: boolean;
}

/** Parses the subset; throws YamlLiteUnsupported on anything else. Empty input gives null. */
export function parseYamlLite(text: string, opts: YamlLiteOptions = {}): unknown {
  const typed = opts.typed !== false;
  let root: YamlMap | undefined;
  const stack: Frame[] = [];
  let pending: Pending | undefined;
  let lastScalarIndent = -1;
  let pos = 0;
  let lineNo = 0;
  const n = text.length;
  while (pos <= n) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = n;
    let line = text.slice(pos, end);
    pos = end + 1;
    lineNo++;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    let indent = 0;
    while (line.charCodeAt(indent) === 32) indent++;
    if (indent === line.length) continue;
    const c = line[indent] as string;
    if (c === '#') continue;
    if (c === '\t') unsupported(lineNo, 'tab indentation');
    if (indent === 0 && (line.startsWith('---') || line.startsWith('...') || c === '%')) {
      if (root === undefined && line.trimEnd() === '---') continue;
      unsupported(lineNo, 'document markers');
    }
    const isItem = c === '-' && (line.length === indent + 1 || line[indent + 1] === ' ');

    if (root === undefined) {
      if (indent !== 0 || isItem) unsupported(lineNo, 'top level is not a block mapping');
      root = newMap();
      stack.push({ indent: 0, kind: 'map', value: root });
    }

    if (pending) {
      const p = pending;
      pending = undefined;
      if (indent > p.indent || (isItem && indent === p.indent)) {
        const value: YamlMap | unknown[] = isItem ? [] : newMap();
        p.parent[p.key] = value;
        stack.push({ indent, kind: isItem ? 'seq' : 'map', value });
      } else {
        p.parent[p.key] = null;
      }
    } else if (indent > (stack[stack.length - 1]?.indent ?? 0)) {
      unsupported(lineNo, lastScalarIndent >= 0 ? 'multi-line scalar' : 'unexpected indentation');
    }
    while (stack.length > 0 && (stack[stack.length - 1] as Frame).indent > indent) stack.pop();
    let top = stack[stack.length - 1];
    // A sequence written at its key's indentation ends where a sibling key starts.
    if (top && top.kind === 'seq' && !isItem && top.indent === indent) {
      stack.pop();
      top = stack[stack.length - 1];
    }
    if (!top || top.indent !== indent) unsupported(lineNo, 'bad indentation');
    lastScalarIndent = -1;

    if (isItem) {
      if (top.kind !== 'seq') unsupported(lineNo, 'sequence item in a mapping');
      const at = skipSpaces(line, indent + 1);
      if (at >= line.length) unsupported(lineNo, 'nested block under a sequence item');
      const v = readInlineValue(line, at, lineNo, typed);
      (top.value as unknown[]).push(v);
      lastScalarIndent = indent;
      continue;
    }
    if (top.kind !== 'map') unsupported(lineNo, 'mapping entry in a sequence');

    let key: string;
    let j: number;
    if (c === '"' || c === "'") {
      [key, j] = readQuoted(line, indent, lineNo);
      j = skipSpaces(line, j);
      if (line[j] !== ':') unsupported(lineNo, 'quoted key without colon');
      j++;
    } else {
      if (indicators.has(c) || c === '[' || c === '{' || c === '-')
        unsupported(lineNo, `indicator ${c} at key`);
      let k = indent;
      for (;;) {
        k = line.indexOf(':', k);
        if (k < 0) unsupported(lineNo, 'not a key: value line');
        if (k + 1 === line.length || line[k + 1] === ' ') break;
        k++;
      }
      key = line.slice(indent, k).trimEnd();
      if (key.includes(' #')) unsupported(lineNo, 'comment in key');
      j = k + 1;
    }
    j = skipSpaces(line, j);
    const map = top.value as YamlMap;
    if (j >= line.length || (line[j] === '#' && line[j - 1] === ' ')) {
      pending = { parent: map, key, indent };
      continue;
    }
    map[key] = readInlineValue(line, j, lineNo, typed);
    lastScalarIndent = indent;
  }
  if (pending) pending.parent[pending.key] = null;
  return root ?? null;
}

/** Files above this size that need the full YAML parser are refused (it is ~1 s per MiB). */
export const MAX_FULL_YAML_CHARS = 8 * 1024 * 1024;

/**
 * Fast subset first; the full parser (aliases capped) when the file uses anything else. Errors
 * come back as values with the line the parser stopped at.
 */
export async function readYaml(
  text: string,
  opts: YamlLiteOptions = {},
): Promise<{ value: unknown } | { error: string }> {
  try {
    return { value: parseYamlLite(text, opts) };
  } catch (e) {
    if (!(e instanceof YamlLiteUnsupported)) return { error: `invalid YAML: ${(e as Error).message}` };
  }
  if (text.length > MAX_FULL_YAML_CHARS) {
    return {
      error: `YAML features beyond what lockfile tools write, in a file over ${MAX_FULL_YAML_CHARS / 1048576} MiB: not read`,
    };
  }
  try {
    // Loaded on demand: the package costs ~60 ms to import and most lockfiles never need it.
    const { parse: parseYaml } = await import('yaml');
    const value = parseYaml(text, {
      maxAliasCount: 100,
      uniqueKeys: false,
      schema: opts.typed === false ? 'failsafe' : 'core',
      prettyErrors: true,
    });
    return { value };
  } catch (e) {
    const msg = (e as Error).message.split('\n')[0] ?? 'parse error';
    return { error: `invalid YAML: ${msg.slice(0, 300)}` };
  }
}

/**
 * 1-based lines of the keys of each top-level mapping's direct children (depth 1), and of the
 * top-level keys themselves (under the "" section). One pass over the lines.
 */
export function keyLines(text: string): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  let section: Map<string, number> | undefined;
  let childIndent = -1;
  const top = new Map<string, number>();
  out.set('', top);
  let pos = 0;
  let lineNo = 0;
  const n = text.length;
  while (pos < n) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = n;
    const start = pos;
    pos = end + 1;
    lineNo++;
    let i = start;
    while (text.charCodeAt(i) === 32) i++;
    if (i >= end) continue;
    const c = text[i];
    if (c === '#' || c === '\r') continue;
    const indent = i - start;
    if (indent === 0) {
      const key = readKey(text, i, end);
      if (key === undefined) {
        section = undefined;
        continue;
      }
      top.set(key, lineNo);
      section = new Map();
      out.set(key, section);
      childIndent = -1;
    } else if (section) {
      if (childIndent < 0) childIndent = indent;
      if (indent !== childIndent) continue;
      const key = readKey(text, i, end);
      if (key !== undefined && !section.has(key)) section.set(key, lineNo);
    }
  }
  return out;
}

function readKey(text: string, i: number, end: number): string | undefined {
  const c = text[i];
  const line = text.slice(i, end);
  if (c === '"' || c === "'") {
    try {
      return readQuoted(line, 0, 0)[0];
    } catch {
      return undefined;
    }
  }
  if (c === '-' || c === '?') return undefined;
  let k = 0;
  for (;;) {
    k = line.indexOf(':', k);
    if (k < 0) return undefined;
    if (k + 1 === line.length || line[k + 1] === ' ' || line[k + 1] === '\r')
      return line.slice(0, k).trimEnd();
    k++;
  }
}
