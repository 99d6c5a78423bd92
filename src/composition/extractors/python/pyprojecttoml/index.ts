/**
 * pyproject.toml as a manifest: PEP 621 `[project]` dependencies and optional-dependencies (extras),
 * PEP 735 `[dependency-groups]`, Poetry's `[tool.poetry.*dependencies]` and groups, PDM's and uv's
 * dev-dependency tables. Declared constraints only: nothing here is pinned unless it is an exact "==".
 * `declaredDependencies` is shared with the lockfile extractors, which use it to tell direct deps.
 */
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
import { findKeyOffset, LineIndex } from '../../support/text.js';
import {
  asArray,
  asString,
  asTable,
  headerName,
  parseTomlDocument,
  type TomlTable,
  tableHeaders,
} from '../../support/toml.js';
import { normaliseName, parseRequirement } from '../support/pep508.js';

const pyprojectTomlFormat = infoFor(import.meta.url);

const ID = pyprojectTomlFormat.id;

export interface DeclaredDependency {
  name: string;
  /** Constraint as written ("" when none). */
  specifier: string;
  marker?: string;
  scope: Scope;
  groups: string[];
  source: SourceKind;
  sourceRef?: string;
  commit?: string;
  /** Text to look for when locating the entry: the PEP 508 string or the Poetry key. */
  needle: string;
  /** The needle is a TOML key (Poetry tables) rather than a string value. */
  needleIsKey?: boolean;
  /** The TOML section it came from, to start the search there. */
  section: string;
}

