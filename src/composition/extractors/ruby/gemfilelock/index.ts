/**
 * Bundler lockfiles (Gemfile.lock, gems.locked). A line-oriented format: unindented section headers
 * (GEM, GIT, PATH, PLUGIN SOURCE, PLATFORMS, DEPENDENCIES, CHECKSUMS, RUBY VERSION, BUNDLED WITH);
 * source sections hold `remote:`/`revision:` settings and a `specs:` list where 4-space lines are
 * locked gems `name (version[-platform])` and 6-space lines are their dependencies.
 */
import type { Component, ExtractionResult, Extractor, Hash, SourceKind } from '../../../component.js';
import { purlFor } from '../../../purl.js';
import { infoFor } from '../../definitions.js';
import { tooLarge } from '../../support/json-keys.js';

const gemfileLockFormat = infoFor(import.meta.url);

const ID = gemfileLockFormat.id;

interface Source {
  kind: 'GEM' | 'GIT' | 'PATH' | 'PLUGIN SOURCE';
  remote?: string;
  revision?: string;
}

interface Spec {
  name: string;
  version: string;
  platform?: string;
  line: number;
  source: Source;
  deps: string[];
}

/** Splits `name (version-platform)`; Bundler's own grammar: the version has no '-', the platform follows the first one. */
function parseNameVersion(text: string): { name: string; version?: string; platform?: string } | undefined {
  const open = text.indexOf(' (');
  if (open < 0) return text.length > 0 && !text.includes(' ') ? { name: text } : undefined;
  if (!text.endsWith(')')) return undefined;
  const name = text.slice(0, open);
  const inner = text.slice(open + 2, -1);
  if (name.length === 0 || name.includes(' ')) return undefined;
  const dash = inner.indexOf('-');
  if (dash < 0) return { name, version: inner };
  return { name, version: inner.slice(0, dash), platform: inner.slice(dash + 1) };
}

function sourceKindOf(source: Source): SourceKind {
  switch (source.kind) {
    case 'GEM':
      return 'registry';
    case 'GIT':
      return 'git';
    case 'PATH':
      return 'path';
    default:
      return 'unknown';
  }
}

function specPurl(spec: { name: string; version: string; platform?: string }): string {
  // "ruby" is the default platform and is left out of the purl.
  const qualifiers = spec.platform && spec.platform !== 'ruby' ? { platform: spec.platform } : undefined;
  return purlFor('gem', spec.name, spec.version, qualifiers);
}

