/**
 * bun.lock, bun's text lockfile (JSON with trailing commas). `packages` maps install paths
 * ("a", "a/b" for a nested copy, "@scope/ws/dep" for a workspace-specific one) to tuples whose
 * first element is "name@spec": npm entries [ident, registry, info, integrity], git/github
 * [ident, info, tag], file/link/workspace/tarball [ident, info?]. Scope is computed from the
 * `workspaces` dependency lists through the info objects' edges; `groups` is never set because
 * bun.lock states none per package. The binary bun.lockb cannot be read and says so.
 */

import { positionOf } from '../../../../util/position.js';
import type { ExtractInput, ExtractionResult, Extractor, SourceKind } from '../../../component.js';
import { infoFor } from '../../definitions.js';
import {
  addListEdge,
  ComponentTable,
  type EdgeLists,
  gitCommitOf,
  reachabilityScopes,
  splitNameAt,
} from '../internal/npm.js';
import { baseName, isRecord, KeyFinder, siblingPath, str, tooLarge } from '../internal/text.js';

const bunLockFormat = infoFor(import.meta.url);

const ID = bunLockFormat.id;

/**
 * Removes comments and trailing commas outside strings, so JSON.parse can read JSONC. One pass;
 * strings are skipped with indexOf.
 */
export function stripJsonc(text: string): string {
  const parts: string[] = [];
  let last = 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      let j = text.indexOf('"', i + 1);
      for (;;) {
        if (j < 0) return text; // unterminated: let JSON.parse report it
        let bs = 0;
        while (text.charCodeAt(j - 1 - bs) === 92) bs++;
        if (bs % 2 === 0) break;
        j = text.indexOf('"', j + 1);
      }
      i = j + 1;
      continue;
    }
    if (c === 47 /* / */) {
      const next = text.charCodeAt(i + 1);
      if (next === 47 || next === 42) {
        const end = next === 47 ? text.indexOf('\n', i) : text.indexOf('*/', i + 2);
        const stop = end < 0 ? n : next === 47 ? end : end + 2;
        parts.push(text.slice(last, i), ' ');
        last = stop;
        i = stop;
        continue;
      }
    } else if (c === 44 /* , */) {
      let j = i + 1;
      for (;;) {
        while (j < n && text.charCodeAt(j) <= 32) j++;
        // a comment between the comma and the bracket
        if (text.charCodeAt(j) === 47 && text.charCodeAt(j + 1) === 47) {
          const e = text.indexOf('\n', j);
          j = e < 0 ? n : e;
        } else if (text.charCodeAt(j) === 47 && text.charCodeAt(j + 1) === 42) {
          const e = text.indexOf('*/', j + 2);
          j = e < 0 ? n : e + 2;
        } else break;
      }
      const d = text.charCodeAt(j);
      if (d === 125 /* } */ || d === 93 /* ] */) {
        parts.push(text.slice(last, i));
        last = i + 1;
      }
    }
    i++;
  }
  if (last === 0) return text;
  parts.push(text.slice(last));
  return parts.join('');
}

/** Splits an install path into package names ("@s/a/b" -> ["@s/a", "b"]). */
function pathNames(key: string): string[] {
  const segs = key.split('/');
  const out: string[] = [];
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i] as string;
    if (s.startsWith('@') && i + 1 < segs.length) {
      out.push(`${s}/${segs[i + 1]}`);
      i++;
    } else out.push(s);
  }
  return out;
}

interface Parsed {
  name: string;
  version: string;
  commit: string;
  source: SourceKind;
  sourceRef?: string;
}

