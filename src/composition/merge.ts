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

interface Building {
  merged: MergedComponent;
  /** Position in `order`: the stamp that marks an edge target as listed for this component. */
  index: number;
  /** Edge targets as the extractors wrote them (resolved to merged purls at the end). */
  rawDeps: readonly string[] | undefined;
  /** rawDeps is this building's own array (extended in place), not an extractor's. */
  ownDeps: boolean;
  anyDirectKnown: boolean;
}

/** An upper-case ASCII letter or any non-ASCII character: only then can toLowerCase change a string. */
const MAY_HAVE_UPPER = /[A-Z\u0080-\uffff]/;

/**
 * The hash with lower-case content. Extractors already write hex in lower case (a 128-character
 * copy per component otherwise), so the common case returns the extractor's own object, which
 * nothing mutates.
 */
function lowerCaseHash(h: Hash): Hash {
  return MAY_HAVE_UPPER.test(h.content) ? { alg: h.alg, content: h.content.toLowerCase() } : h;
}

// Hashes, licences and sources come a few per occurrence: linear scans beat a Set per component.
function addHash(m: MergedComponent, h: Hash): void {
  const lower = lowerCaseHash(h);
  const hashes = m.hashes;
  for (let i = 0; i < hashes.length; i++) {
    const x = hashes[i] as Hash;
    if (x.alg === lower.alg && x.content === lower.content) return;
  }
  m.hashes.push(lower);
}

function addSource(
  m: MergedComponent,
  kind: SourceKind,
  ref: string | undefined,
  commit: string | undefined,
) {
  for (let i = 0; i < m.sources.length; i++) {
    const s = m.sources[i] as ComponentSource;
    if (s.kind === kind && (s.ref ?? '') === (ref ?? '') && (s.commit ?? '') === (commit ?? '')) return;
  }
  const src: ComponentSource = { kind };
  if (ref !== undefined) src.ref = ref;
  if (commit !== undefined) src.commit = commit;
  m.sources.push(src);
}

/** purl as written by an extractor -> purl of the merged component. */
export interface PurlIndex {
  get(purl: string): string | undefined;
}

/** The merge plus a map from every purl an extractor wrote to the merged component's purl. */
export interface MergeDetail {
  components: MergedComponent[];
  purlIndex: PurlIndex;
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
  const byPurl = new Map<string, Building>();
  const order: Building[] = [];
  // Indexed loops, here and below: the merge runs once per process, mostly before V8 optimises
  // it, and an unoptimised for-of allocates an iterator result per element.
  for (let n = 0; n < inputs.length; n++) {
    const input = inputs[n] as MergeInput;
    const list = input.components;
    for (let k = 0; k < list.length; k++) {
      const c = list[k] as Component;
      const occ: Occurrence = { path: c.location.path, scope: c.scope, pinned: c.pinned };
      if (c.location.line) occ.line = c.location.line;
      if (c.direct !== undefined) occ.direct = c.direct;
      if (c.groups && c.groups.length > 0) occ.groups = [...c.groups];
      if (c.constraint !== undefined) occ.constraint = c.constraint;
      if (input.extractor) occ.extractor = input.extractor;
      // A package seen before under the same purl, ecosystem, name and version has the same key:
      // found without building and hashing the key (the purl is hashed for byPurl in any case).
      let b = byPurl.get(c.purl);
      if (
        b &&
        !(b.merged.name === c.name && b.merged.version === c.version && b.merged.ecosystem === c.ecosystem)
      )
        b = undefined;
      const key = b ? undefined : componentKey(c.ecosystem, c.name, c.version);
      if (key !== undefined) b = byKey.get(key);
      if (!b) {
        // Lists start with what this first occurrence brings, sized to it: an empty array that is
        // pushed to grows a 17-slot store, kept for the whole run by every one of thousands.
        b = {
          merged: {
            ecosystem: c.ecosystem,
            name: c.name,
            version: c.version,
            purl: c.purl,
            pinned: c.pinned,
            scope: c.scope,
            hashes: c.hashes?.length === 1 ? [lowerCaseHash(c.hashes[0] as Hash)] : [],
            licenses: c.license ? [c.license] : [],
            sources: [],
            dependsOn: [],
            edgesKnown: false,
            occurrences: [occ],
          },
          index: order.length,
          rawDeps: undefined,
          ownDeps: false,
          anyDirectKnown: false,
        };
        byKey.set(key as string, b);
        order.push(b);
      } else b.merged.occurrences.push(occ);
      byPurl.set(c.purl, b);
      const m = b.merged;
      if (c.pinned) m.pinned = true;
      if (scopeRank[c.scope] > scopeRank[m.scope]) m.scope = c.scope;
      if (c.direct !== undefined) {
        m.direct = b.anyDirectKnown ? m.direct || c.direct : c.direct;
        b.anyDirectKnown = true;
      }
      if (input.edgesKnown) m.edgesKnown = true;
      if (c.hashes && !(c.hashes.length === 1 && m.hashes[0] === c.hashes[0])) {
        for (let i = 0; i < c.hashes.length; i++) addHash(m, c.hashes[i] as Hash);
      }
      if (c.license && !m.licenses.includes(c.license)) m.licenses.push(c.license);
      if (c.source !== 'registry') addSource(m, c.source, c.sourceRef, c.commit);
      if (c.dependsOn && c.dependsOn.length > 0) {
        // The first list is shared, not copied; a second occurrence with edges gets its own array.
        if (b.rawDeps === undefined) b.rawDeps = c.dependsOn;
        else if (b.ownDeps) (b.rawDeps as string[]).push(...c.dependsOn);
        else {
          b.rawDeps = [...b.rawDeps, ...c.dependsOn];
          b.ownDeps = true;
        }
      }
    }
  }

  // stamp[t] === b.index + 1: target t already listed for b (no Set per component).
  const stamp = new Int32Array(order.length);
  for (let n = 0; n < order.length; n++) {
    const b = order[n] as Building;
    const raw = b.rawDeps;
    if (raw === undefined) continue;
    for (let k = 0; k < raw.length; k++) {
      const target = byPurl.get(raw[k] as string);
      if (!target || target === b || stamp[target.index] === b.index + 1) continue;
      stamp[target.index] = b.index + 1;
      b.merged.dependsOn.push(target.merged.purl);
    }
  }
  // A view over byPurl rather than a copy: callers look up a handful of purls.
  const purlIndex: PurlIndex = { get: (purl) => byPurl.get(purl)?.merged.purl };
  return { components: order.map((b) => b.merged), purlIndex };
}