export function parseGemfileLock(path: string, text: string): ExtractionResult {
  const result: ExtractionResult = { path, extractor: ID, components: [] };
  const big = tooLarge(text);
  if (big) return { ...result, error: big };

  const specs: Spec[] = [];
  const rootSpecDeps: string[] = [];
  const direct = new Set<string>();
  const checksums = new Map<string, Hash[]>();
  const skipped: number[] = [];
  let section = '';
  let source: Source | undefined;
  let inSpecs = false;
  let current: Spec | undefined;
  let rootSpec = false;

  const lines = text.split('\n');
  for (let idx = 0; idx < lines.length; idx++) {
    let raw = lines[idx]!;
    if (raw.endsWith('\r')) raw = raw.slice(0, -1);
    const lineNo = idx + 1;
    if (raw.trim() === '') continue;
    if (!raw.startsWith(' ')) {
      section = raw.trim();
      inSpecs = false;
      current = undefined;
      rootSpec = false;
      source =
        section === 'GEM' || section === 'GIT' || section === 'PATH' || section === 'PLUGIN SOURCE'
          ? { kind: section }
          : undefined;
      continue;
    }
    const indent = raw.length - raw.trimStart().length;
    const body = raw.trim();
    if (source) {
      if (indent === 2) {
        inSpecs = body === 'specs:';
        const colon = body.indexOf(': ');
        if (!inSpecs && colon > 0) {
          const key = body.slice(0, colon);
          const value = body.slice(colon + 2).trim();
          // The first remote is the one Bundler records for the source.
          if (key === 'remote' && source.remote === undefined) source.remote = value;
          if (key === 'revision') source.revision = value;
        }
        continue;
      }
      if (!inSpecs) continue;
      if (indent === 4) {
        const nv = parseNameVersion(body);
        if (!nv || nv.version === undefined || nv.version === '') {
          skipped.push(lineNo);
          current = undefined;
          rootSpec = false;
          continue;
        }
        // PATH "." is the project's own gemspec: its dependencies are the project's, it is not a component.
        if (source.kind === 'PATH' && (source.remote === '.' || source.remote === './')) {
          rootSpec = true;
          current = undefined;
          continue;
        }
        rootSpec = false;
        current = {
          name: nv.name,
          version: nv.version,
          ...(nv.platform !== undefined ? { platform: nv.platform } : {}),
          line: lineNo,
          source,
          deps: [],
        };
        specs.push(current);
      } else if (indent === 6) {
        const nv = parseNameVersion(body);
        if (!nv) continue;
        if (rootSpec) rootSpecDeps.push(nv.name);
        else current?.deps.push(nv.name);
      }
      continue;
    }
    if (section === 'DEPENDENCIES' && indent === 2) {
      // `name`, `name (constraint)`, and a trailing `!` for gems pinned to a git or path source.
      const nv = parseNameVersion(body.endsWith('!') ? body.slice(0, -1) : body);
      if (nv) direct.add(nv.name);
    } else if (section === 'CHECKSUMS' && indent === 2) {
      // `name (version[-platform]) sha256=hex[,sha512=hex]` (Bundler 2.5+)
      const close = body.indexOf(') ');
      if (close < 0) continue;
      const nv = parseNameVersion(body.slice(0, close + 1));
      if (!nv?.version) continue;
      const hashes: Hash[] = [];
      for (const part of body.slice(close + 2).split(',')) {
        const eq = part.indexOf('=');
        const alg = part.slice(0, eq).trim().toLowerCase();
        const content = part
          .slice(eq + 1)
          .trim()
          .toLowerCase();
        if (eq < 0 || !/^[0-9a-f]+$/.test(content)) continue;
        if (alg === 'sha256' && content.length === 64) hashes.push({ alg: 'SHA-256', content });
        if (alg === 'sha512' && content.length === 128) hashes.push({ alg: 'SHA-512', content });
      }
      if (hashes.length > 0)
        checksums.set(specPurl({ name: nv.name, version: nv.version, platform: nv.platform }), hashes);
    }
  }

  const purlsByName = new Map<string, string[]>();
  const purls = specs.map((s) => specPurl(s));
  specs.forEach((s, i) => {
    const list = purlsByName.get(s.name);
    if (list) list.push(purls[i]!);
    else purlsByName.set(s.name, [purls[i]!]);
  });
  const edgesFor = (names: string[]): string[] => {
    const out: string[] = [];
    for (const n of names) for (const p of purlsByName.get(n) ?? []) if (!out.includes(p)) out.push(p);
    return out;
  };

  specs.forEach((s, i) => {
    const kind = sourceKindOf(s.source);
    const component: Component = {
      ecosystem: 'gem',
      name: s.name,
      version: s.version,
      pinned: true,
      purl: purls[i]!,
      scope: 'prod',
      direct: direct.has(s.name) || rootSpecDeps.includes(s.name),
      source: kind,
      location: { path, line: s.line },
    };
    if (kind !== 'registry' && s.source.remote) component.sourceRef = s.source.remote;
    if (kind === 'git' && s.source.revision) component.commit = s.source.revision;
    const hashes = checksums.get(purls[i]!);
    if (hashes) component.hashes = hashes;
    const deps = edgesFor(s.deps);
    if (deps.length > 0) component.dependsOn = deps;
    result.components.push(component);
  });

  const roots = edgesFor([...direct, ...rootSpecDeps]);
  if (roots.length > 0) result.rootDependsOn = roots;
  const notes = ['Gemfile.lock does not record Bundler groups: every gem is reported with scope prod.'];
  if (skipped.length > 0)
    notes.push(`skipped spec lines without a version: ${skipped.slice(0, 10).join(', ')}`);
  result.notes = notes;
  return result;
}

export const gemfileLockExtractor: Extractor = {
  ...gemfileLockFormat,
  extract(input) {
    try {
      return parseGemfileLock(input.path, input.text);
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
