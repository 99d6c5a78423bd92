/**
 * Builds a CycloneDX 1.6 JSON document from a merged composition. The JSON is built directly
 * (the @cyclonedx/cyclonedx-library models take ~200 ms just to import, more than the whole
 * scan); correctness is enforced by validating the result against the official schema before
 * anything is written (see validate.ts).
 *
 * Choices:
 * - bom-ref = purl (unique; a numbered suffix if two components ever share one).
 * - type: `library` for packages, `container` for docker images, `application` for GitHub
 *   Actions (executables run by CI, not code linked into the product).
 * - scope: prod and peer -> `required` (peer dependencies are installed and run beside the
 *   product); optional -> `optional`; dev -> `excluded` (CycloneDX: "not reachable within a call
 *   graph at runtime", i.e. build and test only).
 * - version: only for pinned components. A range ("^1.2.0") is not a version; it is kept as the
 *   property `vouch:versionRange`.
 * - licences: an SPDX id when the text is one, an SPDX expression when it parses as one (only
 *   when it is the component's only licence: the schema allows one expression alone), else a name.
 * - externalReferences: `vcs` for git sources, `distribution` for tarball URLs, only when the
 *   reference is an absolute URL.
 * - properties: `vouch:location` (path:line of every occurrence), `vouch:pinned`, `vouch:scope`,
 *   `vouch:direct`, `vouch:groups`, `vouch:source`, `vouch:sourceRef`, `vouch:commit`.
 * - dependencies: the product's direct dependencies, plus an entry for every component that came
 *   from a file recording edges (an entry without dependsOn there means "no dependencies").
 *   Edges to refs that are not components are dropped.
 * - deterministic: components and dependencies sorted by ref, no timestamp, serialNumber a UUID
 *   v5 of the document's SHA-256, so identical input gives identical bytes.
 */
import { randomUUID } from 'node:crypto';
import type { Hash } from '../../composition/component.js';
import type { ComponentSource, MergedComponent, Occurrence } from '../../composition/merge.js';
import { toSafeJson } from '../../util/sanitise.js';
import { VERSION } from '../../version.js';
import { classifyLicense } from '../spdx/license.js';
import {
  coverageProblems,
  isoSeconds,
  type SbomInput,
  sha256Hex,
  urlOrUndefined,
  uuidV5,
} from './sbom-input.js';

type Json = Record<string, unknown>;

const HASH_ALGS = new Set([
  'MD5',
  'SHA-1',
  'SHA-256',
  'SHA-384',
  'SHA-512',
  'SHA3-256',
  'SHA3-384',
  'SHA3-512',
  'BLAKE2b-256',
  'BLAKE2b-384',
  'BLAKE2b-512',
  'BLAKE3',
]);
const HASH_LENGTHS: Record<string, number> = {
  MD5: 32,
  'SHA-1': 40,
  'SHA-256': 64,
  'SHA-384': 96,
  'SHA-512': 128,
};
const HEX = /^[a-f0-9]+$/;

const scopeOf = { prod: 'required', peer: 'required', optional: 'optional', dev: 'excluded' } as const;

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function typeOf(c: MergedComponent): string {
  if (c.ecosystem === 'docker') return 'container';
  if (c.ecosystem === 'github-actions') return 'application';
  return 'library';
}

/** Sets CycloneDX group + name, splitting the name where the ecosystem has a namespace. */
function setGroupAndName(out: Json, c: MergedComponent): void {
  const n = c.name;
  const sep =
    c.ecosystem === 'npm'
      ? n.startsWith('@')
        ? n.indexOf('/')
        : -1
      : c.ecosystem === 'maven'
        ? n.indexOf(':')
        : c.ecosystem === 'composer'
          ? n.indexOf('/')
          : -1;
  if (sep > 0) {
    out.group = n.slice(0, sep);
    out.name = n.slice(sep + 1);
  } else out.name = n;
}

const HEX_LENGTHS = new Set([32, 40, 64, 96, 128]);

function hashesOf(c: MergedComponent): Json[] {
  const out: Json[] = [];
  for (let i = 0; i < c.hashes.length; i++) {
    const h = c.hashes[i] as Hash;
    if (!HASH_ALGS.has(h.alg)) continue;
    // Merged hashes are lower case already: no copy of the content unless it is not.
    let content = h.content;
    if (!HEX.test(content)) {
      content = content.toLowerCase();
      if (!HEX.test(content)) continue;
    }
    const want = HASH_LENGTHS[h.alg];
    if (want !== undefined && content.length !== want) continue;
    if (!HEX_LENGTHS.has(content.length)) continue;
    out.push({ alg: h.alg, content });
  }
  if (out.length > 1) out.sort((a, b) => compare(`${a.alg}${a.content}`, `${b.alg}${b.content}`));
  return out;
}

