/**
 * Reads vouch.yaml safely (size bound, alias bombs refused) and reports every problem at once,
 * each with file:line:column and, where one is close, a suggestion. A file that exists but does
 * not validate yields no manifest: callers stop rather than assume defaults.
 */
import type { Document, Node } from 'yaml';
import type { z } from 'zod';
import { limitFor } from '../inventory/scope.js';
import type { Inventory } from '../inventory/types.js';
import { editDistance, oneLine } from '../util/text.js';
import { isAlias, isMap, isPair, isScalar, isSeq, MAX_ALIAS_COUNT, parseYamlDocument } from '../util/yaml.js';
import { MANIFEST_FILE } from './file-name.js';
import { manifestSchema, type VouchManifest } from './schema.js';

export { MANIFEST_FILE };
export const MAX_MANIFEST_BYTES = limitFor('project-manifest');
/** The marker `vouch init` leaves where only a person knows the answer. */
export const PLACEHOLDER = /CHANGE ME/i;

export interface ManifestError {
  file: string;
  message: string;
  line?: number;
  column?: number;
}

export interface ManifestResult {
  /** Absent when the file is missing or invalid. */
  manifest?: VouchManifest;
  /** False when there is no vouch.yaml. */
  found: boolean;
  errors: ManifestError[];
  /** Problems that do not invalidate the file: `CHANGE ME` placeholders still in place. */
  warnings?: ManifestError[];
  /** Line and column of each attestation ("attestations.sscop:1.1.1"), suppression ("suppressions.0"), support line ("support.lines.0"), incident ("incidents.records.0") and repository ("repositories.0"). */
  positions: Map<string, { line: number; column: number }>;
}

export function formatManifestError(e: ManifestError): string {
  return `${e.file}${e.line ? `:${e.line}:${e.column ?? 1}` : ''}: ${e.message}`;
}

const keyOf = (pair: { key?: unknown }): unknown => (pair.key as { value?: unknown } | null)?.value;

/** The YAML node at a path: the value's node, or with `key` the key's node; else the deepest ancestor. */
function nodeAt(doc: Document.Parsed, path: readonly PropertyKey[], key = false): Node | undefined {
  let node: unknown = doc.contents;
  let last: Node | undefined = doc.contents ?? undefined;
  for (const [i, step] of path.entries()) {
    if (isAlias(node)) return last;
    if (isMap(node)) {
      const pair = node.items.find((p) => keyOf(p) === step);
      if (!pair) return last;
      last = (pair.key as Node) ?? last;
      if (key && i === path.length - 1) return last;
      node = pair.value;
    } else if (isSeq(node) && typeof step === 'number') {
      node = node.items[step];
    } else {
      return last;
    }
    if (node && typeof node === 'object' && 'range' in node) last = node as Node;
  }
  return last;
}

type AnySchema = z.ZodType;
interface Def {
  type: string;
  shape?: Record<string, AnySchema>;
  innerType?: AnySchema;
  valueType?: AnySchema;
  element?: AnySchema;
  options?: AnySchema[];
  in?: AnySchema;
}
const defOf = (s: AnySchema): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** The object keys the schema allows at a path, to suggest the one a typo meant. */
function allowedKeys(schema: AnySchema, path: readonly PropertyKey[]): string[] {
  let current: AnySchema[] = [schema];
  const unwrap = (s: AnySchema): AnySchema[] => {
    const d = defOf(s);
    if (d.innerType) return unwrap(d.innerType);
    if (d.in) return unwrap(d.in);
    if (d.type === 'union' && d.options) return d.options.flatMap(unwrap);
    return [s];
  };
  for (const step of path) {
    current = current.flatMap(unwrap).flatMap((s) => {
      const d = defOf(s);
      if (d.type === 'object' && typeof step === 'string' && d.shape?.[step]) return [d.shape[step]];
      if (d.type === 'record' && d.valueType) return [d.valueType];
      if (d.type === 'array' && typeof step === 'number' && d.element) return [d.element];
      return [];
    });
  }
  return current.flatMap(unwrap).flatMap((s) => Object.keys(defOf(s).shape ?? {}));
}

