/**
 * npm package-lock.json / npm-shrinkwrap.json, lockfileVersion 1, 2 and 3.
 *
 * v2/v3 are read from `packages` (install paths -> entries); v1 from the nested `dependencies`
 * tree. Workspace folders (entries outside node_modules that a root `workspaces` glob matches)
 * are kept as components with source 'workspace' so the SBOM layer can leave the project's own
 * code out; other folders are local path dependencies. `link: true` entries are not packages:
 * they point at such folders and are only followed when resolving edges.
 */

import { globToRegExp } from '../../../../util/glob.js';
import type {
  Component,
  ExtractInput,
  ExtractionResult,
  Extractor,
  Scope,
  SourceKind,
} from '../../../component.js';
import { infoFor } from '../../definitions.js';
import { ComponentTable, gitCommitOf, isRegistryTarballUrl, sourceOfRef } from '../internal/npm.js';
import { baseName, isRecord, KeyFinder, parseJson, siblingPath, tooLarge } from '../internal/text.js';

const packageLockJsonFormat = infoFor(import.meta.url);

const ID = packageLockJsonFormat.id;
/** npm never nests this deep; the cap bounds the work of walking up the tree for each edge. */
const MAX_DEPTH = 100;

type Entry = Record<string, unknown>;

function flag(e: Entry, k: string): boolean {
  return e[k] === true;
}

const NO_GROUPS: string[] = [];

// Named property reads below, not e[k]: entries from JSON.parse come in many shapes, and a named
// read is far cheaper than a keyed one on such objects in code that has not warmed up.
function groupsOf(e: Entry): string[] {
  const dev = e.dev === true;
  const optional = e.optional === true;
  const devOptional = e.devOptional === true;
  const bundled = e.inBundle === true || e.bundled === true;
  if (!dev && !optional && !devOptional && !bundled) return NO_GROUPS;
  const g: string[] = [];
  if (dev || devOptional) g.push('dev');
  if (optional || devOptional) g.push('optional');
  if (bundled) g.push('bundled');
  return g;
}

function scopeOf(e: Entry): Scope {
  if (e.dev === true) return 'dev';
  if (e.optional === true || e.devOptional === true) return 'optional';
  if (e.peer === true) return 'peer';
  return 'prod';
}

const depFields = ['dependencies', 'optionalDependencies', 'peerDependencies'];
const depFieldsWithDev = [...depFields, 'devDependencies'];

function depNames(e: Entry, withDev: boolean): string[] {
  const out: string[] = [];
  for (const f of withDev ? depFieldsWithDev : depFields) {
    const m = e[f];
    if (isRecord(m)) out.push(...Object.keys(m));
  }
  return out;
}

/** A workspace glob as a RegExp ("*" = one segment, "**" = any depth); absurdly long ones are dropped. */
function workspaceGlob(glob: string): RegExp | undefined {
  if (glob.length > 256) return undefined;
  return globToRegExp(glob.replace(/\/+$/, ''));
}

function workspaceMatchers(root: Entry | undefined): RegExp[] {
  const ws = root?.workspaces;
  const list = Array.isArray(ws) ? ws : isRecord(ws) && Array.isArray(ws.packages) ? ws.packages : [];
  return list
    .filter((g): g is string => typeof g === 'string')
    .slice(0, 200)
    .map(workspaceGlob)
    .filter((r): r is RegExp => r !== undefined);
}

/** "node_modules/a/node_modules/@s/b" -> "@s/b"; a folder "packages/x" -> "x". */
function nameFromPath(key: string): string {
  const i = key.lastIndexOf('node_modules/');
  if (i >= 0) return key.slice(i + 'node_modules/'.length);
  const parts = key.split('/');
  const last = parts[parts.length - 1] ?? key;
  const scope = parts[parts.length - 2];
  return scope?.startsWith('@') ? `${scope}/${last}` : last;
}

