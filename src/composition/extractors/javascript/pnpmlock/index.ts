/**
 * pnpm-lock.yaml, lockfile versions 5.x, 6.x and 9.x.
 *
 * Packages come from `packages` (keyed by dependency path: "/name/1.2.3_peer" in v5,
 * "/name@1.2.3(peer@1)" in v6, "name@1.2.3" in v9; tarball, git and file packages carry `name`
 * and `version` fields). v5/v6 flag dev-only packages with `dev: true`; v9 dropped that flag, so
 * there the scope is computed from the importers through the `snapshots` edges, and `groups` stays
 * empty because the lockfile no longer states one. `link:` dependencies are workspace links, not
 * packages.
 */
import type { ExtractInput, ExtractionResult, Extractor, Scope, SourceKind } from '../../../component.js';
import { infoFor } from '../../definitions.js';
import { keyLines, readYaml } from '../internal/lockfile-yaml.js';
import {
  addListEdge,
  ComponentTable,
  type EdgeLists,
  gitCommitOf,
  type Occurrence,
  reachabilityScopes,
  splitNameAt,
} from '../internal/npm.js';
import { isRecord, str, tooLarge, truthy } from '../internal/text.js';

const pnpmLockFormat = infoFor(import.meta.url);

const ID = pnpmLockFormat.id;

type Rec = Record<string, unknown>;

function lockfileVersionOf(root: Rec): number {
  const v = Number.parseFloat(str(root.lockfileVersion) ?? '');
  if (Number.isFinite(v)) return v;
  return isRecord(root.snapshots) ? 9 : 5;
}

/** Name and version encoded in a dependency path; 'invalid' for paths pnpm cannot have written. */
export function parseDepPath(
  key: string,
  lockVersion: number,
): { name: string; version: string } | 'invalid' | undefined {
  if (key.startsWith('file:')) return undefined;
  if (lockVersion >= 9) {
    const [name, rest] = splitNameAt(key);
    const paren = rest.indexOf('(');
    const version = paren >= 0 ? rest.slice(0, paren) : rest;
    return name && version ? { name, version } : undefined;
  }
  const slash = key.indexOf('/');
  if (slash < 0) return 'invalid';
  // "/name/1.0.0" is the default registry; "host/name/1.0.0" another one (the host is dropped).
  const rest = key.slice(slash + 1);
  let name: string;
  let version: string;
  const v6 = rest.indexOf('(') >= 0 ? rest.slice(0, rest.indexOf('(')) : rest;
  const [n6, ver6] = splitNameAt(v6);
  if (lockVersion >= 6 && ver6 && !n6.includes('@', 1) && /^\d/.test(ver6)) {
    name = n6;
    version = ver6;
  } else {
    const parts = rest.split('/');
    if (parts[0]?.startsWith('@')) {
      name = `${parts[0]}/${parts[1] ?? ''}`;
      version = parts[2] ?? '';
    } else {
      name = parts[0] ?? '';
      version = parts[1] ?? '';
    }
    if (!version) [name, version] = splitNameAt(name);
    const underscore = version.indexOf('_');
    if (underscore >= 0) version = version.slice(0, underscore);
    const paren = version.indexOf('(');
    if (paren >= 0) version = version.slice(0, paren);
  }
  if (!name || !/^\d/.test(version)) return undefined;
  return { name, version };
}

interface DepRef {
  name: string;
  ref: string;
}

/** name -> version reference, from "name: ref" (v5) or "name: {specifier, version}" (v6, v9). */
function depRefs(m: unknown): DepRef[] {
  if (!isRecord(m)) return [];
  const out: DepRef[] = [];
  const names = Object.keys(m);
  for (let i = 0; i < names.length; i++) {
    const name = names[i] as string;
    const v = m[name];
    const ref = isRecord(v) ? str(v.version) : str(v);
    if (ref !== undefined) out.push({ name, ref });
  }
  return out;
}