/** The allowed key a misspelt one most likely meant (case and up to two edits). */
export function closestKey(wrong: string, allowed: readonly string[]): string | undefined {
  let best: { key: string; distance: number } | undefined;
  for (const key of allowed) {
    const [w, k] = [wrong.toLowerCase(), key.toLowerCase()];
    // A truncated key (sha for sha256) is as telling as a typo.
    const distance = w.length >= 3 && k.startsWith(w) ? 1 : editDistance(w, k);
    if (distance <= 2 && distance < (best?.distance ?? 3)) best = { key, distance };
  }
  return best?.key;
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let v = data;
  for (const step of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[step];
  }
  return v;
}

const describe = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'a mapping' : JSON.stringify(v);

/** One zod issue as one or more positioned messages (an unknown-keys issue names each key). */
function issueErrors(
  issue: z.core.$ZodIssue,
  doc: Document.Parsed,
  data: unknown,
  position: (node: Node | undefined) => { line?: number; column?: number },
  file: string,
  misspelt: Map<string, string>,
): ManifestError[] {
  const route = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    const allowed = allowedKeys(manifestSchema(), issue.path);
    return issue.keys.map((k) => {
      const near = closestKey(k, allowed);
      const where = [...issue.path.map(String), k].join('.');
      const hint = near ? `did you mean "${near}"?` : `allowed here: ${allowed.join(', ') || 'nothing more'}`;
      return {
        file,
        message: `${oneLine(where)}: unknown key; ${hint}`,
        ...position(nodeAt(doc, [...issue.path, k], true)),
      };
    });
  }
  const value = valueAt(data, issue.path);
  let message = issue.message;
  if (issue.path.length === 1 && issue.path[0] === 'schemaVersion') {
    message =
      value === undefined
        ? 'is required; add `schemaVersion: 1` at the top'
        : `${oneLine(describe(value))} is not a version this vouch reads; it reads schemaVersion 1 (a newer vouch may read this file)`;
  } else if (issue.code === 'invalid_type' && value === undefined) {
    const typo = misspelt.get(route);
    // The key is missing because it is misspelt: one message (the typo's) says it all.
    if (typo) return [];
    message = `is required (${issue.expected})`;
  } else if (value !== undefined) {
    message = `${issue.message.replace(/^Invalid (input|option): /, '')}; found ${oneLine(describe(value), 80)}`;
  }
  return [
    {
      file,
      message: `${oneLine(route)}${route ? ': ' : ''}${message}`,
      ...position(nodeAt(doc, issue.path)),
    },
  ];
}

/** Every string scalar still holding a `CHANGE ME` placeholder, with its route. */
function placeholders(
  doc: Document.Parsed,
  position: (node: Node | undefined) => { line?: number; column?: number },
  file: string,
): ManifestError[] {
  const out: ManifestError[] = [];
  const visit = (node: unknown, route: string[]): void => {
    if (isMap(node)) {
      for (const pair of node.items) if (isPair(pair)) visit(pair.value, [...route, String(keyOf(pair))]);
    } else if (isSeq(node)) {
      for (const [i, item] of node.items.entries()) visit(item, [...route, String(i)]);
    } else if (isScalar(node) && typeof node.value === 'string' && PLACEHOLDER.test(node.value)) {
      out.push({
        file,
        message: `${oneLine(route.join('.'))}: still a placeholder (${oneLine(node.value, 80)}); replace it with the real value`,
        ...position(node),
      });
    }
  };
  visit(doc.contents, []);
  return out;
}