function parseIdent(ident: string, workspaceVersion: (dir: string) => string | undefined): Parsed {
  const [name, spec] = splitNameAt(ident);
  const hash = spec.indexOf('#');
  if (spec.startsWith('workspace:')) {
    const dir = spec.slice('workspace:'.length);
    return { name, version: workspaceVersion(dir) ?? '', commit: '', source: 'workspace', sourceRef: dir };
  }
  if (spec.startsWith('file:') || spec.startsWith('link:'))
    return { name, version: '', commit: '', source: 'path', sourceRef: spec };
  if (hash >= 0) {
    // bun keeps either a version or a commit, never both.
    const commit = spec.slice(hash + 1);
    return { name, version: '', commit, source: 'git', sourceRef: spec };
  }
  if (spec.startsWith('http://') || spec.startsWith('https://')) {
    return { name, version: '', commit: gitCommitOf(spec), source: 'url', sourceRef: spec };
  }
  if (spec.startsWith('github:') || spec.startsWith('git+') || spec.startsWith('git:')) {
    return { name, version: '', commit: '', source: 'git', sourceRef: spec };
  }
  return { name, version: spec, commit: '', source: 'registry' };
}

function depNames(info: Record<string, unknown> | undefined, field: string): string[] {
  const m = info?.[field];
  return isRecord(m) ? Object.keys(m) : [];
}

/** "a/b" -> ["a/b", "a"]: the directories a dependency of that install path is looked up in. */
function lookupPrefixes(key: string): string[] {
  // Most install paths are one package name ("a", "@s/a"): nothing to split.
  const slash = key.indexOf('/');
  if (slash < 0 || (key.charCodeAt(0) === 64 /* @ */ && key.indexOf('/', slash + 1) < 0)) return [key];
  const names = pathNames(key).slice(0, 64);
  const out: string[] = [];
  for (let i = names.length; i > 0; i--) out.push(names.slice(0, i).join('/'));
  return out;
}

function bunlockb(input: ExtractInput): Promise<ExtractionResult> {
  const result: ExtractionResult = { path: input.path, extractor: ID, components: [] };
  return input
    .readSibling(siblingPath(input.path, 'bun.lock'))
    .catch(() => undefined)
    .then((text) =>
      text !== undefined
        ? { ...result, notes: ['bun.lock beside this binary bun.lockb is read instead'] }
        : { ...result, error: 'binary bun.lockb is not supported; run `bun install --save-text-lockfile`' },
    );
}