export async function extractPnpmLock(input: ExtractInput): Promise<ExtractionResult> {
  const result: ExtractionResult = { path: input.path, extractor: ID, components: [] };
  const big = tooLarge(input.text, 'pnpm-lock.yaml');
  if (big) return { ...result, error: big };
  const parsed = await readYaml(input.text);
  if ('error' in parsed) return { ...result, error: `could not extract: ${parsed.error}` };
  const root = parsed.value;
  if (root === null || root === undefined) return result;
  if (!isRecord(root)) return { ...result, error: 'could not extract: pnpm-lock.yaml is not a YAML mapping' };

  const lockVersion = lockfileVersionOf(root);
  const v9 = lockVersion >= 9;
  const packages: Rec = isRecord(root.packages) ? root.packages : {};
  const snapshots: Rec = v9 && isRecord(root.snapshots) ? root.snapshots : {};
  const lines = keyLines(input.text).get('packages');
  const table = new ComponentTable(input.path);
  const errors: string[] = [];
  const idOfPackage = new Map<string, number>();

  for (const key of Object.keys(packages)) {
    const raw = packages[key];
    const pkg: Rec = isRecord(raw) ? raw : {};
    const fromPath = parseDepPath(key, lockVersion);
    if (fromPath === 'invalid') {
      errors.push(`invalid dependency path: ${key.slice(0, 200)}`);
      continue;
    }
    const name = str(pkg.name) || fromPath?.name || '';
    const version = str(pkg.version) || fromPath?.version || '';
    if (!name || !version) continue;
    const res: Rec = isRecord(pkg.resolution) ? pkg.resolution : {};
    const tarball = str(res.tarball);
    const commit = str(res.commit) || gitCommitOf(tarball);
    let source: SourceKind = 'registry';
    let sourceRef: string | undefined;
    if (res.type === 'git' || commit) {
      source = 'git';
      sourceRef = str(res.repo) ?? tarball;
    } else if (res.type === 'directory' || key.startsWith('file:') || tarball?.startsWith('file:')) {
      source = 'path';
      sourceRef = str(res.directory) ?? tarball ?? key.slice(5);
    } else if (tarball && !tarball.includes('/-/')) {
      source = 'url';
      sourceRef = tarball;
    }
    const dev = !v9 && truthy(pkg.dev);
    const scope: Scope = dev ? 'dev' : truthy(pkg.optional) ? 'optional' : 'prod';
    const o: Occurrence = {
      name,
      version,
      commit: commit || undefined,
      scope,
      groups: v9 ? undefined : dev ? ['dev'] : [],
      direct: false,
      source,
      sourceRef,
      integrity: res.integrity,
      line: lines?.get(key),
    };
    idOfPackage.set(key, table.add(o));
  }

  // Where a (name, reference) pair points: v9 snapshot keys, or v5/v6 package keys.
  const nodeKeys: Rec = v9 ? snapshots : packages;
  const idOfNode = (key: string): number | undefined => {
    if (!v9) return idOfPackage.get(key);
    const direct = idOfPackage.get(key);
    if (direct !== undefined) return direct;
    const paren = key.indexOf('(', 1);
    return paren > 0 ? idOfPackage.get(key.slice(0, paren)) : undefined;
  };
  const resolve = ({ name, ref }: DepRef): string | undefined => {
    if (ref.startsWith('link:')) return undefined;
    const cands = v9
      ? [`${name}@${ref}`, ref]
      : lockVersion >= 6
        ? [ref, `/${name}@${ref}`, `${name}@${ref}`]
        : [ref, `/${name}/${ref}`];
    return cands.find((c) => Object.hasOwn(nodeKeys, c));
  };

  const size = table.size;
  const required: EdgeLists = new Array(size);
  const optional: EdgeLists = new Array(size);
  for (const key of Object.keys(nodeKeys)) {
    const from = idOfNode(key);
    const node = nodeKeys[key];
    if (from === undefined || !isRecord(node)) continue;
    // Indexed loops without destructuring: once per edge of the file, mostly unoptimised code,
    // where for-of and array patterns allocate iterator results per element.
    for (let pass = 0; pass < 2; pass++) {
      const lists = pass === 0 ? required : optional;
      const refs = depRefs(node[pass === 0 ? 'dependencies' : 'optionalDependencies']);
      for (let k = 0; k < refs.length; k++) {
        const target = resolve(refs[k] as DepRef);
        const to = target === undefined ? undefined : idOfNode(target);
        if (to === undefined || to === from) continue;
        table.addEdge(from, to);
        addListEdge(lists, from, to);
      }
    }
  }

  const importers: [string, Rec][] = isRecord(root.importers)
    ? Object.entries(root.importers).filter((e): e is [string, Rec] => isRecord(e[1]))
    : [['.', root]];
  const roots = { prod: [] as number[], optional: [] as number[], dev: [] as number[] };
  const rootDependsOn = new Set<string>();
  for (const [importerPath, importer] of importers) {
    for (const [field, list] of [
      ['dependencies', roots.prod],
      ['optionalDependencies', roots.optional],
      ['devDependencies', roots.dev],
    ] as const) {
      for (const d of depRefs(importer[field])) {
        const target = resolve(d);
        const id = target === undefined ? undefined : idOfNode(target);
        if (id === undefined) continue;
        list.push(id);
        table.setDirect(id, true);
        if (importerPath === '.') rootDependsOn.add(table.purlOf(id) as string);
      }
    }
  }

  if (v9) {
    const { scopes, unreachable } = reachabilityScopes(size, required, optional, roots);
    for (let i = 0; i < size; i++) table.setScope(i, scopes[i] ?? 'prod');
    if (unreachable > 0) {
      result.notes = [`${unreachable} package(s) not reachable from any importer; scope reported as prod`];
    }
  }

  result.components = table.finish();
  if (rootDependsOn.size > 0) result.rootDependsOn = [...rootDependsOn].sort();
  if (errors.length > 0) result.error = `partly extracted: ${errors.join('; ')}`;
  return result;
}

export const pnpmLockExtractor: Extractor = {
  ...pnpmLockFormat,
  extract: extractPnpmLock,
};