/** The key text the parser's duplicate-key error points at. */
function duplicateKeyAt(text: string, line = 1, column = 1): string {
  const rest = text.split('\n')[line - 1]?.slice(column - 1) ?? '';
  return JSON.stringify(oneLine(/^(?:-\s+)?([^:#]+?)\s*:/.exec(rest)?.[1] ?? '?', 80));
}

export function parseManifest(text: string, file = MANIFEST_FILE): ManifestResult {
  const { doc, lineCounter, errors: yamlErrors = [], error } = parseYamlDocument(text, { uniqueKeys: true });
  const problems: ManifestError[] = yamlErrors.map((e) => ({
    file,
    message:
      e.code === 'DUPLICATE_KEY'
        ? `duplicate key ${duplicateKeyAt(text, e.line, e.column)}: a key may appear once in a mapping; keep one`
        : `YAML: ${e.message}`,
    ...(e.line ? { line: e.line, column: e.column } : {}),
  }));
  if (!doc)
    return { found: true, errors: [{ file, ...(error ?? { message: 'unreadable' }) }], positions: new Map() };
  // Past a syntax error the tree is a guess; duplicate keys leave it whole, so keep checking.
  if (yamlErrors.some((e) => e.code !== 'DUPLICATE_KEY'))
    return { found: true, errors: problems, positions: new Map() };
  const position = (node: Node | undefined) => {
    if (!node?.range) return {};
    const pos = lineCounter.linePos(node.range[0]);
    return { line: pos.line, column: pos.col };
  };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    return {
      found: true,
      errors: [...problems, { file, message: `refused: ${(e as Error).message}`, line: 1, column: 1 }],
      positions: new Map(),
    };
  }
  if (data === null || data === undefined) {
    return {
      found: true,
      errors: [
        { file, message: 'is empty; run `vouch init --force` for a commented template', line: 1, column: 1 },
      ],
      positions: new Map(),
    };
  }
  const warnings = placeholders(doc, position, file);
  const parsed = manifestSchema().safeParse(data);
  if (!parsed.success) {
    // Route of each required key that is missing only because it is misspelt, to the typo.
    const misspelt = new Map<string, string>();
    for (const issue of parsed.error.issues) {
      if (issue.code !== 'unrecognized_keys') continue;
      const allowed = allowedKeys(manifestSchema(), issue.path);
      for (const k of issue.keys) {
        const near = closestKey(k, allowed);
        if (near) misspelt.set([...issue.path.map(String), near].join('.'), k);
      }
    }
    problems.push(
      ...parsed.error.issues.flatMap((issue) => issueErrors(issue, doc, data, position, file, misspelt)),
    );
  }
  if (problems.length > 0 || !parsed.success) {
    problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
    return { found: true, positions: new Map(), errors: problems, warnings };
  }
  const positions = new Map<string, { line: number; column: number }>();
  for (const section of [
    'attestations',
    'suppressions',
    'support.lines',
    'incidents.records',
    'repositories',
  ] as const) {
    const value = doc.getIn(section.split('.'), true);
    const entries = isMap(value)
      ? value.items.map((p) => [String(keyOf(p)), p.key as Node | null] as const)
      : isSeq(value)
        ? value.items.map((n, i) => [String(i), n as Node | null] as const)
        : [];
    for (const [k, node] of entries) {
      const pos = position(node ?? undefined);
      if (pos.line) positions.set(`${section}.${k}`, { line: pos.line, column: pos.column ?? 1 });
    }
  }
  return { found: true, manifest: parsed.data, errors: [], warnings, positions };
}

/** Reads vouch.yaml through the inventory (bounded, root-confined), as the assessment does. */
export async function loadManifestFromInventory(
  inventory: Inventory,
  file = MANIFEST_FILE,
): Promise<ManifestResult> {
  const entry = inventory.get(file);
  if (!entry) return { found: false, errors: [], positions: new Map() };
  if (entry.size > MAX_MANIFEST_BYTES) {
    return {
      found: true,
      errors: [{ file, message: `is ${entry.size} bytes; the limit is ${MAX_MANIFEST_BYTES}` }],
      positions: new Map(),
    };
  }
  try {
    return parseManifest(await inventory.readText(file, MAX_MANIFEST_BYTES), file);
  } catch (e) {
    return {
      found: true,
      errors: [{ file, message: `could not be read: ${(e as Error).message}` }],
      positions: new Map(),
    };
  }
}
