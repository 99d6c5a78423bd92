/**
 * The one place vouch turns character offsets into line:column positions. Every collector and
 * extractor that reports where something is uses it, so positions agree across outputs.
 * Lines are 1-based; columns are 1-based and counted in UTF-16 code units (what editors and
 * SARIF's default `utf16CodeUnits` use).
 */
import { createRequire } from 'node:module';

type Jsonc = typeof import('jsonc-parser');
// jsonc-parser loads on the first JSON-path lookup: most runs never make one, and this module is
// loaded by every run.
let jsonc: Jsonc | undefined;

export interface Position {
  line: number;
  column: number;
}

/** Offsets at which each line starts, for repeated offset -> position lookups. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** Line and column of `offset`, by binary search over `starts` (from lineStarts). */
export function positionAt(starts: readonly number[], offset: number): Position {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo]! + 1 };
}

/** Line and column of one offset, without an index: for a single lookup (an error message). */
export function positionOf(text: string, offset: number): Position {
  const end = Math.max(0, Math.min(offset, text.length));
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: end - lineStart + 1 };
}

/** The line of `text` that contains `offset`, without its line break. */
export function lineAround(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  let end = text.indexOf('\n', offset);
  if (end < 0) end = text.length;
  return text.slice(start, end).replace(/\r$/, '');
}

/** Line starts computed once for a text; lookups are binary searches. */
export class LineIndex {
  private readonly starts: number[];

  constructor(text: string) {
    this.starts = lineStarts(text);
  }

  /** 1-based line of a character offset. */
  lineAt(offset: number): number {
    return positionAt(this.starts, offset).line;
  }

  positionAt(offset: number): Position {
    return positionAt(this.starts, offset);
  }
}

/** A path into a JSON document: object keys and array indexes from the root down. */
export type JsonPath = readonly (string | number)[];

/**
 * Where values are written in JSON (or JSONC) text, by path: the position of the key for an object
 * member, of the value itself for an array element or the root; undefined when the path is not in
 * the document. The text is parsed once for every lookup. Tolerant like an editor: comments and
 * trailing commas are read, and a broken document still gives the positions of what parsed.
 */
export function jsonPositions(text: string): (path: JsonPath) => Position | undefined {
  jsonc ??= createRequire(import.meta.url)('jsonc-parser') as Jsonc;
  const { findNodeAtLocation } = jsonc;
  const root = jsonc.parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  let starts: number[] | undefined;
  return (path) => {
    const node = root && findNodeAtLocation(root, [...path]);
    if (!node) return undefined;
    const key = node.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
    starts ??= lineStarts(text);
    return positionAt(starts, (key ?? node).offset);
  };
}

/** Where the value at `path` is written in JSON text (see jsonPositions), for a single lookup. */
export function jsonPathPosition(text: string, path: JsonPath): Position | undefined {
  return jsonPositions(text)(path);
}
