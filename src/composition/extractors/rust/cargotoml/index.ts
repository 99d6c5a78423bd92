/**
 * Cargo.toml as a manifest: `[dependencies]`, `[dev-dependencies]`, `[build-dependencies]` (and their
 * legacy underscore spellings), the same under `[target.<cfg>.*]`, dotted tables
 * (`[dependencies.serde]`) and renames (`package = "real-name"`). `{ workspace = true }` takes the
 * entry from `[workspace.dependencies]` of the workspace root (this file, or the nearest Cargo.toml
 * above it that has `[workspace]`); when that cannot be read the constraint is unknown.
 * Requirements are ranges ("1.2" means ^1.2): only "=x.y.z" is pinned.
 */
import { posix } from 'node:path';
import type {
  Component,
  ExtractInput,
  ExtractionResult,
  Extractor,
  Scope,
  SourceKind,
} from '../../../component.js';
import { purlFor } from '../../../purl.js';
import { infoFor } from '../../definitions.js';
import { findKeyOffset, LineIndex, readOptional } from '../../support/text.js';
import {
  asString,
  asTable,
  headerName,
  parseTomlDocument,
  type TomlTable,
  tableHeaders,
} from '../../support/toml.js';

const cargoTomlFormat = infoFor(import.meta.url);

const ID = cargoTomlFormat.id;
/** How many directories up to look for the workspace root. */
const MAX_WORKSPACE_SEARCH = 16;

const KINDS: { keys: string[]; scope: Scope; groups: string[] }[] = [
  { keys: ['dependencies'], scope: 'prod', groups: [] },
  { keys: ['dev-dependencies', 'dev_dependencies'], scope: 'dev', groups: ['dev'] },
  { keys: ['build-dependencies', 'build_dependencies'], scope: 'dev', groups: ['build'] },
];

function workspaceDependencies(doc: TomlTable | undefined): TomlTable | undefined {
  return asTable(asTable(doc?.['workspace'])?.['dependencies']);
}

/** The [workspace.dependencies] table governing this manifest, if it can be read. */
async function findWorkspaceDependencies(
  input: ExtractInput,
  own: TomlTable,
): Promise<TomlTable | undefined> {
  if (asTable(own['workspace'])) return workspaceDependencies(own) ?? {};
  let dir = posix.dirname(input.path);
  for (let i = 0; i < MAX_WORKSPACE_SEARCH && dir !== '.' && dir !== '/' && dir !== ''; i++) {
    dir = posix.dirname(dir);
    const candidate = dir === '.' ? 'Cargo.toml' : `${dir}/Cargo.toml`;
    const text = await readOptional(input.readSibling, candidate);
    if (text === undefined) continue;
    const parsed = await parseTomlDocument(candidate, text);
    if (parsed.ok && asTable(parsed.doc['workspace'])) return workspaceDependencies(parsed.doc) ?? {};
  }
  return undefined;
}

interface Spec {
  name: string;
  requirement: string;
  optional: boolean;
  source: SourceKind;
  sourceRef?: string;
  commit?: string;
}

function readSpec(key: string, value: unknown, inherited: TomlTable | undefined): Spec | 'unknown-workspace' {
  if (typeof value === 'string')
    return { name: key, requirement: value, optional: false, source: 'registry' };
  let t = asTable(value) ?? {};
  const optional = t['optional'] === true;
  if (t['workspace'] === true) {
    if (!inherited) return 'unknown-workspace';
    const w = inherited[key];
    // The member may add features / optional; the source and version come from the workspace.
    t = typeof w === 'string' ? { ...t, version: w } : { ...(asTable(w) ?? {}), ...t };
  }
  const spec: Spec = {
    name: asString(t['package']) ?? key,
    requirement: asString(t['version']) ?? '',
    optional,
    source: 'registry',
  };
  const git = asString(t['git']);
  const path = asString(t['path']);
  const registry = asString(t['registry']);
  if (git) {
    spec.source = 'git';
    spec.sourceRef = git;
    const rev = asString(t['rev']);
    if (rev && /^[0-9a-f]{40}$/.test(rev)) spec.commit = rev;
  } else if (path) {
    spec.source = 'path';
    spec.sourceRef = path;
  } else if (registry) {
    spec.sourceRef = registry;
  }
  return spec;
}

