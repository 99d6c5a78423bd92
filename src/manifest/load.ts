/**
 * Reads vouch.yaml safely (size bound, alias bombs refused) and reports every problem with
 * file:line:column.
 */
import { type Document, isAlias, isMap, isSeq, type Node } from 'yaml';
import { limitFor } from '../inventory/scope.js';
import type { Inventory } from '../inventory/types.js';
import { MAX_ALIAS_COUNT, parseYamlDocument } from '../util/yaml.js';
import { manifestSchema, type VouchManifest } from './schema.js';

export const MANIFEST_FILE = 'vouch.yaml';
const MAX_MANIFEST_BYTES = limitFor('project-manifest');

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
  /** Line and column of each attestation ("attestations.sscop:1.1.1") and suppression ("suppressions.0"). */
  positions: Map<string, { line: number; column: number }>;
}

export function formatManifestError(e: ManifestError): string {
  return `${e.file}${e.line ? `:${e.line}:${e.column ?? 1}` : ''}: ${e.message}`;
}

/** Finds the YAML node at a zod issue path, to point at its line and column. */
function nodeAt(doc: Document.Parsed, path: PropertyKey[]): Node | undefined {
  let node: unknown = doc.contents;
  let last: Node | undefined = doc.contents ?? undefined;
  for (const key of path) {
    if (isAlias(node)) return last;
    if (isMap(node)) {
      const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === key);
      if (!pair) return last;
      last = (pair.key as Node) ?? last;
      node = pair.value;
    } else if (isSeq(node) && typeof key === 'number') {
      node = node.items[key];
    } else {
      return last;
    }
    if (node && typeof node === 'object' && 'range' in node) last = node as Node;
  }
  return last;
}

export function parseManifest(text: string, file = MANIFEST_FILE): ManifestResult {
  const { doc, lineCounter, error } = parseYamlDocument(text, { uniqueKeys: true });
  if (error || !doc)
    return { found: true, errors: [{ file, ...(error ?? { message: 'unreadable' }) }], positions: new Map() };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    return {
      found: true,
      errors: [{ file, message: `refused: ${(e as Error).message}`, line: 1, column: 1 }],
      positions: new Map(),
    };
  }
  const parsed = manifestSchema.safeParse(data);
  if (!parsed.success) {
    return {
      found: true,
      positions: new Map(),
      errors: parsed.error.issues.map((issue) => {
        const node = nodeAt(doc, issue.path);
        const pos = node?.range ? lineCounter.linePos(node.range[0]) : undefined;
        const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
        return { file, message: `${where}${issue.message}`, line: pos?.line, column: pos?.col };
      }),
    };
  }
  const positions = new Map<string, { line: number; column: number }>();
  for (const section of ['attestations', 'suppressions'] as const) {
    const value = doc.get(section, true);
    const entries = isMap(value)
      ? value.items.map(
          (p) => [String((p.key as { value?: unknown } | null)?.value), p.key as Node | null] as const,
        )
      : isSeq(value)
        ? value.items.map((n, i) => [String(i), n as Node | null] as const)
        : [];
    for (const [k, node] of entries) {
      if (!node?.range) continue;
      const pos = lineCounter.linePos(node.range[0]);
      positions.set(`${section}.${k}`, { line: pos.line, column: pos.col });
    }
  }
  return { found: true, manifest: parsed.data, errors: [], positions };
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