/**
 * The `licenses` of a component. With `shared`, components with the same single licence get one
 * array (the usual case: a few dozen licences among thousands of components), which saves building
 * it and lets the schema validator check it once (see MEMOISED_DEFINITIONS in
 * generate-validators.ts); the document is serialised, never mutated, after the build.
 */
export function licensesOf(texts: readonly string[], shared?: Map<string, Json[]>): Json[] | undefined {
  if (texts.length === 0) return undefined;
  if (shared && texts.length === 1) {
    const text = texts[0] as string;
    let list = shared.get(text);
    if (!list) {
      list = licensesOf(texts) as Json[];
      shared.set(text, list);
    }
    return list;
  }
  const forms = texts.map(classifyLicense);
  if (forms.length === 1 && forms[0]!.kind === 'expression') return [{ expression: forms[0]!.expression }];
  return forms.map((f) =>
    f.kind === 'id'
      ? { license: { id: f.id } }
      : { license: { name: f.kind === 'name' ? f.name : f.expression } },
  );
}

/**
 * The properties every component has, one frozen object per value, shared by all components: three
 * fewer objects per component for the collector to copy (the document is serialised, never mutated).
 */
const sharedProperty = (name: string, values: readonly string[]): Map<string, Json> =>
  new Map(values.map((value) => [value, Object.freeze({ name, value })]));
const PINNED = sharedProperty('vouch:pinned', ['true', 'false']);
const SCOPE = sharedProperty('vouch:scope', ['prod', 'dev', 'optional', 'peer']);
const DIRECT = sharedProperty('vouch:direct', ['true', 'false']);

function propertiesOf(c: MergedComponent): Json[] {
  const props: Json[] = [];
  const occurrences = c.occurrences;
  // One occurrence (the usual case) needs no duplicate check.
  const seen = occurrences.length > 1 ? new Set<string>() : undefined;
  let anyGroups = false;
  // Indexed loops in the per-component code: it runs once per process, largely unoptimised, where
  // a for-of allocates an iterator result per element.
  for (let i = 0; i < occurrences.length; i++) {
    const o = occurrences[i] as Occurrence;
    const loc = o.line ? `${o.path}:${o.line}` : o.path;
    if (o.groups !== undefined && o.groups.length > 0) anyGroups = true;
    if (seen) {
      if (seen.has(loc)) continue;
      seen.add(loc);
    }
    props.push({ name: 'vouch:location', value: loc });
  }
  props.push(PINNED.get(String(c.pinned)) as Json);
  props.push(SCOPE.get(c.scope) ?? { name: 'vouch:scope', value: c.scope });
  if (c.direct !== undefined) props.push(DIRECT.get(String(c.direct)) as Json);
  if (!c.pinned && c.version) props.push({ name: 'vouch:versionRange', value: c.version });
  if (anyGroups) {
    const groups = new Set<string>();
    for (const o of occurrences) for (const g of o.groups ?? []) groups.add(g);
    props.push({ name: 'vouch:groups', value: [...groups].sort().join(',') });
  }
  for (let i = 0; i < c.sources.length; i++) {
    const s = c.sources[i] as ComponentSource;
    props.push({ name: 'vouch:source', value: s.kind });
    if (s.ref) props.push({ name: 'vouch:sourceRef', value: s.ref });
    if (s.commit) props.push({ name: 'vouch:commit', value: s.commit });
  }
  return props;
}

function externalReferencesOf(c: MergedComponent): Json[] {
  const refs: Json[] = [];
  if (c.sources.length === 0) return refs;
  const seen = new Set<string>();
  for (const s of c.sources) {
    const type = s.kind === 'git' ? 'vcs' : s.kind === 'url' ? 'distribution' : undefined;
    const url = urlOrUndefined(s.ref);
    if (!type || !url || seen.has(`${type} ${url}`)) continue;
    seen.add(`${type} ${url}`);
    refs.push({ type, url });
  }
  return refs;
}

/** A generic purl for the product itself (encoded as the purl spec and packageurl-js do). */
function productRef(name: string, version: string | undefined): string {
  const v = version?.trim()
    ? `@${encodeURIComponent(version.trim()).replace(/%3A/g, ':').replace(/%2B/g, '+')}`
    : '';
  return `pkg:generic/${encodeURIComponent(name.trim() || 'product')}${v}`;
}