async function extract(input: ExtractInput): Promise<ExtractionResult> {
  const parsed = await parseTomlDocument(input.path, input.text);
  if (!parsed.ok) return { path: input.path, extractor: ID, components: [], error: parsed.error };
  const doc = parsed.doc;
  const headers = new Map<string, number>();
  for (const h of tableHeaders(input.text)) if (!headers.has(h.name)) headers.set(h.name, h.offset);
  const lines = new LineIndex(input.text);
  const notes: string[] = [];
  const components: Component[] = [];
  let inherited: TomlTable | undefined;
  let inheritedLoaded = false;

  // (table path, table value) for every dependency table, top level then per target.
  const tables: { path: string[]; table: TomlTable; scope: Scope; groups: string[] }[] = [];
  for (const kind of KINDS) {
    for (const key of kind.keys) {
      const t = asTable(doc[key]);
      if (t) tables.push({ path: [key], table: t, scope: kind.scope, groups: kind.groups });
    }
  }
  for (const [cfg, def] of Object.entries(asTable(doc['target']) ?? {})) {
    for (const kind of KINDS) {
      for (const key of kind.keys) {
        const t = asTable(asTable(def)?.[key]);
        if (t) tables.push({ path: ['target', cfg, key], table: t, scope: kind.scope, groups: kind.groups });
      }
    }
  }

  for (const { path, table, scope, groups } of tables) {
    const section = headerName(path);
    const header = headers.get(section);
    let cursor = header ?? 0;
    for (const [key, value] of Object.entries(table)) {
      if (asTable(value)?.['workspace'] === true && !inheritedLoaded) {
        inherited = await findWorkspaceDependencies(input, doc);
        inheritedLoaded = true;
      }
      const spec = readSpec(key, value, inherited);
      // Entries come in file order: search onward from the previous one, else from the table header.
      let offset = headers.get(headerName([...path, key]));
      if (offset === undefined && header !== undefined) {
        let at = findKeyOffset(input.text, key, cursor);
        if (at < 0) at = findKeyOffset(input.text, key, header);
        if (at >= 0) cursor = at;
        offset = at >= 0 ? at : header;
      }
      offset ??= 0;
      const location = { path: input.path, line: lines.lineAt(offset) };
      if (spec === 'unknown-workspace') {
        notes.push(`${key}: inherited from the workspace, whose Cargo.toml could not be read`);
        components.push({
          ecosystem: 'cargo',
          name: asString(asTable(value)?.['package']) ?? key,
          version: '',
          pinned: false,
          purl: purlFor('cargo', asString(asTable(value)?.['package']) ?? key, undefined),
          scope: asTable(value)?.['optional'] === true && scope === 'prod' ? 'optional' : scope,
          ...(groups.length ? { groups } : {}),
          direct: true,
          source: 'unknown',
          location,
        });
        continue;
      }
      const exact = /^=\s*[0-9][^\s,]*$/.test(spec.requirement.trim());
      const version = exact ? spec.requirement.trim().replace(/^=\s*/, '') : spec.requirement;
      components.push({
        ecosystem: 'cargo',
        name: spec.name,
        version,
        pinned: exact,
        purl: purlFor('cargo', spec.name, exact ? version : undefined),
        scope: spec.optional && scope === 'prod' ? 'optional' : scope,
        ...(groups.length ? { groups } : {}),
        ...(spec.requirement ? { constraint: spec.requirement } : {}),
        direct: true,
        source: spec.source,
        ...(spec.sourceRef ? { sourceRef: spec.sourceRef } : {}),
        ...(spec.commit ? { commit: spec.commit } : {}),
        location,
      });
    }
  }
  const declaredForMembers = Object.keys(workspaceDependencies(doc) ?? {}).length;
  if (declaredForMembers && !asTable(doc['package'])) {
    notes.push(`${declaredForMembers} [workspace.dependencies] entries: reported where members use them`);
  }
  return {
    path: input.path,
    extractor: ID,
    components,
    rootDependsOn: [...new Set(components.map((c) => c.purl))],
    ...(notes.length ? { notes } : {}),
  };
}

export const cargoTomlExtractor: Extractor = {
  ...cargoTomlFormat,
  extract,
};
