/**
 * uv.lock. The project itself (and workspace members: `source = { virtual | editable }` at ".", or
 * the names in `[manifest] members`) is not a component; its dependency lists give `direct`, the
 * root edges, scopes (reachability from main, extras and dev groups) and, as osv-scalibr does,
 * `groups` for the packages a root names directly in `[package.optional-dependencies]` or
 * `[package.dev-dependencies]`.
 */
import type {
  Component,
  ExtractInput,
  ExtractionResult,
  Extractor,
  Hash,
  Scope,
} from '../../../component.js';
import { purlFor } from '../../../purl.js';
import { infoFor } from '../../definitions.js';
import { hashesFrom } from '../../support/text.js';
import {
  asArray,
  asString,
  asStringArray,
  asTable,
  packageLines,
  parseTomlDocument,
  type TomlTable,
} from '../../support/toml.js';
import { normaliseName } from '../support/pep508.js';

const uvLockFormat = infoFor(import.meta.url);

const ID = uvLockFormat.id;

interface DepRef {
  name: string;
  version?: string;
  extras: string[];
}

interface Node {
  index: number;
  pkg: TomlTable;
  name: string;
  version: string;
  isRoot: boolean;
  component?: Component;
}

function depRefs(list: unknown): DepRef[] {
  const out: DepRef[] = [];
  for (const d of asArray(list)) {
    const t = asTable(d);
    const name = asString(t?.['name']);
    if (!t || !name) continue;
    const version = asString(t['version']);
    out.push({ name, ...(version ? { version } : {}), extras: asStringArray(t['extra']) });
  }
  return out;
}

function hashesOf(pkg: TomlTable): Hash[] {
  return hashesFrom([
    asTable(pkg['sdist'])?.['hash'],
    ...asArray(pkg['wheels']).map((w) => asTable(w)?.['hash']),
  ]);
}

function applySource(c: Component, source: TomlTable | undefined): void {
  if (!source) return;
  const git = asString(source['git']);
  if (git) {
    c.source = 'git';
    const hash = git.lastIndexOf('#');
    c.sourceRef = hash >= 0 ? git.slice(0, hash) : git;
    const commit = hash >= 0 ? git.slice(hash + 1) : '';
    if (/^[0-9a-f]{7,64}$/i.test(commit)) c.commit = commit;
    return;
  }
  const url = asString(source['url']);
  if (url) {
    c.source = 'url';
    c.sourceRef = url;
    return;
  }
  const path =
    asString(source['path']) ??
    asString(source['directory']) ??
    asString(source['editable']) ??
    asString(source['virtual']);
  if (path !== undefined) {
    c.source = 'path';
    c.sourceRef = path;
    return;
  }
  const registry = asString(source['registry']);
  if (registry && !/^https:\/\/pypi\.org\/simple\/?$/.test(registry)) c.sourceRef = registry;
}