/**
 * "node_modules/a/node_modules/@s/b" -> ["node_modules/a", "@s/b"]; a folder entry (workspace or
 * local path) has no parent install directory and gives undefined.
 */
function splitInstallPath(key: string): [parent: string, name: string] | undefined {
  const i = key.lastIndexOf('node_modules/');
  if (i < 0 || (i > 0 && key.charCodeAt(i - 1) !== 47)) return undefined;
  return [i === 0 ? '' : key.slice(0, i - 1), key.slice(i + 13)];
}

function extractPackages(
  text: string,
  path: string,
  packages: Record<string, unknown>,
): { components: Component[]; rootDependsOn: string[]; errors: string[] } {
  const table = new ComponentTable(path);
  const errors: string[] = [];
  const root = isRecord(packages['']) ? (packages[''] as Entry) : undefined;
  const wsMatchers = workspaceMatchers(root);
  const finder = new KeyFinder(text, Math.max(0, text.indexOf('"packages"')), '{');
  /** install directory -> package name -> component id (links followed later). */
  const children = new Map<string, Map<string, number>>();
  /** install path -> the directory its own lookups continue in after its node_modules. */
  const parentOf = new Map<string, string>();
  const links: [parent: string, name: string, target: unknown][] = [];
  // Package entries in file order, as parallel arrays (no tuple per entry).
  const nodeKeys: string[] = [];
  const nodeIds: number[] = [];
  const nodeEntries: Entry[] = [];
  const nodeIsFolder: boolean[] = [];
  const addChild = (dir: string, name: string, id: number): void => {
    const m = children.get(dir);
    if (m) m.set(name, id);
    else children.set(dir, new Map([[name, id]]));
  };

  const keys = Object.keys(packages);
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k] as string;
    if (key === '') continue;
    const e = packages[key];
    if (!isRecord(e)) {
      errors.push(`entry "${key.slice(0, 200)}" is not an object`);
      continue;
    }
    const line = finder.line(key);
    const split = splitInstallPath(key);
    // Top-level installs continue at the root, the default below: only nested ones are recorded.
    if (split && split[0] !== '') parentOf.set(key, split[0]);
    if (e.link === true) {
      if (split) links.push([split[0], split[1], e.resolved]);
      continue;
    }
    const name = typeof e.name === 'string' && e.name ? e.name : split ? split[1] : nameFromPath(key);
    const version = typeof e.version === 'string' ? e.version : '';
    const resolved = typeof e.resolved === 'string' ? e.resolved : undefined;
    let commit = '';
    let source: SourceKind = 'registry';
    let sourceRef = resolved;
    if (!split) {
      commit = gitCommitOf(resolved);
      source = wsMatchers.some((r) => r.test(key)) ? 'workspace' : 'path';
      sourceRef = key;
    } else if (resolved === undefined || !isRegistryTarballUrl(resolved)) {
      commit = gitCommitOf(resolved);
      source = commit ? 'git' : sourceOfRef(resolved);
    }
    const id = table.add({
      name,
      version,
      commit: commit || undefined,
      scope: scopeOf(e),
      groups: groupsOf(e),
      direct: false,
      source,
      sourceRef,
      integrity: e.integrity,
      license: typeof e.license === 'string' ? e.license : undefined,
      line,
    });
    nodeKeys.push(key);
    nodeIds.push(id);
    nodeEntries.push(e);
    nodeIsFolder.push(!split);
    if (split) addChild(split[0], split[1], id);
  }
  // A link resolves to the folder entry it points at (the folder's key is its `resolved`).
  const folderIds = new Map<string, number>();
  for (let n = 0; n < nodeKeys.length; n++)
    if (nodeIsFolder[n]) folderIds.set(nodeKeys[n] as string, nodeIds[n] as number);
  for (const [parent, name, target] of links) {
    if (typeof target !== 'string') continue;
    const split = splitInstallPath(target);
    const id = folderIds.get(target) ?? (split ? children.get(split[0])?.get(split[1]) : undefined);
    if (id !== undefined) addChild(parent, name, id);
  }

  // Node's lookup: the package's own node_modules, then each enclosing one up to the root.
  const resolveFrom = (base: string, dep: string): number | undefined => {
    let b = base;
    for (let depth = 0; depth <= MAX_DEPTH; depth++) {
      const id = children.get(b)?.get(dep);
      if (id !== undefined) return id;
      if (b === '') return undefined;
      b = parentOf.get(b) ?? '';
    }
    return undefined;
  };

  const rootDependsOn = new Set<string>();
  const markDirect = (from: string, e: Entry): void => {
    for (const dep of depNames(e, true)) {
      const id = resolveFrom(from, dep);
      if (id === undefined) continue;
      table.setDirect(id, true);
      if (from === '') rootDependsOn.add(table.purlOf(id) as string);
    }
  };
  if (root) markDirect('', root);

  const addEdges = (from: string, id: number, deps: unknown): void => {
    if (!isRecord(deps)) return;
    for (const dep of Object.keys(deps)) {
      const to = resolveFrom(from, dep);
      if (to !== undefined) table.addEdge(id, to);
    }
  };
  for (let n = 0; n < nodeKeys.length; n++) {
    const key = nodeKeys[n] as string;
    const id = nodeIds[n] as number;
    const e = nodeEntries[n] as Entry;
    const folder = nodeIsFolder[n];
    if (folder && table.component(id)?.source === 'workspace') markDirect(key, e);
    addEdges(key, id, e.dependencies);
    addEdges(key, id, e.optionalDependencies);
    addEdges(key, id, e.peerDependencies);
    // A folder is the project's own code: its devDependencies are installed too.
    if (folder) addEdges(key, id, e.devDependencies);
  }
  return { components: table.finish(), rootDependsOn: [...rootDependsOn].sort(), errors };
}