export function buildCycloneDx(input: SbomInput): Json {
  const { product } = input;
  const rootRef = productRef(product.name, product.version);
  const sorted = [...input.components].sort((a, b) => compare(a.purl, b.purl));

  /** purl -> index in `sorted` (and `refs`) of the first component with it. */
  const indexOfPurl = new Map<string, number>();
  const usedRefs = new Set<string>([rootRef]);
  const components: Json[] = [];
  /** The bom-ref of each component of `sorted`, by index. */
  const refs: string[] = [];
  const sharedLicenses = new Map<string, Json[]>();
  for (let k = 0; k < sorted.length; k++) {
    const c = sorted[k] as MergedComponent;
    let ref = c.purl;
    for (let n = 2; usedRefs.has(ref); n++) ref = `${c.purl}#${n}`;
    usedRefs.add(ref);
    if (!indexOfPurl.has(c.purl)) indexOfPurl.set(c.purl, refs.length);
    refs.push(ref);
    const out: Json = { type: typeOf(c), 'bom-ref': ref };
    setGroupAndName(out, c);
    if (c.pinned && c.version) out.version = c.version;
    out.scope = scopeOf[c.scope];
    if (c.hashes.length > 0) {
      const hashes = hashesOf(c);
      if (hashes.length > 0) out.hashes = hashes;
    }
    const licenses = licensesOf(c.licenses, sharedLicenses);
    if (licenses) out.licenses = licenses;
    out.purl = c.purl;
    const ext = externalReferencesOf(c);
    if (ext.length > 0) out.externalReferences = ext;
    out.properties = propertiesOf(c);
    components.push(out);
  }

  // AI components (`vouch sbom --ai`): built by ai-bom.ts, refs outside the purl space.
  if (input.aiComponents) components.push(...input.aiComponents);

  // Refs of the components these purls name, each once, sorted (a string array's default sort is
  // code-unit order, as `compare`). stamp[i] === mark: entry i already listed for this list.
  const stamp = new Int32Array(refs.length);
  let mark = 0;
  const refsOf = (purls: readonly string[], self: number): string[] => {
    mark++;
    const out: string[] = [];
    for (let k = 0; k < purls.length; k++) {
      const i = indexOfPurl.get(purls[k] as string);
      if (i === undefined || i === self || stamp[i] === mark) continue;
      stamp[i] = mark;
      out.push(refs[i] as string);
    }
    // Array sort allocates work space even for one element: most lists have one or none.
    return out.length > 1 ? out.sort() : out;
  };
  const dependencies: Json[] = [];
  const rootDeps = refsOf(input.rootDependsOn, -1);
  dependencies.push(rootDeps.length > 0 ? { ref: rootRef, dependsOn: rootDeps } : { ref: rootRef });
  for (let i = 0; i < refs.length; i++) {
    const ref = refs[i] as string;
    const c = sorted[i] as MergedComponent;
    if (!c.edgesKnown && c.dependsOn.length === 0) continue;
    const deps = refsOf(c.dependsOn, indexOfPurl.get(c.purl) === i ? i : -1);
    dependencies.push(deps.length > 0 ? { ref, dependsOn: deps } : { ref });
  }

  const metaComponent: Json = { type: 'application', 'bom-ref': rootRef, name: product.name || 'product' };
  if (product.version) metaComponent.version = product.version;
  const supplier: Json = {};
  if (product.supplier?.name) supplier.name = product.supplier.name;
  const supplierUrl = urlOrUndefined(product.supplier?.url);
  if (supplierUrl) supplier.url = [supplierUrl];
  if (Object.keys(supplier).length > 0) metaComponent.supplier = supplier;
  if (product.license) {
    const l = licensesOf([product.license]);
    if (l) metaComponent.licenses = l;
  }
  metaComponent.purl = rootRef;

  const metadata: Json = {};
  if (!input.deterministic) metadata.timestamp = isoSeconds(input.now ?? new Date());
  metadata.tools = {
    components: [{ type: 'application', name: 'vouch', version: input.toolVersion ?? VERSION }],
  };
  metadata.component = metaComponent;
  const problems = coverageProblems(input.coverage);
  if (problems.length > 0) {
    metadata.properties = problems.map((p) => ({
      name: 'vouch:coverage:unread',
      value: `${p.path} (${p.status === 'error' ? `error: ${p.error ?? 'unreadable'}` : `no extractor for ${p.format}`})`,
    }));
  }

  const body = { metadata, components, dependencies };
  const serial = input.deterministic ? uuidV5(sha256Hex(JSON.stringify(body))) : randomUUID();
  return {
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    serialNumber: `urn:uuid:${serial}`,
    version: 1,
    ...body,
  };
}

/** JSON text with a final newline; compact unless `pretty` (two-space indents, ~70% larger). */
export function serializeCycloneDx(bom: Json, opts: { pretty?: boolean } = {}): string {
  return `${toSafeJson(bom, opts.pretty ? 2 : undefined)}\n`;
}