async function extract(input: ExtractInput): Promise<ExtractionResult> {
  const parsed = await parseTomlDocument(input.path, input.text);
  if (!parsed.ok) return { path: input.path, extractor: ID, components: [], error: parsed.error };
  const doc = parsed.doc;
  const packages = asArray(doc['package']);
  const lines = packageLines(input.text, packages.length);
  const members = new Set(asStringArray(asTable(doc['manifest'])?.['members']).map(normaliseName));

  const nodes: Node[] = [];
  packages.forEach((p, i) => {
    const pkg = asTable(p);
    const name = asString(pkg?.['name']);
    if (!pkg || !name) return;
    const version = asString(pkg['version']) ?? '';
    const source = asTable(pkg['source']);
    const local = asString(source?.['virtual']) ?? asString(source?.['editable']);
    const isRoot =
      local !== undefined && (members.size > 0 ? members.has(normaliseName(name)) : local === '.');
    const node: Node = { index: nodes.length, pkg, name, version, isRoot };
    if (!isRoot) {
      const c: Component = {
        ecosystem: 'pypi',
        name,
        version,
        pinned: version !== '',
        purl: purlFor('pypi', name, version || undefined),
        scope: 'prod',
        groups: [],
        source: 'registry',
        location: { path: input.path, ...(lines[i] ? { line: lines[i] } : {}) },
      };
      applySource(c, source);
      const hashes = hashesOf(pkg);
      if (hashes.length) c.hashes = hashes;
      node.component = c;
    }
    nodes.push(node);
  });

  const byName = new Map<string, Node[]>();
  for (const n of nodes) {
    const k = normaliseName(n.name);
    const list = byName.get(k);
    if (list) list.push(n);
    else byName.set(k, [n]);
  }
  const resolve = (d: DepRef): Node[] => {
    const candidates = byName.get(normaliseName(d.name)) ?? [];
    return d.version ? candidates.filter((n) => n.version === d.version) : candidates;
  };

  for (const n of nodes) {
    if (!n.component) continue;
    const purls = depRefs(n.pkg['dependencies']).flatMap((d) => resolve(d).map((t) => t.component?.purl));
    const dependsOn = [...new Set(purls.filter((p): p is string => !!p))];
    if (dependsOn.length) n.component.dependsOn = dependsOn;
  }

  // Scopes by reachability: main dependencies, then extras, then dev groups.
  const scoped = new Set<Node>();
  const walk = (starts: DepRef[], scope: Scope) => {
    const stack: DepRef[] = [...starts];
    const seen = new Set<string>();
    while (stack.length) {
      const d = stack.pop()!;
      for (const t of resolve(d)) {
        const key = `${t.index}[${d.extras.join(',')}]`;
        if (seen.has(key)) continue;
        seen.add(key);
        if (t.component && !scoped.has(t)) {
          scoped.add(t);
          t.component.scope = scope;
        }
        stack.push(...depRefs(t.pkg['dependencies']));
        const optional = asTable(t.pkg['optional-dependencies']);
        for (const e of d.extras) stack.push(...depRefs(optional?.[e]));
      }
    }
  };
  const roots = nodes.filter((n) => n.isRoot);
  // With the project in the lock, everything it does not name itself is transitive.
  if (roots.length) for (const n of nodes) if (n.component) n.component.direct = false;
  const mainRefs = roots.flatMap((r) => depRefs(r.pkg['dependencies']));
  const groupRefs = (table: string) =>
    roots.flatMap((r) =>
      Object.entries(asTable(r.pkg[table]) ?? {}).map(([g, list]) => ({ g, refs: depRefs(list) })),
    );
  const extras = groupRefs('optional-dependencies');
  const devGroups = groupRefs('dev-dependencies');
  walk(mainRefs, 'prod');
  walk(
    extras.flatMap((x) => x.refs),
    'optional',
  );
  walk(
    devGroups.flatMap((x) => x.refs),
    'dev',
  );

  // Direct dependencies and their groups.
  const rootDependsOn = new Set<string>();
  const mainDirect = new Set<Node>(mainRefs.flatMap(resolve));
  const markDirect = (refs: DepRef[], group?: string) => {
    for (const t of refs.flatMap(resolve)) {
      if (!t.component) continue;
      t.component.direct = true;
      rootDependsOn.add(t.component.purl);
      if (group && !mainDirect.has(t) && !t.component.groups?.includes(group))
        t.component.groups?.push(group);
    }
  };
  markDirect(mainRefs);
  for (const { g, refs } of [...extras, ...devGroups]) markDirect(refs, g);

  const components = nodes.flatMap((n) => (n.component ? [n.component] : []));
  for (const c of components) c.groups?.sort();
  return {
    path: input.path,
    extractor: ID,
    components,
    ...(roots.length ? { rootDependsOn: [...rootDependsOn] } : {}),
  };
}

export const uvLockExtractor: Extractor = {
  ...uvLockFormat,
  extract,
};