export async function extractBunLock(input: ExtractInput): Promise<ExtractionResult> {
  if (baseName(input.path) === 'bun.lockb') return bunlockb(input);
  const result: ExtractionResult = { path: input.path, extractor: ID, components: [] };
  const big = tooLarge(input.text, 'bun.lock');
  if (big) return { ...result, error: big };
  const stripped = stripJsonc(input.text);
  let lock: unknown;
  try {
    lock = JSON.parse(stripped);
  } catch (e) {
    const msg = (e as Error).message;
    const m = /position (\d+)/.exec(msg);
    // Offsets refer to the stripped text; they only drift by the removed commas and comments.
    const where = m ? ` near ${Object.values(positionOf(stripped, Number(m[1]))).join(':')}` : '';
    return { ...result, error: `could not extract: invalid JSONC${where}: ${msg.slice(0, 200)}` };
  }
  if (!isRecord(lock)) return { ...result, error: 'could not extract: bun.lock is not a JSON object' };
  const packages = isRecord(lock.packages) ? lock.packages : {};
  const workspaces = isRecord(lock.workspaces) ? lock.workspaces : {};
  const wsVersion = (dir: string): string | undefined => {
    const w = workspaces[dir];
    return isRecord(w) ? str(w.version) : undefined;
  };

  const table = new ComponentTable(input.path);
  const errors: string[] = [];
  const finder = new KeyFinder(input.text, Math.max(0, input.text.indexOf('"packages"')), '[');
  const idOf = new Map<string, number>();
  /** Install paths with an info object, and those objects, in file order. */
  const infoKeys: string[] = [];
  const infos: Record<string, unknown>[] = [];
  for (const key of Object.keys(packages)) {
    const tuple = packages[key];
    const line = finder.line(key);
    const label = key.slice(0, 200);
    if (!Array.isArray(tuple) || tuple.length === 0) {
      errors.push(`could not extract '${label}': empty package tuple`);
      continue;
    }
    if (typeof tuple[0] !== 'string') {
      errors.push(`could not extract '${label}': first element of package tuple is not a string`);
      continue;
    }
    const p = parseIdent(tuple[0], wsVersion);
    if (!p.name) continue;
    let info: Record<string, unknown> | undefined;
    let integrity: string | undefined;
    for (let i = 1; i < tuple.length; i++) {
      const t = tuple[i];
      if (info === undefined && isRecord(t)) info = t;
      else if (integrity === undefined && typeof t === 'string' && t.startsWith('sha') && t.includes('-'))
        integrity = t;
    }
    if (info) {
      infoKeys.push(key);
      infos.push(info);
    }
    idOf.set(
      key,
      table.add({
        name: p.name,
        version: p.version,
        commit: p.commit || undefined,
        scope: 'prod',
        direct: false,
        source: p.source,
        sourceRef: p.sourceRef,
        integrity,
        line,
      }),
    );
  }

  // The nearest copy: "a/b/dep", then "a/dep", then "dep", like node_modules lookup.
  const resolveFrom = (prefixes: string[], dep: string): number | undefined => {
    for (let i = 0; i < prefixes.length; i++) {
      const id = idOf.get(`${prefixes[i]}/${dep}`);
      if (id !== undefined) return id;
    }
    return idOf.get(dep);
  };

  const size = table.size;
  const required: EdgeLists = new Array(size);
  const optional: EdgeLists = new Array(size);
  const edgeFields: [string, EdgeLists][] = [
    ['dependencies', required],
    ['peerDependencies', required],
    ['optionalDependencies', optional],
  ];
  // Indexed loops without destructuring: once per edge of the file, mostly unoptimised code, where
  // for-of and array patterns allocate iterator results per element.
  for (let n = 0; n < infoKeys.length; n++) {
    const key = infoKeys[n] as string;
    const info = infos[n];
    const from = idOf.get(key) as number;
    const prefixes = lookupPrefixes(key);
    for (let f = 0; f < edgeFields.length; f++) {
      const edge = edgeFields[f] as [string, EdgeLists];
      const lists = edge[1];
      const deps = depNames(info, edge[0]);
      for (let k = 0; k < deps.length; k++) {
        const to = resolveFrom(prefixes, deps[k] as string);
        if (to === undefined || to === from) continue;
        table.addEdge(from, to);
        addListEdge(lists, from, to);
      }
    }
  }

  const roots = { prod: [] as number[], optional: [] as number[], dev: [] as number[] };
  const rootDependsOn = new Set<string>();
  for (const dir of Object.keys(workspaces)) {
    const ws = workspaces[dir];
    if (!isRecord(ws)) continue;
    const wsName = str(ws.name);
    const prefixes = dir === '' || !wsName ? [] : lookupPrefixes(wsName);
    const wsId = dir === '' || !wsName ? undefined : idOf.get(wsName);
    for (const [field, list] of [
      ['dependencies', roots.prod],
      ['peerDependencies', roots.prod],
      ['optionalDependencies', roots.optional],
      ['devDependencies', roots.dev],
    ] as const) {
      for (const dep of depNames(ws, field)) {
        const id = resolveFrom(prefixes, dep);
        if (id === undefined) continue;
        list.push(id);
        table.setDirect(id, true);
        if (dir === '') rootDependsOn.add(table.purlOf(id) as string);
        if (wsId !== undefined) table.addEdge(wsId, id);
      }
    }
  }
  const { scopes, unreachable } = reachabilityScopes(size, required, optional, roots);
  for (let i = 0; i < size; i++) table.setScope(i, scopes[i] ?? 'prod');
  if (unreachable > 0)
    result.notes = [`${unreachable} package(s) not reachable from any workspace; scope reported as prod`];

  result.components = table.finish();
  if (rootDependsOn.size > 0) result.rootDependsOn = [...rootDependsOn].sort();
  if (errors.length > 0) result.error = errors.join('; ');
  return result;
}

export const bunLockExtractor: Extractor = {
  ...bunLockFormat,
  extract: extractBunLock,
};
