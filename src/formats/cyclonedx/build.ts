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
import type { MergedComponent } from '../../composition/merge.js';
import { classifyLicense } from '../spdx/license.js';
import {
  coverageProblems,
  isoSeconds,
  type SbomInput,
  sha256Hex,
  urlOrUndefined,
  uuidV5,
  vouchVersion,
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

/** Splits the name into CycloneDX group + name where the ecosystem has a namespace. */
function groupAndName(c: MergedComponent): [string | undefined, string] {
  const n = c.name;
  if (c.ecosystem === 'npm' && n.startsWith('@')) {
    const i = n.indexOf('/');
    if (i > 0) return [n.slice(0, i), n.slice(i + 1)];
  }
  if (c.ecosystem === 'maven') {
    const i = n.indexOf(':');
    if (i > 0) return [n.slice(0, i), n.slice(i + 1)];
  }
  if (c.ecosystem === 'composer') {
    const i = n.indexOf('/');
    if (i > 0) return [n.slice(0, i), n.slice(i + 1)];
  }
  return [undefined, n];
}

function hashesOf(c: MergedComponent): Json[] {
  const out: Json[] = [];
  for (const h of c.hashes) {
    const content = h.content.toLowerCase();
    if (!HASH_ALGS.has(h.alg) || !HEX.test(content)) continue;
    const want = HASH_LENGTHS[h.alg];
    if (want !== undefined && content.length !== want) continue;
    if (![32, 40, 64, 96, 128].includes(content.length)) continue;
    out.push({ alg: h.alg, content });
  }
  return out.sort((a, b) => compare(`${a.alg}${a.content}`, `${b.alg}${b.content}`));
}

export function licensesOf(texts: readonly string[]): Json[] | undefined {
  if (texts.length === 0) return undefined;
  const forms = texts.map(classifyLicense);
  if (forms.length === 1 && forms[0]!.kind === 'expression') return [{ expression: forms[0]!.expression }];
  return forms.map((f) =>
    f.kind === 'id'
      ? { license: { id: f.id } }
      : { license: { name: f.kind === 'name' ? f.name : f.expression } },
  );
}

function propertiesOf(c: MergedComponent): Json[] {
  const props: Json[] = [];
  const seen = new Set<string>();
  for (const o of c.occurrences) {
    const loc = o.line ? `${o.path}:${o.line}` : o.path;
    if (seen.has(loc)) continue;
    seen.add(loc);
    props.push({ name: 'vouch:location', value: loc });
  }
  props.push({ name: 'vouch:pinned', value: String(c.pinned) });
  props.push({ name: 'vouch:scope', value: c.scope });
  if (c.direct !== undefined) props.push({ name: 'vouch:direct', value: String(c.direct) });
  if (!c.pinned && c.version) props.push({ name: 'vouch:versionRange', value: c.version });
  const groups = new Set<string>();
  for (const o of c.occurrences) for (const g of o.groups ?? []) groups.add(g);
  if (groups.size > 0) props.push({ name: 'vouch:groups', value: [...groups].sort().join(',') });
  for (const s of c.sources) {
    props.push({ name: 'vouch:source', value: s.kind });
    if (s.ref) props.push({ name: 'vouch:sourceRef', value: s.ref });
    if (s.commit) props.push({ name: 'vouch:commit', value: s.commit });
  }
  return props;
}

function externalReferencesOf(c: MergedComponent): Json[] {
  const refs: Json[] = [];
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

  const refOfPurl = new Map<string, string>();
  const usedRefs = new Set<string>([rootRef]);
  const components: Json[] = [];
  const entries: { ref: string; c: MergedComponent }[] = [];
  for (const c of sorted) {
    let ref = c.purl;
    for (let n = 2; usedRefs.has(ref); n++) ref = `${c.purl}#${n}`;
    usedRefs.add(ref);
    if (!refOfPurl.has(c.purl)) refOfPurl.set(c.purl, ref);
    entries.push({ ref, c });
    const [group, name] = groupAndName(c);
    const out: Json = { type: typeOf(c), 'bom-ref': ref };
    if (group) out.group = group;
    out.name = name;
    if (c.pinned && c.version) out.version = c.version;
    out.scope = scopeOf[c.scope];
    const hashes = hashesOf(c);
    if (hashes.length > 0) out.hashes = hashes;
    const licenses = licensesOf(c.licenses);
    if (licenses) out.licenses = licenses;
    out.purl = c.purl;
    const ext = externalReferencesOf(c);
    if (ext.length > 0) out.externalReferences = ext;
    out.properties = propertiesOf(c);
    components.push(out);
  }

  const dependencies: Json[] = [];
  const rootDeps = [
    ...new Set(input.rootDependsOn.map((p) => refOfPurl.get(p)).filter((r) => r !== undefined)),
  ];
  dependencies.push(
    rootDeps.length > 0 ? { ref: rootRef, dependsOn: rootDeps.sort(compare) } : { ref: rootRef },
  );
  for (const { ref, c } of entries) {
    if (!c.edgesKnown && c.dependsOn.length === 0) continue;
    const deps = [
      ...new Set(c.dependsOn.map((p) => refOfPurl.get(p)).filter((r) => r !== undefined && r !== ref)),
    ];
    dependencies.push(deps.length > 0 ? { ref, dependsOn: (deps as string[]).sort(compare) } : { ref });
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
    components: [{ type: 'application', name: 'vouch', version: input.toolVersion ?? vouchVersion() }],
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
  const serial = input.deterministic ? uuidV5(sha256Hex(JSON.stringify(body))) : (randomUUID() as string);
  return {
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    serialNumber: `urn:uuid:${serial}`,
    version: 1,
    ...body,
  };
}

export function serializeCycloneDx(bom: Json): string {
  return `${JSON.stringify(bom, null, 2)}\n`;
}
