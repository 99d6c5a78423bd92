/**
 * Maven pom.xml, declared dependencies only (no network, so no transitive resolution): the
 * project's `<dependencies>` and those of profiles active by default, plus dependencies inherited
 * from parent POMs found in the repository (`<parent><relativePath>`, default `../pom.xml`).
 * `${property}` references resolve from `<properties>` along the parent chain and from the project's
 * own coordinates; `<dependencyManagement>` fills in missing versions and scopes. Parents and
 * imported BOMs that live only in a remote repository cannot be read: what depends on them stays
 * unpinned, with a note.
 */
import { posix } from 'node:path';
import type { Component, ExtractionResult, Extractor, Scope, SourceLocation } from '../../../component.js';
import { purlFor } from '../../../purl.js';
import { infoFor } from '../../definitions.js';
import { tooLarge } from '../../support/json-keys.js';
import { child, children, childText, parseXml, type XmlElement } from '../../support/xml.js';

const pomXmlFormat = infoFor(import.meta.url);

const ID = pomXmlFormat.id;
const MAX_POM_BYTES = 16 * 1024 * 1024;
const MAX_PARENT_DEPTH = 12;
const MAX_VALUE_LENGTH = 4096;

interface PomDependency {
  groupId?: string;
  artifactId?: string;
  version?: string;
  type?: string;
  classifier?: string;
  scope?: string;
  optional?: string;
  line: number;
}

interface ParentRef {
  groupId?: string;
  artifactId?: string;
  version?: string;
  /** undefined = Maven's default "../pom.xml"; "" = explicitly none (repository lookup only). */
  relativePath?: string;
  line: number;
}

interface Pom {
  path: string;
  groupId?: string;
  artifactId?: string;
  version?: string;
  parent?: ParentRef;
  properties: Map<string, string>;
  dependencies: PomDependency[];
  managed: PomDependency[];
}

function readDependency(el: XmlElement): PomDependency {
  const dep: PomDependency = { line: el.line };
  for (const field of [
    'groupId',
    'artifactId',
    'version',
    'type',
    'classifier',
    'scope',
    'optional',
  ] as const) {
    const v = childText(el, field);
    if (v !== undefined) dep[field] = v;
  }
  return dep;
}

/** Reads one POM's own model; profiles marked activeByDefault contribute as if declared at top level. */
function readPom(root: XmlElement, path: string): Pom {
  const pom: Pom = { path, properties: new Map(), dependencies: [], managed: [] };
  const groupId = childText(root, 'groupId');
  const artifactId = childText(root, 'artifactId');
  const version = childText(root, 'version');
  if (groupId) pom.groupId = groupId;
  if (artifactId) pom.artifactId = artifactId;
  if (version) pom.version = version;
  const parent = child(root, 'parent');
  if (parent) {
    const ref: ParentRef = { line: parent.line };
    for (const field of ['groupId', 'artifactId', 'version'] as const) {
      const v = childText(parent, field);
      if (v !== undefined) ref[field] = v;
    }
    const rel = child(parent, 'relativePath');
    if (rel) ref.relativePath = rel.text.trim();
    pom.parent = ref;
  }
  const sections = [root];
  for (const profile of children(child(root, 'profiles'), 'profile')) {
    if (childText(child(profile, 'activation'), 'activeByDefault') === 'true') sections.push(profile);
  }
  for (const section of sections) {
    for (const p of child(section, 'properties')?.children ?? []) pom.properties.set(p.name, p.text.trim());
    for (const d of children(child(section, 'dependencies'), 'dependency'))
      pom.dependencies.push(readDependency(d));
    const managed = child(child(section, 'dependencyManagement'), 'dependencies');
    for (const d of children(managed, 'dependency')) pom.managed.push(readDependency(d));
  }
  return pom;
}

async function parsePomText(
  text: string,
  path: string,
): Promise<{ pom: Pom; error?: undefined } | { pom?: undefined; error: string }> {
  const big = tooLarge(text, MAX_POM_BYTES);
  if (big) return { error: big };
  const parsed = await parseXml(text);
  if (!parsed.root) return { error: `could not extract from ${path}: ${parsed.error}` };
  if (parsed.root.name !== 'project') {
    return { error: `could not extract from ${path}: not a Maven POM (root element <${parsed.root.name}>)` };
  }
  return { pom: readPom(parsed.root, path) };
}

/** Where Maven looks for the parent on disk, relative to the repository root, or undefined. */
function parentPath(childPath: string, ref: ParentRef): string | undefined {
  if (ref.relativePath === '') return undefined;
  let rel = ref.relativePath ?? '../pom.xml';
  rel = rel.replace(/\\/g, '/');
  if (rel.startsWith('/')) return undefined;
  if (!/\.(xml|pom)$/i.test(rel)) rel = posix.join(rel, 'pom.xml');
  const joined = posix.normalize(posix.join(posix.dirname(childPath), rel));
  return joined.startsWith('../') || joined === '..' ? undefined : joined;
}

