/**
 * poetry.lock, lock-version 1.x (`category`, hashes under `[metadata.files]`) and 2.x (`groups`,
 * per-package `files`). Dependency groups follow osv-scalibr: packages in the main group report no
 * group (or "optional" when optional); others report their Poetry groups and are dev-only.
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
import { applyDirect, indexByName, projectDeclaredNames } from '../support/lockfile.js';
import { normaliseName } from '../support/pep508.js';

const poetryLockFormat = infoFor(import.meta.url);

const ID = poetryLockFormat.id;

function groupsAndScope(pkg: TomlTable): { groups: string[]; scope: Scope } {
  const optional = pkg['optional'] === true;
  const main = { groups: optional ? ['optional'] : [], scope: (optional ? 'optional' : 'prod') as Scope };
  if (Array.isArray(pkg['groups'])) {
    const groups = asStringArray(pkg['groups']);
    if (groups.length === 0 || groups.includes('main')) return main;
    return { groups, scope: 'dev' };
  }
  const category = asString(pkg['category']) ?? 'main';
  return category === 'main' ? main : { groups: [category], scope: 'dev' };
}

function hashesOf(files: unknown, version: string | undefined, filterByVersion: boolean): Hash[] {
  const values: unknown[] = [];
  for (const f of asArray(files)) {
    const t = asTable(f);
    if (!t) continue;
    // lock-version 1 keeps one list per name: with several versions locked, keep the matching files.
    if (filterByVersion && version && !asString(t['file'])?.includes(`-${version}`)) continue;
    values.push(t['hash']);
  }
  return hashesFrom(values);
}

async function extract(input: ExtractInput): Promise<ExtractionResult> {
  const parsed = await parseTomlDocument(input.path, input.text);
  if (!parsed.ok) return { path: input.path, extractor: ID, components: [], error: parsed.error };
  const doc = parsed.doc;
  const packages = asArray(doc['package']);
  const lines = packageLines(input.text, packages.length);
  const metadataFiles = asTable(asTable(doc['metadata'])?.['files']) ?? {};
  const nameCounts = new Map<string, number>();
  for (const p of packages) {
    const n = asString(asTable(p)?.['name']);
    if (n) nameCounts.set(normaliseName(n), (nameCounts.get(normaliseName(n)) ?? 0) + 1);
  }

  const components: Component[] = [];
  const edges: { from: Component; names: string[] }[] = [];
  packages.forEach((p, i) => {
    const pkg = asTable(p);
    const name = asString(pkg?.['name']);
    if (!pkg || !name) return;
    const version = asString(pkg['version']) ?? '';
    const { groups, scope } = groupsAndScope(pkg);
    const source = asTable(pkg['source']);
    const sourceType = asString(source?.['type']);
    const sourceUrl = asString(source?.['url']);
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
    if (sourceType === 'git') {
      c.source = 'git';
      if (sourceUrl) c.sourceRef = sourceUrl;
      const commit = asString(source?.['resolved_reference']);
      if (commit) c.commit = commit;
    } else if (sourceType === 'url') {
      c.source = 'url';
      if (sourceUrl) c.sourceRef = sourceUrl;
    } else if (sourceType === 'directory' || sourceType === 'file') {
      c.source = 'path';
      if (sourceUrl) c.sourceRef = sourceUrl;
    } else if (sourceUrl) {
      // "legacy" / "explicit" / "supplemental": another package index.
      c.sourceRef = sourceUrl;
    }
    const perPackage = pkg['files'];
    const hashes = Array.isArray(perPackage)
      ? hashesOf(perPackage, version, false)
      : hashesOf(
          metadataFiles[name] ?? metadataFiles[normaliseName(name)],
          version,
          (nameCounts.get(normaliseName(name)) ?? 0) > 1,
        );
    if (hashes.length) c.hashes = hashes;
    components.push(c);
    const deps = asTable(pkg['dependencies']);
    if (deps) edges.push({ from: c, names: Object.keys(deps) });
  });

  const byName = indexByName(components);
  for (const { from, names } of edges) {
    const purls: string[] = [];
    for (const n of names) for (const target of byName.get(normaliseName(n)) ?? []) purls.push(target.purl);
    if (purls.length) from.dependsOn = [...new Set(purls)];
  }
  const rootDependsOn = applyDirect(components, await projectDeclaredNames(input));
  return { path: input.path, extractor: ID, components, ...(rootDependsOn ? { rootDependsOn } : {}) };
}

export const poetryLockExtractor: Extractor = {
  ...poetryLockFormat,
  extract,
};
