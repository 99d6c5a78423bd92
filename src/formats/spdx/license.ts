/**
 * Classifies a licence string from a lockfile: a single SPDX identifier, a valid SPDX licence
 * expression, or a free-text name. Used by both SBOM formats so a licence is never emitted as
 * an SPDX id unless it is one (the CycloneDX schema enforces its licence list; SPDX consumers
 * parse expressions).
 */
import { spdxLicenseIds } from '../cyclonedx/schema-files.js';

export type LicenseForm =
  | { kind: 'id'; id: string }
  | { kind: 'expression'; expression: string }
  | { kind: 'name'; name: string };

const LICENSE_REF = /^(DocumentRef-[A-Za-z0-9.-]+:)?LicenseRef-[A-Za-z0-9.-]+$/;
const MAX_LICENSE_TEXT = 1000;

type Token = '(' | ')' | 'AND' | 'OR' | 'WITH' | { atom: string };

function tokenize(text: string): Token[] | undefined {
  const out: Token[] = [];
  for (const raw of text.replace(/([()])/g, ' $1 ').split(/\s+/)) {
    if (!raw) continue;
    if (raw === '(' || raw === ')') out.push(raw);
    else if (raw === 'AND' || raw === 'and') out.push('AND');
    else if (raw === 'OR' || raw === 'or') out.push('OR');
    else if (raw === 'WITH' || raw === 'with') out.push('WITH');
    else if (/^[A-Za-z0-9.:+-]+$/.test(raw)) out.push({ atom: raw });
    else return undefined;
  }
  return out;
}

/** Canonical spelling of a licence or exception id (with an optional "+"), or undefined. */
function canonicalId(atom: string, ids: Map<string, string>): string | undefined {
  if (LICENSE_REF.test(atom)) return atom;
  const plus = atom.endsWith('+');
  const id = ids.get((plus ? atom.slice(0, -1) : atom).toLowerCase());
  return id === undefined ? undefined : plus ? `${id}+` : id;
}

/**
 * Parses an SPDX expression (AND, OR, WITH, parentheses) over known ids; returns the canonical
 * text, or undefined when it is not a valid expression. Iterative over tokens with an explicit
 * depth bound, so hostile input cannot recurse deeply.
 */
function parseExpression(tokens: Token[], ids: Map<string, string>): string | undefined {
  let i = 0;
  let depth = 0;
  const parts: string[] = [];
  // States: expecting an operand, or an operator / closing parenthesis.
  let expectOperand = true;
  while (i < tokens.length) {
    const t = tokens[i]!;
    if (expectOperand) {
      if (t === '(') {
        if (++depth > 32) return undefined;
        parts.push('(');
        i++;
        continue;
      }
      if (typeof t !== 'object') return undefined;
      const id = canonicalId(t.atom, ids);
      if (!id) return undefined;
      parts.push(id);
      i++;
      if (tokens[i] === 'WITH') {
        const ex = tokens[i + 1];
        if (typeof ex !== 'object') return undefined;
        const exId = ids.get(ex.atom.toLowerCase());
        if (!exId) return undefined;
        parts.push('WITH', exId);
        i += 2;
      }
      expectOperand = false;
      continue;
    }
    if (t === ')') {
      if (--depth < 0) return undefined;
      parts.push(')');
      i++;
      continue;
    }
    if (t === 'AND' || t === 'OR') {
      parts.push(t);
      i++;
      expectOperand = true;
      continue;
    }
    return undefined;
  }
  if (expectOperand || depth !== 0) return undefined;
  return parts.join(' ').replace(/\( /g, '(').replace(/ \)/g, ')');
}

/** Thousands of components share a handful of licence texts: classify each text once. */
const cache = new Map<string, LicenseForm>();
const CACHE_LIMIT = 10_000;

/** The form of a licence text. The result is shared between callers: do not modify it. */
export function classifyLicense(text: string): LicenseForm {
  let form = cache.get(text);
  if (!form) {
    form = classify(text);
    if (cache.size < CACHE_LIMIT) cache.set(text, form);
  }
  return form;
}

function classify(text: string): LicenseForm {
  const trimmed = text.trim();
  if (!trimmed || trimmed.length > MAX_LICENSE_TEXT)
    return { kind: 'name', name: trimmed.slice(0, MAX_LICENSE_TEXT) };
  const ids = spdxLicenseIds();
  const single = ids.get(trimmed.toLowerCase());
  if (single) return { kind: 'id', id: single };
  const tokens = tokenize(trimmed);
  if (tokens && tokens.length > 0) {
    const expr = parseExpression(tokens, ids);
    if (expr) {
      // "(MIT)" is still one id.
      const bare = expr.replace(/^\((.*)\)$/, '$1');
      const only = ids.get(bare.toLowerCase());
      return only ? { kind: 'id', id: only } : { kind: 'expression', expression: expr };
    }
  }
  return { kind: 'name', name: trimmed };
}

/** True for ids and expressions: something an SPDX document can carry as licenseDeclared as is. */
export function isSpdxExpression(text: string): boolean {
  return classifyLicense(text).kind !== 'name';
}
