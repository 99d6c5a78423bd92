/**
 * A parsed YAML document as a located value tree: every node keeps its span (1-based line and
 * column, end exclusive) and its symbolic route (`jobs.build.steps[2].run`). Built in one pass
 * over the yaml package's syntax tree. Aliases stay aliases pointing at the converted anchor (the
 * tree is a DAG, never expanded), so an alias bomb costs what its text costs; readers follow
 * aliases through `Deref`, which counts and bounds every step.
 */
import type { LineCounter, Node as YamlNode } from 'yaml';
import type { SafeYamlDocument } from '../../util/yaml.js';
import { isAlias, isMap, isPair, isScalar, isSeq } from '../../util/yaml.js';

/** 1-based; `endColumn` is the column just after the last character (as in SARIF). */
export interface Span {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface Located {
  span: Span;
  route: string;
}

export type ScalarValue = string | number | boolean | null;

export interface YScalar extends Located {
  kind: 'scalar';
  value: ScalarValue;
  /** How it is written: PLAIN, QUOTE_SINGLE, QUOTE_DOUBLE, BLOCK_LITERAL, BLOCK_FOLDED. */
  style: string;
  /** Block scalars: where the text starts (the line after the `|` / `>` header) and its indentation. */
  block?: { line: number; column: number; indent: number };
  /** A comment after the value on its line (`uses: a/b@<sha> # v6.5.0`), without the `#`. */
  comment?: string;
}

export interface YEntry {
  key: YScalar;
  value: YValue;
}

export interface YMap extends Located {
  kind: 'map';
  entries: YEntry[];
}

export interface YSeq extends Located {
  kind: 'seq';
  items: YValue[];
}

export interface YAlias extends Located {
  kind: 'alias';
  name: string;
  /** The anchored node; undefined when the anchor is unknown. */
  target?: YValue;
}

export type YValue = YScalar | YMap | YSeq | YAlias;

/** A key written as an identifier joins with ".", anything else as ["..."]. */
export function routeJoin(route: string, key: string | number): string {
  if (typeof key === 'number') return `${route}[${key}]`;
  if (/^[A-Za-z_][\w-]*$/.test(key)) return route === '' ? key : `${route}.${key}`;
  return `${route}[${JSON.stringify(key)}]`;
}

interface ConvertState {
  lines: LineCounter;
  text: string;
  anchors: Map<string, YValue>;
  /** Aliases whose anchor had not been converted yet when they were met (forward refs are errors). */
}

function spanOf(state: ConvertState, node: YamlNode | null | undefined): Span {
  const r = node?.range;
  const start = state.lines.linePos(r?.[0] ?? 0);
  let end = r?.[1] ?? r?.[0] ?? 0;
  // block scalars end after their trailing line break; point at the last character instead
  while (end > (r?.[0] ?? 0) && (state.text[end - 1] === '\n' || state.text[end - 1] === '\r')) end--;
  const from = r?.[0] ?? 0;
  // most nodes end on the line they start on: no second search
  let oneLine = true;
  for (let i = from; i < end && oneLine; i++) if (state.text.charCodeAt(i) === 10) oneLine = false;
  if (oneLine)
    return { line: start.line, column: start.col, endLine: start.line, endColumn: start.col + (end - from) };
  const stop = state.lines.linePos(end);
  return { line: start.line, column: start.col, endLine: stop.line, endColumn: stop.col };
}

function blockStart(
  state: ConvertState,
  headerLine: number,
): { line: number; column: number; indent: number } {
  const starts = state.lines.lineStarts;
  const line = headerLine + 1;
  for (let l = line; l <= starts.length && l < line + 1000; l++) {
    const lineText = state.text.slice(starts[l - 1], starts[l] ?? state.text.length);
    if (lineText.trim() !== '') {
      const indent = lineText.length - lineText.trimStart().length;
      return { line, column: indent + 1, indent };
    }
  }
  return { line, column: 1, indent: 0 };
}

function scalarValue(v: unknown): ScalarValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return Number(v);
  // dates, binary: keep what was written
  return String(v);
}

function convert(state: ConvertState, node: unknown, route: string): YValue {
  const n = node as YamlNode | null | undefined;
  let out: YValue;
  if (isAlias(n)) {
    const target = state.anchors.get(n.source);
    out = { kind: 'alias', name: n.source, span: spanOf(state, n), route, ...(target ? { target } : {}) };
    return out;
  }
  if (isMap(n)) {
    const entries: YEntry[] = [];
    out = { kind: 'map', entries, span: spanOf(state, n), route };
    for (const pair of n.items) {
      if (!isPair(pair)) continue;
      const keyNode = pair.key as YamlNode | null;
      // complex keys ({a: b}: c) are not used by GitHub; their text stands in for the key
      const keyValue = isScalar(keyNode) ? scalarValue(keyNode.value) : String(keyNode ?? '');
      const keyText = keyValue === null ? '' : String(keyValue);
      const key: YScalar = {
        kind: 'scalar',
        value: keyText,
        style: isScalar(keyNode) ? String(keyNode.type ?? 'PLAIN') : 'PLAIN',
        span: spanOf(state, keyNode),
        route: routeJoin(route, keyText),
      };
      const childRoute = routeJoin(route, keyText);
      const value: YValue =
        pair.value === null || pair.value === undefined
          ? { kind: 'scalar', value: null, style: 'PLAIN', span: emptyAfter(key.span), route: childRoute }
          : convert(state, pair.value, childRoute);
      entries.push({ key, value });
    }
  } else if (isSeq(n)) {
    const items: YValue[] = [];
    out = { kind: 'seq', items, span: spanOf(state, n), route };
    n.items.forEach((item, i) => {
      items.push(convert(state, item, routeJoin(route, i)));
    });
  } else {
    const scalar: YScalar = {
      kind: 'scalar',
      value: isScalar(n) ? scalarValue(n.value) : null,
      style: isScalar(n) ? String(n.type ?? 'PLAIN') : 'PLAIN',
      span: spanOf(state, n),
      route,
    };
    if (scalar.style === 'BLOCK_LITERAL' || scalar.style === 'BLOCK_FOLDED') {
      scalar.block = blockStart(state, scalar.span.line);
    } else {
      const comment = trailingComment(state.text, n?.range?.[1]);
      if (comment !== undefined) scalar.comment = comment;
    }
    out = scalar;
  }
  const anchor = (n as { anchor?: string } | null | undefined)?.anchor;
  if (anchor) {
    state.anchors.set(anchor, out);
    // a mapping or list starts at its anchor (`- &checkout` then the keys below): where a reader sees it
    if (out.kind !== 'scalar') {
      const at = anchorOffset(state.text, anchor, n?.range?.[0]);
      if (at !== undefined) {
        const start = state.lines.linePos(at);
        out.span = { ...out.span, line: start.line, column: start.col };
      }
    }
  }
  return out;
}

