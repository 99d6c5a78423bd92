/**
 * Pieces shared by the Python lockfile extractors: resolving dependency names to locked packages, and
 * reading the project's pyproject.toml (when it is next to the lockfile) to tell direct dependencies.
 */
import type { Component, ExtractInput } from '../../../component.js';
import { readOptional, siblingPath } from '../../support/text.js';
import { parseTomlDocument } from '../../support/toml.js';
import { declaredNames } from '../pyprojecttoml/index.js';
import { normaliseName } from './pep508.js';

/** Locked components by normalised name (several versions may be locked for one name). */
export function indexByName(components: Component[]): Map<string, Component[]> {
  const byName = new Map<string, Component[]>();
  for (const c of components) {
    const k = normaliseName(c.name);
    const list = byName.get(k);
    if (list) list.push(c);
    else byName.set(k, [c]);
  }
  return byName;
}

/** Names the sibling pyproject.toml declares, or undefined when there is none (or it does not parse). */
export async function projectDeclaredNames(input: ExtractInput): Promise<Set<string> | undefined> {
  const path = siblingPath(input.path, 'pyproject.toml');
  const text = await readOptional(input.readSibling, path);
  if (text === undefined) return undefined;
  const parsed = await parseTomlDocument(path, text);
  return parsed.ok ? declaredNames(parsed.doc) : undefined;
}

/** Marks `direct` from the declared names and returns the root's edges. */
export function applyDirect(
  components: Component[],
  declared: Set<string> | undefined,
): string[] | undefined {
  if (!declared) return undefined;
  const root = new Set<string>();
  for (const c of components) {
    c.direct = declared.has(normaliseName(c.name));
    if (c.direct) root.add(c.purl);
  }
  return [...root];
}