/**
 * Resolves `${name}` references. Each property is expanded once (memoised), cycles stay unresolved and
 * results are capped in length, so hostile property graphs cannot blow up.
 */
class Interpolator {
  private readonly cache = new Map<string, string | undefined>();
  private readonly active = new Set<string>();

  constructor(private readonly lookup: (name: string) => string | undefined) {}

  resolve(name: string): string | undefined {
    if (this.cache.has(name)) return this.cache.get(name);
    // a cycle, or a chain of references deeper than any real POM needs
    if (this.active.has(name) || this.active.size >= 64) return undefined;
    const raw = this.lookup(name);
    if (raw === undefined) {
      this.cache.set(name, undefined);
      return undefined;
    }
    this.active.add(name);
    const value = this.expand(raw);
    this.active.delete(name);
    const result = value.length > MAX_VALUE_LENGTH ? undefined : value;
    this.cache.set(name, result);
    return result;
  }

  expand(value: string): string {
    if (!value.includes('${')) return value;
    const out = value.replace(/\$\{([^${}]{1,200})\}/g, (m, name: string) => this.resolve(name.trim()) ?? m);
    return out.length > MAX_VALUE_LENGTH ? value : out;
  }
}

function managementKey(
  groupId: string,
  artifactId: string,
  type: string | undefined,
  classifier: string | undefined,
) {
  return `${groupId}:${artifactId}:${type || 'jar'}:${classifier ?? ''}`;
}

function scopeOf(mavenScope: string, optional: boolean): Scope {
  if (mavenScope === 'test') return 'dev';
  if (optional) return 'optional';
  // compile, runtime, provided (supplied by the platform at run time, still run-time code) and system
  return 'prod';
}

/**
 * "1.0", "[1.0]" pin; "[1.0,2.0)", "(,1.0]", "[1.0,)" are ranges. A range reports its lower bound
 * as the version, unpinned, with the range kept as the constraint: the convention every
 * extractor here follows for ranges (requirements.txt ">=1.0" gives 1.0, as osv-scalibr does).
 */
