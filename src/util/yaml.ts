/**
 * Parsing untrusted YAML. The yaml package recurses per nesting level and overflows the stack
 * somewhere past 500 levels; an overflow that lands inside V8's regexp compiler kills the process
 * instead of throwing. So nesting is measured first, in one linear pass, and alias expansion is
 * bounded (alias bombs). Every caller that reads repository YAML goes through here.
 */
import { type Document, LineCounter, parseDocument } from 'yaml';

const MAX_FLOW_DEPTH = 256;
const MAX_INDENT = 320;
export const MAX_ALIAS_COUNT = 100;

/**
 * Counts flow brackets (quotes ignored, so the count only errs upwards) and leading
 * indentation / compact-collection markers. Real files stay far below both limits.
 */
export function yamlNestingError(text: string): string | undefined {
  let depth = 0;
  let line = 1;
  let atLineStart = true;
  let indent = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      line++;
      atLineStart = true;
      indent = 0;
      continue;
    }
    if (atLineStart) {
      // spaces, tabs and the "- " / "? " / ": " markers of compact nested collections
      if (c === 32 || c === 9 || c === 45 || c === 63 || c === 58) {
        if (++indent > MAX_INDENT)
          return `YAML nested too deeply at line ${line} (indentation over ${MAX_INDENT})`;
        continue;
      }
      atLineStart = false;
    }
    if (c === 91 || c === 123) {
      if (++depth > MAX_FLOW_DEPTH)
        return `YAML nested too deeply at line ${line} (over ${MAX_FLOW_DEPTH} brackets)`;
    } else if ((c === 93 || c === 125) && depth > 0) {
      depth--;
    }
  }
  return undefined;
}

export interface SafeYamlDocument {
  doc?: Document.Parsed;
  lineCounter: LineCounter;
  /** First problem, with line:column where the parser gave one. */
  error?: YamlProblem;
  /** Every problem the parser found (error is the first of them). */
  errors?: YamlProblem[];
}

export interface YamlProblem {
  message: string;
  line?: number;
  column?: number;
  /** The parser's code, e.g. DUPLICATE_KEY. */
  code?: string;
}

/** Parses to a Document (positions kept); refuses over-deep input before the parser sees it. */
export function parseYamlDocument(text: string, options: { uniqueKeys?: boolean } = {}): SafeYamlDocument {
  const lineCounter = new LineCounter();
  const deep = yamlNestingError(text);
  if (deep) return { lineCounter, error: { message: deep } };
  try {
    const doc = parseDocument(text, {
      lineCounter,
      prettyErrors: false,
      uniqueKeys: options.uniqueKeys ?? false,
    });
    const errors = doc.errors.map((e): YamlProblem => {
      const pos = lineCounter.linePos(e.pos[0]);
      return {
        message: e.message.split('\n')[0] ?? e.message,
        line: pos.line,
        column: pos.col,
        code: e.code,
      };
    });
    if (errors.length > 0) return { doc, lineCounter, error: errors[0], errors };
    return { doc, lineCounter };
  } catch (e) {
    return { lineCounter, error: { message: `YAML could not be parsed: ${(e as Error).message}` } };
  }
}

/** Parses to plain JS values with alias expansion bounded; errors as values. */
export function parseYamlSafely(text: string): { value?: unknown; error?: string } {
  const r = parseYamlDocument(text);
  if (r.error || !r.doc) {
    const e = r.error;
    return {
      error: e ? `${e.line ? `${e.line}:${e.column}: ` : ''}${e.message}` : 'YAML could not be parsed',
    };
  }
  try {
    return { value: r.doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
  } catch (e) {
    return { error: `refused: ${(e as Error).message}` };
  }
}