/** The comment after a one-line value, on the value's line; undefined when there is none. */
function trailingComment(text: string, valueEnd: number | undefined): string | undefined {
  if (valueEnd === undefined) return undefined;
  let i = valueEnd;
  while (text[i] === ' ' || text[i] === '\t') i++;
  // YAML needs blank space before a comment's `#`
  if (text[i] !== '#' || i === valueEnd) return undefined;
  const eol = text.indexOf('\n', i);
  return text
    .slice(i + 1, eol < 0 ? text.length : eol)
    .replace(/\r$/, '')
    .trim();
}

/** Where `&anchor` is written before the node starting at `nodeStart` (only blanks, a tag or comments between). */
function anchorOffset(text: string, anchor: string, nodeStart: number | undefined): number | undefined {
  if (nodeStart === undefined) return undefined;
  const at = text.lastIndexOf(`&${anchor}`, nodeStart);
  if (at < 0) return undefined;
  const between = text.slice(at + anchor.length + 1, nodeStart);
  return /^(?:\s|![^\s]*|#[^\n]*)*$/.test(between) ? at : undefined;
}

function emptyAfter(span: Span): Span {
  return { line: span.endLine, column: span.endColumn, endLine: span.endLine, endColumn: span.endColumn };
}

/** The located tree of a parsed document; undefined when the document has no contents. */
export function locatedTree(parsed: SafeYamlDocument, text: string): YValue | undefined {
  const contents = parsed.doc?.contents;
  if (contents === null || contents === undefined) return undefined;
  return convert({ lines: parsed.lineCounter, text, anchors: new Map() }, contents, '');
}

/** Nodes a document may hold once its aliases are expanded; real files hold thousands. */
export const MAX_EXPANDED_NODES = 1_000_000;

/**
 * How many nodes the tree holds with every alias expanded, counted without expanding (each node's
 * size once, shared through aliases) and saturating at `cap`. GitHub expands aliases, so a tree
 * over the cap is one GitHub would not read either: an alias bomb.
 */
export function expandedSize(root: YValue, cap = MAX_EXPANDED_NODES): number {
  const sizes = new Map<YValue, number>();
  const size = (v: YValue, depth: number): number => {
    const known = sizes.get(v);
    if (known !== undefined) return known;
    let n = 1;
    if (depth > 1000) n = cap;
    else if (v.kind === 'alias') n = v.target ? size(v.target, depth + 1) : 1;
    else if (v.kind === 'seq') for (const i of v.items) n = Math.min(cap, n + size(i, depth + 1));
    else if (v.kind === 'map') for (const e of v.entries) n = Math.min(cap, n + 1 + size(e.value, depth + 1));
    sizes.set(v, n);
    return n;
  };
  return size(root, 0);
}

/** Alias steps followed per document; a real file needs a handful, an alias bomb millions. */
export const MAX_ALIAS_STEPS = 10_000;

export class AliasBudgetExceeded extends Error {}

/** Follows aliases with a shared budget; every reader of one document uses one Deref. */
export class Deref {
  steps = 0;
  exceeded = false;

  constructor(readonly limit = MAX_ALIAS_STEPS) {}

  /** The value, or the node an alias (chain) names; undefined past the budget or for unknown anchors. */
  of(v: YValue | undefined): Exclude<YValue, YAlias> | undefined {
    let cur = v;
    for (let hops = 0; cur?.kind === 'alias'; hops++) {
      if (++this.steps > this.limit || hops > 100) {
        this.exceeded = true;
        return undefined;
      }
      cur = cur.target;
    }
    return cur;
  }

  /** A plain JS value (for matrices and constants), bounded by depth; aliases count against the budget. */
  toPlain(v: YValue | undefined, depth = 0): unknown {
    const d = this.of(v);
    if (!d || depth > 64) return undefined;
    if (d.kind === 'scalar') return d.value;
    if (d.kind === 'seq') return d.items.map((i) => this.toPlain(i, depth + 1));
    const out: Record<string, unknown> = Object.create(null);
    for (const e of d.entries) out[String(e.key.value)] = this.toPlain(e.value, depth + 1);
    return out;
  }
}

/** A scalar's text as GitHub reads it (numbers and booleans as written); undefined for null. */
export function scalarText(s: YScalar | undefined): string | undefined {
  if (!s || s.value === null) return undefined;
  return String(s.value);
}
