/**
 * pdm.lock. `groups` per package: "default" means a run-time dependency. Other groups are dev
 * groups or extras; the lockfile does not say which, so (as osv-scalibr does) "dev" counts as dev and
 * anything else as optional, unless the sibling pyproject.toml declares the group as a dev group.
 */
import type { Component, ExtractInput, ExtractionResult, Extractor, Scope } from '../../../component.js';
import { purlFor } from '../../../purl.js';
import { infoFor } from '../../definitions.js';
import { hashesFrom, readOptional, siblingPath } from '../../support/text.js';
import {
  asArray,
  asString,
  asStringArray,
  asTable,
  packageLines,
  parseTomlDocument,
} from '../../support/toml.js';
import { declaredDependencies } from '../pyprojecttoml/index.js';
import { applyDirect, indexByName } from '../support/lockfile.js';
import { normaliseName, parseRequirement } from '../support/pep508.js';

const pdmLockFormat = infoFor(import.meta.url);

const ID = pdmLockFormat.id;

interface ProjectInfo {
  names: Set<string>;
  devGroups: Set<string>;
}

async function readProject(input: ExtractInput): Promise<ProjectInfo | undefined> {
  const path = siblingPath(input.path, 'pyproject.toml');
  const text = await readOptional(input.readSibling, path);
  if (text === undefined) return undefined;
  const parsed = await parseTomlDocument(path, text);
  if (!parsed.ok) return undefined;
  const deps = declaredDependencies(parsed.doc);
  const devGroups = new Set<string>();
  for (const d of deps) if (d.scope === 'dev') for (const g of d.groups) devGroups.add(g);
  return { names: new Set(deps.map((d) => normaliseName(d.name))), devGroups };
}

function groupsAndScope(
  groups: string[],
  project: ProjectInfo | undefined,
): { groups: string[]; scope: Scope } {
  if (groups.length === 0 || groups.includes('default')) return { groups: [], scope: 'prod' };
  if (groups.includes('dev') || groups.some((g) => project?.devGroups.has(g)))
    return { groups: ['dev'], scope: 'dev' };
  return { groups: ['optional'], scope: 'optional' };
}

function dependencyNames(list: unknown): string[] {
  return asStringArray(list)
    .map((d) => parseRequirement(d)?.name)
    .filter((n): n is string => !!n);
}

const SCOPE_RANK: Record<Scope, number> = { prod: 0, optional: 1, peer: 2, dev: 3 };

async function extract(input: ExtractInput): Promise<ExtractionResult> {
  const parsed = await parseTomlDocument(input.path, input.text);
  if (!parsed.ok) return { path: input.path, extractor: ID, components: [], error: parsed.error };
  const packages = asArray(parsed.doc['package']);
  const lines = packageLines(input.text, packages.length);
  const project = await readProject(input);
  const components: Component[] = [];
  const edges: { from: Component; names: string[] }[] = [];
  // PDM repeats a package once per requested set of extras (`extras = [...]`): one component each.
  const seen = new Map<string, Component>();
  packages.forEach((p, i) => {
    const pkg = asTable(p);
    const name = asString(pkg?.['name']);
    if (!pkg || !name) return;
    const version = asString(pkg['version']) ?? '';
    const { groups, scope } = groupsAndScope(asStringArray(pkg['groups']), project);
    const key = `${normaliseName(name)}@${version}`;
    const earlier = seen.get(key);
    if (earlier) {
      if (SCOPE_RANK[scope] < SCOPE_RANK[earlier.scope]) {
        earlier.scope = scope;
        earlier.groups = groups;
      }
      edges.push({ from: earlier, names: dependencyNames(pkg['dependencies']) });
      return;
    }
    const c: Component = {
      ecosystem: 'pypi',
      name,
      version,
      pinned: version !== '',
      purl: purlFor('pypi', name, version || undefined),
      scope,
      groups,
      source: 'registry',
      location: { path: input.path, ...(lines[i] ? { line: lines[i] } : {}) },
    };
    const git = asString(pkg['git']);
    const path = asString(pkg['path']);
    const url = asString(pkg['url']);
    if (git) {
      c.source = 'git';
      c.sourceRef = git;
      const revision = asString(pkg['revision']);
      if (revision) c.commit = revision;
    } else if (path) {
      c.source = 'path';
      c.sourceRef = path;
    } else if (url) {
      c.source = 'url';
      c.sourceRef = url;
    }
    const hashes = hashesFrom(asArray(pkg['files']).map((f) => asTable(f)?.['hash']));
    if (hashes.length) c.hashes = hashes;
    components.push(c);
    seen.set(key, c);
    edges.push({ from: c, names: dependencyNames(pkg['dependencies']) });
  });
  const byName = indexByName(components);
  for (const { from, names } of edges) {
    const purls = names.flatMap((n) => (byName.get(normaliseName(n)) ?? []).map((t) => t.purl));
    if (purls.length) from.dependsOn = [...new Set([...(from.dependsOn ?? []), ...purls])];
  }
  const rootDependsOn = applyDirect(components, project?.names);
  return { path: input.path, extractor: ID, components, ...(rootDependsOn ? { rootDependsOn } : {}) };
}

export const pdmLockExtractor: Extractor = {
  ...pdmLockFormat,
  extract,
};