interface V1Node {
  parent: V1Node | undefined;
  deps: Record<string, unknown>;
  children: Map<string, V1Node>;
  entry: Entry | undefined;
  id: number;
  depth: number;
}

function extractV1(text: string, path: string, dependencies: Record<string, unknown>) {
  const table = new ComponentTable(path);
  const errors: string[] = [];
  const finder = new KeyFinder(text, 0, '{');
  const root: V1Node = {
    parent: undefined,
    deps: dependencies,
    children: new Map(),
    entry: undefined,
    id: -1,
    depth: 0,
  };
  const all: V1Node[] = [];
  // Pre-order, children in file order, so KeyFinder meets keys in the order they are written.
  const stack: [V1Node, string][] = Object.keys(dependencies)
    .reverse()
    .map((k) => [root, k]);
  let tooDeep = false;
  while (stack.length > 0) {
    const [parent, key] = stack.pop() as [V1Node, string];
    const e = parent.deps[key];
    if (!isRecord(e)) {
      errors.push(`dependency "${key.slice(0, 200)}" is not an object`);
      continue;
    }
    const line = finder.line(key);
    const raw = typeof e.version === 'string' ? e.version : '';
    let name = key;
    let version = raw;
    let commit = '';
    let source: SourceKind = 'registry';
    let sourceRef: string | undefined = typeof e.resolved === 'string' ? e.resolved : undefined;
    if (raw.startsWith('npm:')) {
      const at = raw.lastIndexOf('@');
      if (at > 4) {
        name = raw.slice(4, at);
        version = raw.slice(at + 1);
      }
    } else if (raw.startsWith('file:')) {
      version = '';
      source = 'path';
      sourceRef = raw;
    } else {
      commit = gitCommitOf(raw);
      const kind = commit ? 'git' : sourceOfRef(raw);
      if (kind !== 'registry' && kind !== 'unknown') {
        version = '';
        source = kind;
        sourceRef = raw;
      } else if (sourceRef) {
        source = sourceOfRef(sourceRef);
      }
    }
    const groups: string[] = [];
    if (flag(e, 'dev')) groups.push('dev');
    if (flag(e, 'optional')) groups.push('optional');
    if (flag(e, 'bundled')) groups.push('bundled');
    const id = table.add({
      name,
      version,
      commit: commit || undefined,
      scope: flag(e, 'dev') ? 'dev' : flag(e, 'optional') ? 'optional' : 'prod',
      groups,
      source,
      sourceRef,
      integrity: e.integrity,
      line,
    });
    const node: V1Node = {
      parent,
      deps: isRecord(e.dependencies) ? e.dependencies : {},
      children: new Map(),
      entry: e,
      id,
      depth: parent.depth + 1,
    };
    parent.children.set(key, node);
    all.push(node);
    const childKeys = Object.keys(node.deps);
    if (childKeys.length > 0) {
      if (node.depth >= MAX_DEPTH) tooDeep = true;
      else for (let i = childKeys.length - 1; i >= 0; i--) stack.push([node, childKeys[i] as string]);
    }
  }
  if (tooDeep) errors.push(`dependencies nested deeper than ${MAX_DEPTH} levels were skipped`);

  // Edges: a requirement resolves to the nearest enclosing `dependencies` that holds the name.
  const requiredTopLevel = new Set<string>();
  for (const node of all) {
    const req = node.entry?.requires;
    if (!isRecord(req)) continue;
    for (const dep of Object.keys(req)) {
      for (let n: V1Node | undefined = node; n; n = n.parent) {
        const child = n.children.get(dep);
        if (child) {
          table.addEdge(node.id, child.id);
          if (n === root) requiredTopLevel.add(dep);
          break;
        }
      }
    }
  }
  // v1 does not record the root's own dependencies; a top-level entry nothing requires can only
  // be there because the project asked for it. Others stay unknown.
  for (const [key, node] of root.children) {
    if (!requiredTopLevel.has(key) && !flag(node.entry ?? {}, 'extraneous')) table.setDirect(node.id, true);
  }
  return { components: table.finish(), errors };
}

