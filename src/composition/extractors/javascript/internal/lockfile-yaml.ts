/**
 * Reading the YAML that pnpm and yarn berry write. Plain lockfile YAML goes to js-yaml, which is
 * fast on large files; a file that uses anchors, aliases or tags (no lockfile tool writes them,
 * so they mean a hand-made or hostile file) goes to the bounded parser of util/yaml.ts, which
 * caps alias expansion. Nesting is measured before either parser sees the text.
 */
import { CORE_SCHEMA, FAILSAFE_SCHEMA, loadAll } from 'js-yaml';
import { yamlNestingError } from '../../../../util/yaml-nesting.js';

export interface LockfileYamlOptions {
  /** Resolve plain scalars to null / booleans / numbers (YAML core schema). Default true. */
  typed?: boolean;
}

/** Files above this size that need the bounded parser are refused (it is slow on large input). */
export const MAX_FULL_YAML_CHARS = 8 * 1024 * 1024;

/**
 * An anchor (`&a`), alias (`*a`) or tag (`!t`, `!!str`, `!`) where YAML syntax allows one: at
 * the start of a line's content, after a space, a flow indicator or a quoted key's colon. Errs
 * towards yes (a quoted string holding " *x" matches too): a yes only costs the slower parser.
 * A lone `&` or `*` ("os=android & cpu=x64" in yarn's conditions) names nothing: not one.
 */
const YAML_NODE_PROPERTY_OR_ALIAS = /(?:^|[\s[{,]|["']:)(?:[&*][^\s,[\]{}]|!)/m;

/** Whether `text` may use anchors, aliases or tags, which only the bounded parser may read. */
export function usesYamlReferences(text: string): boolean {
  return YAML_NODE_PROPERTY_OR_ALIAS.test(text);
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? 'parse error').slice(0, 300);
}

/** Parses a lockfile's YAML; errors come back as values, with the line the parser stopped at. */
export async function readYaml(
  text: string,
  opts: LockfileYamlOptions = {},
): Promise<{ value: unknown } | { error: string }> {
  const typed = opts.typed !== false;
  const tooDeep = yamlNestingError(text);
  if (tooDeep) return { error: `invalid YAML: ${tooDeep}` };
  if (!usesYamlReferences(text)) {
    try {
      // json: a repeated key keeps its last value (as the yaml package does) instead of failing.
      const documents = loadAll(text, null, {
        schema: typed ? CORE_SCHEMA : FAILSAFE_SCHEMA,
        json: true,
      });
      if (documents.length > 1) return { error: 'invalid YAML: more than one document' };
      return { value: documents[0] ?? null };
    } catch (e) {
      return { error: `invalid YAML: ${firstLine((e as Error).message)}` };
    }
  }
  if (text.length > MAX_FULL_YAML_CHARS) {
    return {
      error: `YAML anchors, aliases or tags in a file over ${MAX_FULL_YAML_CHARS / 1048576} MiB: not read`,
    };
  }
  const { parseYamlSafely } = await import('../../../../util/yaml.js');
  const parsed = parseYamlSafely(text, { schema: typed ? 'core' : 'failsafe' });
  if (parsed.error !== undefined) return { error: `invalid YAML: ${firstLine(parsed.error)}` };
  return { value: parsed.value ?? null };
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
      const key = readKey(text.slice(i, end));
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
      const key = readKey(text.slice(i, end));
      if (key !== undefined && !section.has(key)) section.set(key, lineNo);
    }
  }
  return out;
}

/**
 * The key a `key: value` line starts with. Quoted keys: single-quoted ones undouble their quotes;
 * double-quoted ones are read as JSON strings, and one with an escape only YAML has (rare in
 * lockfiles) gives no key, so the component just has no line.
 */
function readKey(line: string): string | undefined {
  const c = line[0];
  if (c === "'") {
    const close = /^'((?:[^']|'')*)'/.exec(line);
    return close ? close[1]!.replaceAll("''", "'") : undefined;
  }
  if (c === '"') {
    const close = /^"(?:[^"\\]|\\.)*"/.exec(line);
    if (!close) return undefined;
    try {
      return JSON.parse(close[0]) as string;
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
