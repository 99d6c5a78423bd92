/**
 * pylock.toml (PEP 751), and pylock.<name>.toml. One component per `[[packages]]` entry: the
 * version when given, else the VCS commit, archive or directory it comes from; hashes from its
 * sdist, wheels and archive. The format does not mark dev-only packages (markers select them
 * per install), so every package counts as a run-time one. Direct dependencies are the names the
 * sibling pyproject.toml declares.
 */
import type { Component, ExtractInput, ExtractionResult, Extractor, Hash } from '../../../component.js';
import { purlFor } from '../../../purl.js';
import { infoFor } from '../../definitions.js';
import { hexHash, readOptional, siblingPath } from '../../support/text.js';
import { asArray, asString, asTable, packageLines, parseTomlDocument } from '../../support/toml.js';
import { declaredNames } from '../pyprojecttoml/index.js';
import { applyDirect, indexByName } from '../support/lockfile.js';
import { normaliseName } from '../support/pep508.js';

const pylockFormat = infoFor(import.meta.url);

const ID = pylockFormat.id;

/** `hashes = { sha256 = "..." }` tables of the sdist, every wheel and the archive. */
function hashesOf(pkg: Record<string, unknown>): Hash[] {
  const tables = [
    asTable(pkg['sdist'])?.['hashes'],
    asTable(pkg['archive'])?.['hashes'],
    ...asArray(pkg['wheels']).map((w) => asTable(w)?.['hashes']),
  ];
  const seen = new Map<string, Hash>();
  for (const t of tables) {
    for (const [alg, hex] of Object.entries(asTable(t) ?? {})) {
      const h = typeof hex === 'string' ? hexHash(alg, hex) : undefined;
      if (h) seen.set(`${h.alg}:${h.content}`, h);
    }
  }
  return [...seen.values()];
}

async function extract(input: ExtractInput): Promise<ExtractionResult> {
  const parsed = await parseTomlDocument(input.path, input.text);
  if (!parsed.ok) return { path: input.path, extractor: ID, components: [], error: parsed.error };
  const packages = asArray(parsed.doc['packages']);
  const lines = packageLines(input.text, packages.length, 'packages');
  const components: Component[] = [];
  const edges: { from: Component; names: string[] }[] = [];
  packages.forEach((p, i) => {
    const pkg = asTable(p);
    const name = asString(pkg?.['name']);
    if (!pkg || !name) return;
    const version = asString(pkg['version']) ?? '';
    const c: Component = {
      ecosystem: 'pypi',
      name,
      version,
      pinned: version !== '',
      purl: purlFor('pypi', name, version || undefined),
      scope: 'prod',
      source: 'registry',
      location: { path: input.path, ...(lines[i] ? { line: lines[i] } : {}) },
    };
    const vcs = asTable(pkg['vcs']);
    const directory = asTable(pkg['directory']);
    const archive = asTable(pkg['archive']);
    if (vcs) {
      c.source = 'git';
      const url = asString(vcs['url']) ?? asString(vcs['path']);
      if (url) c.sourceRef = url;
      const commit = asString(vcs['commit-id']);
      if (commit) c.commit = commit;
      c.pinned = commit !== undefined;
    } else if (directory) {
      c.source = 'path';
      const path = asString(directory['path']);
      if (path) c.sourceRef = path;
    } else if (archive) {
      c.source = 'url';
      const url = asString(archive['url']) ?? asString(archive['path']);
      if (url) c.sourceRef = url;
    }
    const hashes = hashesOf(pkg);
    if (hashes.length) c.hashes = hashes;
    // An archive fixed by its hash is pinned even without a version.
    if (archive && hashes.length) c.pinned = true;
    components.push(c);
    const names = asArray(pkg['dependencies'])
      .map((d) => asString(asTable(d)?.['name']))
      .filter((n): n is string => !!n);
    edges.push({ from: c, names });
  });
  const byName = indexByName(components);
  for (const { from, names } of edges) {
    const purls = names.flatMap((n) => (byName.get(normaliseName(n)) ?? []).map((t) => t.purl));
    if (purls.length) from.dependsOn = [...new Set(purls)];
  }
  const projectPath = siblingPath(input.path, 'pyproject.toml');
  const projectText = await readOptional(input.readSibling, projectPath);
  const project = projectText === undefined ? undefined : await parseTomlDocument(projectPath, projectText);
  const rootDependsOn = applyDirect(components, project?.ok ? declaredNames(project.doc) : undefined);
  return { path: input.path, extractor: ID, components, ...(rootDependsOn ? { rootDependsOn } : {}) };
}

export const pylockExtractor: Extractor = { ...pylockFormat, extract };