export async function extractPackageLock(input: ExtractInput): Promise<ExtractionResult> {
  const result: ExtractionResult = { path: input.path, extractor: ID, components: [] };
  const big = tooLarge(input.text, baseName(input.path));
  if (big) return { ...result, error: big };
  if (baseName(input.path) === 'package-lock.json') {
    const shrinkwrap = await input
      .readSibling(siblingPath(input.path, 'npm-shrinkwrap.json'))
      .catch(() => undefined);
    if (shrinkwrap !== undefined) {
      return {
        ...result,
        notes: [
          'npm-shrinkwrap.json sits beside this file and takes precedence, as in npm; package-lock.json not read',
        ],
      };
    }
  }
  const parsed = parseJson(input.text);
  if ('error' in parsed) return { ...result, error: `could not extract: ${parsed.error}` };
  const lock = parsed.value;
  if (lock === null)
    return { ...result, error: 'could not extract: decoded null JSON value, expected a lockfile object' };
  if (!isRecord(lock)) {
    return {
      ...result,
      error: `could not extract: expected a JSON object, got ${Array.isArray(lock) ? 'an array' : typeof lock}`,
    };
  }
  if (isRecord(lock.packages)) {
    const r = extractPackages(input.text, input.path, lock.packages);
    result.components = r.components;
    if (isRecord(lock.packages[''])) result.rootDependsOn = r.rootDependsOn;
    if (r.errors.length > 0) result.error = `partly extracted: ${r.errors.slice(0, 5).join('; ')}`;
  } else if (isRecord(lock.dependencies)) {
    const r = extractV1(input.text, input.path, lock.dependencies);
    result.components = r.components;
    if (r.errors.length > 0) result.error = `partly extracted: ${r.errors.slice(0, 5).join('; ')}`;
  }
  return result;
}

export const packageLockJsonExtractor: Extractor = {
  ...packageLockJsonFormat,
  extract: extractPackageLock,
};
