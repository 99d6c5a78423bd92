/**
 * Cargo.lock, versions 1 to 4. Each `[[package]]` is a component; crates without a `source` are the
 * workspace's own (or path) crates, reported with source "workspace" as osv-scalibr does, and their
 * dependencies are the direct ones. Git sources give the commit after "#". Checksums are SHA-256;
 * version 1 keeps them in `[metadata]` under "checksum NAME VERSION (SOURCE)" keys. Edges come from
 * `dependencies` entries ("name", "name version" or "name version (source)").
 */
import type { Component, ExtractInput, ExtractionResult, Extractor } from '../../../component.js';
import { purlFor } from '../../../purl.js';
import { infoFor } from '../../definitions.js';
import { hexHash } from '../../support/text.js';
import {
  asArray,
  asString,
  asStringArray,
  asTable,
  packageLines,
  parseTomlDocument,
} from '../../support/toml.js';

const cargoLockFormat = infoFor(import.meta.url);

const ID = cargoLockFormat.id;

interface Crate {
  name: string;
  version: string;
  source?: string;
  component: Component;
  deps: string[];
}

function applySource(c: Component, source: string | undefined): void {
  if (source === undefined) {
    c.source = 'workspace';
    return;
  }
  if (source.startsWith('git+')) {
    c.source = 'git';
    const hash = source.indexOf('#');
    c.sourceRef = source.slice(4, hash < 0 ? undefined : hash);
    const commit = hash < 0 ? '' : source.slice(hash + 1);
    if (/^[0-9a-f]{7,64}$/i.test(commit)) c.commit = commit;
    return;
  }
  const registry = source.replace(/^(?:registry|sparse)\+/, '');
  if (!/^https:\/\/(?:github\.com\/rust-lang\/crates\.io-index|index\.crates\.io\/?)$/.test(registry)) {
    c.sourceRef = source;
  }
}

async function extract(input: ExtractInput): Promise<ExtractionResult> {
  const parsed = await parseTomlDocument(input.path, input.text);
  if (!parsed.ok) return { path: input.path, extractor: ID, components: [], error: parsed.error };
  const doc = parsed.doc;
  const packages = asArray(doc['package']);
  const lines = packageLines(input.text, packages.length);
  const metadata = asTable(doc['metadata']) ?? {};
  const crates: Crate[] = [];
  packages.forEach((p, i) => {
    const pkg = asTable(p);
    const name = asString(pkg?.['name']);
    if (!pkg || !name) return;
    const version = asString(pkg['version']) ?? '';
    const source = asString(pkg['source']);
    const c: Component = {
      ecosystem: 'cargo',
      name,
      version,
      pinned: version !== '',
      purl: purlFor('cargo', name, version || undefined),
      scope: 'prod',
      source: 'registry',
      location: { path: input.path, ...(lines[i] ? { line: lines[i] } : {}) },
    };
    applySource(c, source);
    const checksum =
      asString(pkg['checksum']) ?? asString(metadata[`checksum ${name} ${version} (${source ?? ''})`]);
    const hash = checksum ? hexHash('sha256', checksum) : undefined;
    if (hash) c.hashes = [hash];
    crates.push({
      name,
      version,
      ...(source ? { source } : {}),
      component: c,
      deps: asStringArray(pkg['dependencies']),
    });
  });

  const byName = new Map<string, Crate[]>();
  for (const k of crates) {
    const list = byName.get(k.name);
    if (list) list.push(k);
    else byName.set(k.name, [k]);
  }
  const resolve = (dep: string): Crate[] => {
    // "name", "name version" or "name version (source)"
    const m = /^(\S+)(?:\s+(\S+))?(?:\s+\((.*)\))?\s*$/.exec(dep);
    if (!m) return [];
    let candidates = byName.get(m[1]!) ?? [];
    if (m[2]) candidates = candidates.filter((k) => k.version === m[2]);
    if (m[3] && candidates.length > 1) candidates = candidates.filter((k) => k.source === m[3]);
    return candidates;
  };
  for (const k of crates) {
    const purls = [...new Set(k.deps.flatMap((d) => resolve(d).map((t) => t.component.purl)))];
    if (purls.length) k.component.dependsOn = purls;
  }

  const local = crates.filter((k) => k.source === undefined);
  let rootDependsOn: string[] | undefined;
  if (local.length) {
    const direct = new Set(local.flatMap((k) => k.deps.flatMap(resolve)));
    for (const k of crates) k.component.direct = k.source === undefined || direct.has(k);
    rootDependsOn = local.map((k) => k.component.purl);
  }
  return {
    path: input.path,
    extractor: ID,
    components: crates.map((k) => k.component),
    ...(rootDependsOn ? { rootDependsOn } : {}),
  };
}

export const cargoLockExtractor: Extractor = {
  ...cargoLockFormat,
  extract,
};