function classifyVersion(version: string): { version: string; pinned: boolean; exact?: string } {
  if (version === '' || version.includes('${')) return { version, pinned: false };
  if (version.startsWith('[') || version.startsWith('(')) {
    const m = /^\[\s*([^,[\]()\s]+)\s*\]$/.exec(version);
    if (m) return { version: m[1]!, pinned: true, exact: m[1]! };
    const lower = /^[[(]\s*([^,[\]()\s]+)\s*,/.exec(version);
    return { version: lower ? lower[1]! : version, pinned: false };
  }
  return { version, pinned: true, exact: version };
}

interface Declared {
  dep: PomDependency;
  /** The POM that declares it. */
  pom: Pom;
}

export async function parsePomXml(
  path: string,
  text: string,
  readSibling: (p: string) => Promise<string | undefined>,
): Promise<ExtractionResult> {
  const result: ExtractionResult = { path, extractor: ID, components: [] };
  const first = await parsePomText(text, path);
  if (!first.pom) return { ...result, error: first.error };
  const notes: string[] = [];

  // The parent chain, nearest first.
  const chain: Pom[] = [first.pom];
  const visited = new Set([posix.normalize(path)]);
  for (let current = first.pom; current.parent && chain.length <= MAX_PARENT_DEPTH; ) {
    const ref = current.parent;
    const coords = `${ref.groupId ?? '?'}:${ref.artifactId ?? '?'}:${ref.version ?? '?'}`;
    const where = parentPath(current.path, ref);
    if (!where || visited.has(where)) {
      notes.push(
        `parent ${coords} of ${current.path} is not in the repository (remote POMs are not fetched)`,
      );
      break;
    }
    visited.add(where);
    let parentText: string | undefined;
    try {
      parentText = await readSibling(where);
    } catch {
      parentText = undefined;
    }
    const parsed = parentText === undefined ? undefined : await parsePomText(parentText, where);
    if (!parsed?.pom) {
      notes.push(
        parsed?.error
          ? `parent ${coords} at ${where} could not be read: ${parsed.error}`
          : `parent ${coords} of ${current.path} is not in the repository (remote POMs are not fetched)`,
      );
      break;
    }
    const parent = parsed.pom;
    const parentGroup = parent.groupId ?? parent.parent?.groupId;
    if (parent.artifactId !== ref.artifactId || (ref.groupId && parentGroup && parentGroup !== ref.groupId)) {
      notes.push(`${where} is not the declared parent ${coords}: parent chain stops at ${current.path}`);
      break;
    }
    chain.push(parent);
    current = parent;
  }
  if (chain.length > MAX_PARENT_DEPTH) notes.push(`parent chain longer than ${MAX_PARENT_DEPTH}: truncated`);

  const project = chain[0]!;
  const groupId = project.groupId ?? project.parent?.groupId;
  const version = project.version ?? project.parent?.version;
  const builtIn = new Map<string, string | undefined>([
    ['groupId', groupId],
    ['artifactId', project.artifactId],
    ['version', version],
    ['parent.groupId', project.parent?.groupId],
    ['parent.artifactId', project.parent?.artifactId],
    ['parent.version', project.parent?.version],
  ]);
  const interpolator = new Interpolator((name) => {
    for (const pom of chain) {
      const v = pom.properties.get(name);
      if (v !== undefined) return v;
    }
    const m = /^(?:project|pom)\.(.+)$/.exec(name);
    if (m) return builtIn.get(m[1]!);
    // deprecated bare ${version} and friends
    return name === 'version' || name === 'groupId' || name === 'artifactId' ? builtIn.get(name) : undefined;
  });
  const expand = (v: string | undefined) => (v === undefined ? undefined : interpolator.expand(v));

  // dependencyManagement, nearest declaration winning.
  const managed = new Map<string, { version?: string; scope?: string; location: SourceLocation }>();
  let unresolvedImports = 0;
  for (const pom of chain) {
    for (const d of pom.managed) {
      const g = expand(d.groupId);
      const a = expand(d.artifactId);
      if (!g || !a) continue;
      const scope = expand(d.scope);
      if (scope === 'import') {
        unresolvedImports++;
        continue;
      }
      const key = managementKey(g, a, expand(d.type), expand(d.classifier));
      if (managed.has(key)) continue;
      const entry: { version?: string; scope?: string; location: SourceLocation } = {
        location: { path: pom.path, line: d.line },
      };
      const v = expand(d.version);
      if (v) entry.version = v;
      if (scope) entry.scope = scope;
      managed.set(key, entry);
    }
  }
  if (unresolvedImports > 0) {
    notes.push(
      `${unresolvedImports} imported BOM(s) in dependencyManagement not resolved (no network access)`,
    );
  }

  // Declared dependencies: this POM's first, then inherited ones; the first declaration of a key wins.
  const declared: Declared[] = [];
  for (const pom of chain) for (const dep of pom.dependencies) declared.push({ dep, pom });

  const seen = new Set<string>();
  let unresolved = 0;
  let dropped = 0;
  for (const { dep, pom } of declared) {
    const g = expand(dep.groupId);
    const a = expand(dep.artifactId);
    if (!g || !a || g.includes('${') || a.includes('${')) {
      dropped++;
      continue;
    }
    const type = expand(dep.type);
    const classifier = expand(dep.classifier);
    const key = managementKey(g, a, type, classifier);
    if (seen.has(key)) continue;
    seen.add(key);
    const management = managed.get(key);
    const rawVersion = expand(dep.version) ?? management?.version ?? '';
    const mavenScope = (expand(dep.scope) ?? management?.scope ?? 'compile').toLowerCase();
    const optional = expand(dep.optional)?.toLowerCase() === 'true';
    const v = classifyVersion(rawVersion);
    if (!v.pinned) unresolved++;
    const qualifiers: Record<string, string> = {};
    if (type && type !== 'jar') qualifiers.type = type;
    if (classifier) qualifiers.classifier = classifier;
    const name = `${g}:${a}`;
    const inherited = pom !== project;
    const location: SourceLocation = inherited
      ? { path, line: project.parent?.line ?? 0 }
      : { path, line: dep.line };
    const related: SourceLocation[] = [];
    if (inherited) related.push({ path: pom.path, line: dep.line });
    if (dep.version === undefined && management?.version) related.push(management.location);
    const component: Component = {
      ecosystem: 'maven',
      name,
      version: v.version,
      pinned: v.pinned,
      purl: purlFor('maven', name, v.exact, qualifiers),
      scope: scopeOf(mavenScope, optional),
      groups: mavenScope === 'compile' || mavenScope === '' ? [] : [mavenScope],
      direct: true,
      source: mavenScope === 'system' ? 'path' : 'registry',
      location,
    };
    if (rawVersion !== '' && !v.exact) component.constraint = rawVersion;
    if (related.length > 0) component.related = related;
    result.components.push(component);
  }
  if (unresolved > 0) {
    notes.push(
      `${unresolved} dependenc${unresolved === 1 ? 'y has' : 'ies have'} no exact version here (range, unresolved property, or managed by a POM not in the repository)`,
    );
  }
  if (dropped > 0)
    notes.push(`${dropped} dependency declaration(s) without a resolvable groupId/artifactId skipped`);
  if (result.components.some((c) => c.groups?.includes('provided'))) {
    notes.push(
      'provided-scope dependencies are reported as prod: the runtime supplies them, but they are run-time code',
    );
  }
  result.rootDependsOn = result.components.map((c) => c.purl);
  if (notes.length > 0) result.notes = notes;
  return result;
}

export const pomXmlExtractor: Extractor = {
  ...pomXmlFormat,
  async extract(input) {
    try {
      return await parsePomXml(input.path, input.text, input.readSibling);
    } catch (e) {
      return {
        path: input.path,
        extractor: ID,
        components: [],
        error: `could not extract: ${(e as Error).message}`,
      };
    }
  },
};
