/**
 * Parsing untrusted YAML. The yaml package recurses per nesting level and overflows the stack
 * somewhere past 500 levels; an overflow that lands inside V8's regexp compiler kills the process
 * instead of throwing. So nesting is measured first, in one linear pass, and alias expansion is
 * bounded (alias bombs). Every caller that reads repository YAML goes through here.
 */
import type * as Yaml from 'yaml';
import type { Document, LineCounter } from 'yaml';
import { requireCommonJs } from './commonjs.js';
import { yamlNestingError } from './yaml-nesting.js';

let library: typeof Yaml | undefined;

/**
 * The yaml package, loaded on first use: it is ~70 CommonJS files, and a run with no YAML to read
 * (the rule files ship parsed) never needs it.
 */
export function yamlLibrary(): typeof Yaml {
  library ??= requireCommonJs('yaml') as typeof Yaml;
  return library;
}

// The node predicates, for walks over a parsed document (the library is loaded by then).
export const isAlias = ((node: unknown) => yamlLibrary().isAlias(node)) as typeof Yaml.isAlias;
export const isMap = ((node: unknown) => yamlLibrary().isMap(node)) as typeof Yaml.isMap;
export const isPair = ((node: unknown) => yamlLibrary().isPair(node)) as typeof Yaml.isPair;
export const isScalar = ((node: unknown) => yamlLibrary().isScalar(node)) as typeof Yaml.isScalar;
export const isSeq = ((node: unknown) => yamlLibrary().isSeq(node)) as typeof Yaml.isSeq;

export { yamlNestingError };

export const MAX_ALIAS_COUNT = 100;

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
export function parseYamlDocument(
  text: string,
  options: { uniqueKeys?: boolean; schema?: 'core' | 'failsafe' } = {},
): SafeYamlDocument {
  const { LineCounter, parseDocument } = yamlLibrary();
  const lineCounter = new LineCounter();
  const deep = yamlNestingError(text);
  if (deep) return { lineCounter, error: { message: deep } };
  try {
    const doc = parseDocument(text, {
      lineCounter,
      prettyErrors: false,
      uniqueKeys: options.uniqueKeys ?? false,
      schema: options.schema ?? 'core',
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
export function parseYamlSafely(
  text: string,
  options: { schema?: 'core' | 'failsafe' } = {},
): { value?: unknown; error?: string } {
  const r = parseYamlDocument(text, options);
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
