/**
 * Folds component occurrences (one per package per file) into distinct packages: one per
 * (ecosystem, name, version). Every place a package was found is kept as an occurrence, so an
 * SBOM or a finding can always point back at the file and line that declared it.
 */
import type { Component, Ecosystem, Hash, Scope, SourceKind } from './component.js';

export interface Occurrence {
  path: string;
  line?: number;
  scope: Scope;
  direct?: boolean;
  groups?: string[];
  constraint?: string;
  pinned: boolean;
  /** Extractor id that reported it, when known. */
  extractor?: string;
}

export interface ComponentSource {
  kind: SourceKind;
  ref?: string;
  commit?: string;
}

export interface MergedComponent {
  ecosystem: Ecosystem;
  name: string;
  version: string;
  /** purl of the first occurrence (occurrences come in scan order, so this is stable). */
  purl: string;
  /** true when at least one occurrence pins the version. */
  pinned: boolean;
  /** prod if any occurrence is prod, then peer, optional, dev. */
  scope: Scope;
  /** true if any occurrence is direct; false if all say false; undefined when none knows. */
  direct?: boolean;
  hashes: Hash[];
  licenses: string[];
  /** Distinct non-registry sources (git, url, path, ...); empty when only from the registry. */
  sources: ComponentSource[];
  /** Merged purls (bom identities) of the packages this one depends on. */
  dependsOn: string[];
  /** true when an occurrence came from a file that records dependency edges (an empty list is then meaningful). */
  edgesKnown: boolean;
  occurrences: Occurrence[];
}

/** Per-file input to the merge: the components plus whether that file records edges. */
export interface MergeInput {
  components: readonly Component[];
  extractor?: string;
  /** The file records dependency edges, so a component without dependsOn has none. */
  edgesKnown?: boolean;
}

const scopeRank: Record<Scope, number> = { prod: 3, peer: 2, optional: 1, dev: 0 };

/** PEP 503 name normalisation. */
export function normalisePypiName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** Identity of a package inside one ecosystem, following how that ecosystem compares names. */
export function componentKey(ecosystem: Ecosystem, name: string, version: string): string {
  let n = name;
  switch (ecosystem) {
    case 'pypi':
      n = normalisePypiName(name);
      break;
    // Registry names that the package manager treats case-insensitively.
    case 'nuget':
    case 'composer':
      n = name.toLowerCase();
      break;
    default:
      break;
  }
  return `${ecosystem}\0${n}\0${version}`;
}

function hashKey(h: Hash): string {
  return `${h.alg}:${h.content.toLowerCase()}`;
}

interface Building {
  merged: MergedComponent;
  hashKeys: Set<string>;
  licenseSet: Set<string>;
  sourceKeys: Set<string>;
  /** Edge targets as the extractors wrote them (resolved to merged purls at the end). */
  rawDeps: Set<string>;
  anyDirectKnown: boolean;
}

/** The merge plus a map from every purl an extractor wrote to the merged component's purl. */
export interface MergeDetail {
  components: MergedComponent[];
  /** purl as written by an extractor -> purl of the merged component. */
  purlIndex: Map<string, string>;
}

/** Merges occurrences; see mergeDetailed. */
export function mergeComponents(inputs: readonly MergeInput[]): MergedComponent[] {
  return mergeDetailed(inputs).components;
}

/**
 * Merges occurrences. Edges are resolved through a purl -> merged-purl map, so an edge written
 * with a differently spelled purl of the same package (PyPI casing, say) still lands; edges to
 * packages that are not components are dropped.
 */
export function mergeDetailed(inputs: readonly MergeInput[]): MergeDetail {
  const byKey = new Map<string, Building>();
  const purlToKey = new Map<string, string>();
  const order: Building[] = [];
  for (const input of inputs) {
    for (const c of input.components) {
      const key = componentKey(c.ecosystem, c.name, c.version);
      purlToKey.set(c.purl, key);
      let b = byKey.get(key);
      if (!b) {
        b = {
          merged: {
            ecosystem: c.ecosystem,
            name: c.name,
            version: c.version,
            purl: c.purl,
            pinned: c.pinned,
            scope: c.scope,
            hashes: [],
            licenses: [],
            sources: [],
            dependsOn: [],
            edgesKnown: false,
            occurrences: [],
          },
          hashKeys: new Set(),
          licenseSet: new Set(),
          sourceKeys: new Set(),
          rawDeps: new Set(),
          anyDirectKnown: false,
        };
        byKey.set(key, b);
        order.push(b);
      }
      const m = b.merged;
      if (c.pinned) m.pinned = true;
      if (scopeRank[c.scope] > scopeRank[m.scope]) m.scope = c.scope;
      if (c.direct !== undefined) {
        m.direct = b.anyDirectKnown ? m.direct || c.direct : c.direct;
        b.anyDirectKnown = true;
      }
      if (input.edgesKnown) m.edgesKnown = true;
      if (c.hashes) {
        for (const h of c.hashes) {
          const k = hashKey(h);
          if (!b.hashKeys.has(k)) {
            b.hashKeys.add(k);
            m.hashes.push({ alg: h.alg, content: h.content.toLowerCase() });
          }
        }
      }
      if (c.license && !b.licenseSet.has(c.license)) {
        b.licenseSet.add(c.license);
        m.licenses.push(c.license);
      }
      if (c.source !== 'registry') {
        const sk = `${c.source}\0${c.sourceRef ?? ''}\0${c.commit ?? ''}`;
        if (!b.sourceKeys.has(sk)) {
          b.sourceKeys.add(sk);
          const src: ComponentSource = { kind: c.source };
          if (c.sourceRef !== undefined) src.ref = c.sourceRef;
          if (c.commit !== undefined) src.commit = c.commit;
          m.sources.push(src);
        }
      }
      if (c.dependsOn) for (const d of c.dependsOn) b.rawDeps.add(d);
      const occ: Occurrence = { path: c.location.path, scope: c.scope, pinned: c.pinned };
      if (c.location.line) occ.line = c.location.line;
      if (c.direct !== undefined) occ.direct = c.direct;
      if (c.groups && c.groups.length > 0) occ.groups = [...c.groups];
      if (c.constraint !== undefined) occ.constraint = c.constraint;
      if (input.extractor) occ.extractor = input.extractor;
      m.occurrences.push(occ);
    }
  }

  for (const b of order) {
    if (b.rawDeps.size === 0) continue;
    const seen = new Set<string>();
    for (const d of b.rawDeps) {
      const key = purlToKey.get(d);
      const target = key === undefined ? undefined : byKey.get(key);
      if (!target || target === b) continue;
      const p = target.merged.purl;
      if (!seen.has(p)) {
        seen.add(p);
        b.merged.dependsOn.push(p);
      }
    }
  }
  const purlIndex = new Map<string, string>();
  for (const [purl, key] of purlToKey) {
    const b = byKey.get(key);
    if (b) purlIndex.set(purl, b.merged.purl);
  }
  return { components: order.map((b) => b.merged), purlIndex };
}
