/**
 * setup.py, read as text and never run. The dependency keywords of `setup(...)` are read when
 * their value is a literal list of strings (`install_requires=[...]`, `setup_requires`,
 * `tests_require`); a file without them declares nothing (a shim whose metadata lives in
 * pyproject.toml or setup.cfg). A value computed at run time cannot be read without executing
 * the file, so the file is reported as unreadable rather than as having no dependencies.
 */
import type { Component, ExtractInput, ExtractionResult, Extractor, Scope } from '../../../component.js';
import { infoFor } from '../../definitions.js';
import { LineIndex, sizeError } from '../../support/text.js';
import { declaredRequirement } from '../support/declared.js';
import { parseRequirement } from '../support/pep508.js';

const setupPyFormat = infoFor(import.meta.url);

const ID = setupPyFormat.id;

const KEYWORDS: Record<string, Scope> = {
  install_requires: 'prod',
  setup_requires: 'dev',
  tests_require: 'dev',
  extras_require: 'optional',
};

interface Literal {
  value: string;
  offset: number;
}

/**
 * The string literals of a list / tuple (or, for a dict, of its values' lists) starting at `at`;
 * undefined when anything else appears in it (a name, a call, a concatenation).
 */
function literalStrings(
  text: string,
  at: number,
  dict: boolean,
): { items: Literal[]; end: number } | undefined {
  const open = text[at];
  const close = open === '[' ? ']' : open === '(' ? ')' : open === '{' ? '}' : undefined;
  if (!close || dict !== (open === '{')) return undefined;
  const out: Literal[] = [];
  let depth = 0;
  let afterKey = false;
  for (let i = at; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '#') {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
      continue;
    }
    if (ch === '"' || ch === "'") {
      let j = i + 1;
      let value = '';
      while (j < text.length && text[j] !== ch && text[j] !== '\n') {
        if (text[j] === '\\') j++;
        value += text[j] ?? '';
        j++;
      }
      if (text[j] !== ch) return undefined;
      // In a dict, the first string of an entry is the extra's name.
      if (dict && depth === 1) afterKey = true;
      else out.push({ value, offset: i });
      i = j;
      continue;
    }
    if ('[({'.includes(ch)) depth++;
    else if ('])}'.includes(ch)) {
      depth--;
      if (depth === 0) return { items: out, end: i + 1 };
    } else if (ch === ':' && dict && afterKey && depth === 1) afterKey = false;
    else if (!/[\s,]/.test(ch)) return undefined;
  }
  return undefined;
}

function extract(input: ExtractInput): ExtractionResult {
  const base = { path: input.path, extractor: ID };
  const tooBig = sizeError(input.path, input.text);
  if (tooBig) return { ...base, components: [], error: tooBig };
  const lines = new LineIndex(input.text);
  const components: Component[] = [];
  const notes: string[] = [];
  for (const m of input.text.matchAll(
    /\b(install_requires|setup_requires|tests_require|extras_require)\s*=\s*/g,
  )) {
    const keyword = m[1]!;
    const at = m.index + m[0].length;
    const literal = literalStrings(input.text, at, keyword === 'extras_require');
    // `[...] + more` or `[...][0]` is computed: only a literal followed by the next argument counts.
    if (!literal || !/^\s*(?:#[^\n]*\s*)*[,)]/.test(input.text.slice(literal.end, literal.end + 200))) {
      return {
        ...base,
        components,
        error: `${keyword} at line ${lines.lineAt(m.index)} is not a literal list; vouch reads setup.py without running it`,
      };
    }
    for (const s of literal.items) {
      const parsed = parseRequirement(s.value);
      if (!parsed) {
        notes.push(`line ${lines.lineAt(s.offset)}: not a requirement: ${s.value.slice(0, 80)}`);
        continue;
      }
      components.push(
        declaredRequirement(parsed, KEYWORDS[keyword]!, { path: input.path, line: lines.lineAt(s.offset) }),
      );
    }
  }
  return {
    ...base,
    components,
    rootDependsOn: [...new Set(components.map((c) => c.purl))],
    ...(notes.length ? { notes } : {}),
  };
}

export const setupPyExtractor: Extractor = { ...setupPyFormat, extract };