function fromPep508(
  text: string,
  scope: Scope,
  groups: string[],
  section: string,
): DeclaredDependency | undefined {
  const r = parseRequirement(text);
  if (!r) return undefined;
  const dep: DeclaredDependency = {
    name: r.name,
    specifier: r.specifier,
    scope,
    groups,
    source: 'registry',
    needle: text,
    section,
    ...(r.marker ? { marker: r.marker } : {}),
  };
  if (r.url !== undefined) {
    dep.sourceRef = r.url;
    dep.source = /^git\+|\.git(?:$|[@#])/.test(r.url) ? 'git' : r.url.startsWith('file:') ? 'path' : 'url';
    const at = r.url.lastIndexOf('@');
    const rev = at > r.url.indexOf('://') ? r.url.slice(at + 1).split('#')[0] : undefined;
    if (dep.source === 'git' && rev && /^[0-9a-f]{40}$/.test(rev)) dep.commit = rev;
  }
  return dep;
}

/** Poetry's "name = constraint" forms: a string, a table, or an array of tables (multiple constraints). */
function fromPoetry(
  name: string,
  value: unknown,
  scope: Scope,
  groups: string[],
  section: string,
): DeclaredDependency | undefined {
  if (name.toLowerCase() === 'python') return undefined;
  const base = {
    name,
    scope,
    groups,
    source: 'registry' as SourceKind,
    needle: name,
    needleIsKey: true,
    section,
  };
  if (typeof value === 'string') return { ...base, specifier: value };
  const first = Array.isArray(value) ? asTable(value[0]) : asTable(value);
  if (!first) return { ...base, specifier: '' };
  const specifier = Array.isArray(value)
    ? value
        .map((v) => asString(asTable(v)?.['version']))
        .filter(Boolean)
        .join(' || ')
    : (asString(first['version']) ?? '');
  const dep: DeclaredDependency = { ...base, specifier };
  if (first['optional'] === true && scope === 'prod') dep.scope = 'optional';
  const git = asString(first['git']);
  const path = asString(first['path']);
  const url = asString(first['url']);
  if (git) {
    dep.source = 'git';
    dep.sourceRef = git;
    const rev = asString(first['rev']);
    if (rev && /^[0-9a-f]{40}$/.test(rev)) dep.commit = rev;
  } else if (path) {
    dep.source = 'path';
    dep.sourceRef = path;
  } else if (url) {
    dep.source = 'url';
    dep.sourceRef = url;
  }
  const markers = asString(first['markers']);
  if (markers) dep.marker = markers;
  return dep;
}

function pep508List(
  list: unknown,
  scope: Scope,
  groups: string[],
  section: string,
  out: DeclaredDependency[],
): void {
  for (const item of asArray(list)) {
    if (typeof item !== 'string') continue; // {include-group = "..."} entries name other groups
    const d = fromPep508(item, scope, groups, section);
    if (d) out.push(d);
  }
}

function poetryTable(
  table: unknown,
  scope: Scope,
  groups: string[],
  section: string,
  out: DeclaredDependency[],
): void {
  const t = asTable(table);
  if (!t) return;
  for (const [name, value] of Object.entries(t)) {
    const d = fromPoetry(name, value, scope, groups, section);
    if (d) out.push(d);
  }
}

/** Every dependency a pyproject.toml declares, in file order per section. */
export function declaredDependencies(doc: TomlTable): DeclaredDependency[] {
  const out: DeclaredDependency[] = [];
  const project = asTable(doc['project']);
  if (project) {
    pep508List(project['dependencies'], 'prod', [], 'project', out);
    for (const [extra, list] of Object.entries(asTable(project['optional-dependencies']) ?? {})) {
      pep508List(list, 'optional', [extra], 'project.optional-dependencies', out);
    }
  }
  for (const [group, list] of Object.entries(asTable(doc['dependency-groups']) ?? {})) {
    pep508List(list, 'dev', [group], 'dependency-groups', out);
  }
  const tool = asTable(doc['tool']);
  const poetry = asTable(tool?.['poetry']);
  if (poetry) {
    poetryTable(poetry['dependencies'], 'prod', [], 'tool.poetry.dependencies', out);
    poetryTable(poetry['dev-dependencies'], 'dev', ['dev'], 'tool.poetry.dev-dependencies', out);
    for (const [group, def] of Object.entries(asTable(poetry['group']) ?? {})) {
      const scope: Scope = group === 'main' ? 'prod' : 'dev';
      poetryTable(
        asTable(def)?.['dependencies'],
        scope,
        group === 'main' ? [] : [group],
        `tool.poetry.group.${group}.dependencies`,
        out,
      );
    }
  }
  const pdm = asTable(tool?.['pdm']);
  for (const [group, list] of Object.entries(asTable(pdm?.['dev-dependencies']) ?? {})) {
    pep508List(list, 'dev', [group], 'tool.pdm.dev-dependencies', out);
  }
  const uv = asTable(tool?.['uv']);
  pep508List(uv?.['dev-dependencies'], 'dev', ['dev'], 'tool.uv', out);
  return out;
}

/** Normalised names of everything the project declares (for `direct` in lockfiles). */
export function declaredNames(doc: TomlTable): Set<string> {
  return new Set(declaredDependencies(doc).map((d) => normaliseName(d.name)));
}

/** Offset of a section's header ("[tool.poetry.dependencies]"), else of the nearest parent header. */
function sectionOffset(headers: Map<string, number>, section: string): number {
  const parts = section.split('.');
  for (let n = parts.length; n > 0; n--) {
    const at = headers.get(headerName(parts.slice(0, n)));
    if (at !== undefined) return at;
  }
  return 0;
}

function isExactPin(spec: string): boolean {
  const s = spec.trim();
  return /^(?:={2,3}\s*)?[0-9][0-9A-Za-z.+!-]*$/.test(s);
}

async function extract(input: ExtractInput): Promise<ExtractionResult> {
  const parsed = await parseTomlDocument(input.path, input.text);
  if (!parsed.ok) return { path: input.path, extractor: ID, components: [], error: parsed.error };
  const deps = declaredDependencies(parsed.doc);
  const lines = new LineIndex(input.text);
  const cursors = new Map<string, number>();
  const headers = new Map<string, number>();
  for (const h of tableHeaders(input.text)) if (!headers.has(h.name)) headers.set(h.name, h.offset);
  const components: Component[] = [];
  for (const d of deps) {
    const start = cursors.get(d.section) ?? sectionOffset(headers, d.section);
    let at = d.needleIsKey ? findKeyOffset(input.text, d.needle, start) : input.text.indexOf(d.needle, start);
    if (at < 0) at = start;
    cursors.set(d.section, at);
    const pinned = isExactPin(d.specifier);
    const version = pinned ? d.specifier.replace(/^={2,3}\s*/, '').trim() : d.specifier;
    const constraint = [d.specifier, d.marker ? `; ${d.marker}` : ''].join('').trim();
    components.push({
      ecosystem: 'pypi',
      name: d.name,
      version,
      pinned,
      purl: purlFor('pypi', d.name, pinned ? version : undefined),
      scope: d.scope,
      ...(d.groups.length ? { groups: d.groups } : {}),
      ...(constraint ? { constraint } : {}),
      direct: true,
      source: d.source,
      ...(d.sourceRef ? { sourceRef: d.sourceRef } : {}),
      ...(d.commit ? { commit: d.commit } : {}),
      location: { path: input.path, line: lines.lineAt(at) },
    });
  }
  // File order reads best in reports; sections were read in a fixed order.
  components.sort((a, b) => (a.location.line ?? 0) - (b.location.line ?? 0));
  return {
    path: input.path,
    extractor: ID,
    components,
    rootDependsOn: [...new Set(components.map((c) => c.purl))],
  };
}

export const pyprojectTomlExtractor: Extractor = {
  ...pyprojectTomlFormat,
  extract,
};
