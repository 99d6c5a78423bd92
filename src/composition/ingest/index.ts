/**
 * Reads an existing SBOM (CycloneDX 1.4–1.6 JSON, SPDX 2.3 JSON; SPDX 2.2 with its one
 * spelling difference normalised) after validating it against the official schema, and turns
 * its components into merged components. The file is hostile input: bounded in size and
 * nesting before parsing, validated before use, walked iteratively.
 */
import { open, stat } from 'node:fs/promises';
import { PackageURL } from 'packageurl-js';
import type { SchemaError } from '../../formats/cyclonedx/validate.js';
import type { Component, Ecosystem, Hash, Scope, SourceKind } from '../component.js';
import { type MergedComponent, mergeDetailed } from '../merge.js';

export const MAX_SBOM_BYTES = 256 * 1024 * 1024;
/** Nesting deeper than this is not a real SBOM and could exhaust the validator's stack. */
export const MAX_JSON_DEPTH = 200;
/** Collect full error lists only for files this small (allErrors on a huge hostile file is costly). */
const FULL_ERRORS_MAX_BYTES = 16 * 1024 * 1024;
const MAX_COMPONENTS = 2_000_000;

export type SbomFormat = 'cyclonedx' | 'spdx';

export interface IngestedSbom {
  path: string;
  format: SbomFormat;
  /** "1.5" for CycloneDX, "SPDX-2.3" for SPDX. */
  specVersion: string;
  /** The product the SBOM describes, when it says. */
  product?: { name: string; version?: string };
  components: MergedComponent[];
  /** Merged purls of the product's direct dependencies, when the SBOM records them. */
  rootDependsOn: string[];
  /** Entries in the SBOM that vouch did not turn into components, and why. */
  notes: string[];
  /** How many components/packages the SBOM lists (before skipping and merging). */
  listed: number;
}

export type IngestOutcome =
  | { ok: true; sbom: IngestedSbom }
  | { ok: false; path: string; message: string; errors: SchemaError[] };

type Json = Record<string, unknown>;

/** Deepest array/object nesting, by one linear scan that skips string contents. */
export function jsonDepth(text: string, stopAbove = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > max) {
        max = depth;
        if (max > stopAbove) return max;
      }
    } else if (c === 125 /* } */ || c === 93 /* ] */) depth--;
  }
  return max;
}

const ecosystemOfPurlType: Record<string, Ecosystem> = {
  npm: 'npm',
  pypi: 'pypi',
  golang: 'golang',
  cargo: 'cargo',
  gem: 'gem',
  composer: 'composer',
  nuget: 'nuget',
  maven: 'maven',
  githubactions: 'github-actions',
  github: 'github-actions',
  docker: 'docker',
};

const cdxScope: Record<string, Scope> = { required: 'prod', optional: 'optional', excluded: 'dev' };

const spdxAlg: Record<string, string> = {
  SHA1: 'SHA-1',
  SHA256: 'SHA-256',
  SHA384: 'SHA-384',
  SHA512: 'SHA-512',
  MD5: 'MD5',
  'SHA3-256': 'SHA3-256',
  'SHA3-384': 'SHA3-384',
  'SHA3-512': 'SHA3-512',
  'BLAKE2b-256': 'BLAKE2b-256',
  'BLAKE2b-384': 'BLAKE2b-384',
  'BLAKE2b-512': 'BLAKE2b-512',
  BLAKE3: 'BLAKE3',
};

interface Parsed {
  ecosystem: Ecosystem;
  name: string;
  version?: string;
  qualifiers?: Record<string, string>;
}

/** purl -> ecosystem, ecosystem name and version; a reason string when it cannot be used. */
function parsePurl(purl: string): Parsed | string {
  let p: PackageURL;
  try {
    p = PackageURL.fromString(purl);
  } catch {
    return 'invalid purl';
  }
  const ecosystem = ecosystemOfPurlType[p.type];
  if (!ecosystem) return `purl type "${p.type}" has no vouch ecosystem`;
  const ns = p.namespace ?? undefined;
  let name: string;
  if (ecosystem === 'maven') name = ns ? `${ns}:${p.name}` : p.name;
  else if (ecosystem === 'pypi' || ecosystem === 'cargo' || ecosystem === 'gem' || ecosystem === 'nuget')
    name = p.name;
  else name = ns ? `${ns}/${p.name}` : p.name;
  const qualifiers = p.qualifiers ? { ...(p.qualifiers as Record<string, string>) } : undefined;
  return {
    ecosystem,
    name,
    ...(p.version ? { version: p.version } : {}),
    ...(qualifiers ? { qualifiers } : {}),
  };
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function obj(v: unknown): Json | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
}

class Skips {
  private counts = new Map<string, number>();
  add(reason: string): void {
    this.counts.set(reason, (this.counts.get(reason) ?? 0) + 1);
  }
  notes(what: string): string[] {
    return [...this.counts].map(([reason, n]) => `${n} ${what}${n === 1 ? '' : 's'} skipped: ${reason}`);
  }
}

function sourceOf(qualifiers: Record<string, string> | undefined): {
  source: SourceKind;
  sourceRef?: string;
} {
  if (qualifiers?.vcs_url) return { source: 'git', sourceRef: qualifiers.vcs_url };
  if (qualifiers?.download_url) return { source: 'url', sourceRef: qualifiers.download_url };
  return { source: 'registry' };
}

function fromCycloneDx(path: string, doc: Json, specVersion: string): IngestedSbom {
  const skips = new Skips();
  const components: Component[] = [];
  const extraLicences = new Map<string, string[]>();
  const purlOfRef = new Map<string, string>();
  const meta = obj(doc.metadata);
  const root = obj(meta?.component);
  const rootRef = str(root?.['bom-ref']);
  // Nested components (sub-assemblies) are components too: iterate with an explicit stack.
  const stack: unknown[] = [...arr(doc.components)].reverse();
  let listed = 0;
  while (stack.length > 0 && listed < MAX_COMPONENTS) {
    const c = obj(stack.pop());
    if (!c) continue;
    listed++;
    const nested = arr(c.components);
    for (let i = nested.length - 1; i >= 0; i--) stack.push(nested[i]);
    const purl = str(c.purl);
    if (!purl) {
      skips.add('no purl');
      continue;
    }
    const parsed = parsePurl(purl);
    if (typeof parsed === 'string') {
      skips.add(parsed);
      continue;
    }
    const ref = str(c['bom-ref']);
    if (ref) purlOfRef.set(ref, purl);
    const version = parsed.version ?? str(c.version) ?? '';
    const hashes: Hash[] = arr(c.hashes).flatMap((h) => {
      const o = obj(h);
      const alg = str(o?.alg);
      const content = str(o?.content);
      return alg && content ? [{ alg, content: content.toLowerCase() }] : [];
    });
    const licences = arr(c.licenses).flatMap((l) => {
      const o = obj(l);
      const expr = str(o?.expression);
      if (expr) return [expr];
      const lic = obj(o?.license);
      const t = str(lic?.id) ?? str(lic?.name);
      return t ? [t] : [];
    });
    const comp: Component = {
      ecosystem: parsed.ecosystem,
      name: parsed.name,
      version,
      pinned: version !== '',
      purl,
      scope: cdxScope[str(c.scope) ?? 'required'] ?? 'prod',
      ...sourceOf(parsed.qualifiers),
      location: { path },
      ...(hashes.length > 0 ? { hashes } : {}),
      ...(licences.length > 0 ? { license: licences[0] } : {}),
    };
    components.push(comp);
    // A component may list several licences; the component model carries one, the merge many.
    if (licences.length > 1) extraLicences.set(purl, licences.slice(1));
  }
  if (stack.length > 0) skips.add(`over ${MAX_COMPONENTS} components`);

  // Edges: bom-ref -> purl.
  const depsOf = new Map<string, string[]>();
  const rootDeps: string[] = [];
  for (const d of arr(doc.dependencies)) {
    const o = obj(d);
    const ref = str(o?.ref);
    if (!ref) continue;
    const targets = arr(o?.dependsOn).flatMap((t) => {
      const p = typeof t === 'string' ? purlOfRef.get(t) : undefined;
      return p ? [p] : [];
    });
    if (ref === rootRef) rootDeps.push(...targets);
    const from = purlOfRef.get(ref);
    if (from) depsOf.set(from, [...(depsOf.get(from) ?? []), ...targets]);
  }
  for (const c of components) {
    const deps = depsOf.get(c.purl);
    if (deps) c.dependsOn = deps;
  }
  const { components: merged, purlIndex } = mergeDetailed([
    { components, extractor: `sbom/cyclonedx-${specVersion}`, edgesKnown: depsOf.size > 0 },
  ]);
  const byPurl = new Map(merged.map((m) => [m.purl, m]));
  for (const [purl, extra] of extraLicences) {
    const m = byPurl.get(purlIndex.get(purl) ?? '');
    if (m) for (const l of extra) if (!m.licenses.includes(l)) m.licenses.push(l);
  }
  const name = str(root?.name);
  return {
    path,
    format: 'cyclonedx',
    specVersion,
    ...(name ? { product: { name, ...(str(root?.version) ? { version: str(root?.version)! } : {}) } } : {}),
    components: merged,
    rootDependsOn: [...new Set(rootDeps.flatMap((p) => purlIndex.get(p) ?? []))],
    notes: skips.notes('component'),
    listed,
  };
}

function fromSpdx(path: string, doc: Json, specVersion: string): IngestedSbom {
  const skips = new Skips();
  const components: Component[] = [];
  const purlOfId = new Map<string, string>();
  const relationships = arr(doc.relationships)
    .map(obj)
    .filter((r): r is Json => !!r);
  const described = new Set<string>([
    ...arr(doc.documentDescribes).filter((x): x is string => typeof x === 'string'),
    ...relationships
      .filter((r) => r.relationshipType === 'DESCRIBES' && r.spdxElementId === 'SPDXRef-DOCUMENT')
      .flatMap((r) => (typeof r.relatedSpdxElement === 'string' ? [r.relatedSpdxElement] : [])),
  ]);
  let product: { name: string; version?: string } | undefined;
  let listed = 0;
  for (const raw of arr(doc.packages).slice(0, MAX_COMPONENTS)) {
    const p = obj(raw);
    if (!p) continue;
    const id = str(p.SPDXID) ?? '';
    if (described.has(id)) {
      if (!product && str(p.name)) {
        product = { name: str(p.name)!, ...(str(p.versionInfo) ? { version: str(p.versionInfo)! } : {}) };
      }
      continue;
    }
    listed++;
    const purlRef = arr(p.externalRefs)
      .map(obj)
      .find((r) => r?.referenceType === 'purl' && typeof r.referenceLocator === 'string');
    const purl = str(purlRef?.referenceLocator);
    if (!purl) {
      skips.add('no purl');
      continue;
    }
    const parsed = parsePurl(purl);
    if (typeof parsed === 'string') {
      skips.add(parsed);
      continue;
    }
    purlOfId.set(id, purl);
    const version = parsed.version ?? str(p.versionInfo) ?? '';
    const hashes: Hash[] = arr(p.checksums).flatMap((h) => {
      const o = obj(h);
      const alg = spdxAlg[str(o?.algorithm) ?? ''];
      const content = str(o?.checksumValue);
      return alg && content ? [{ alg, content: content.toLowerCase() }] : [];
    });
    const declared = [str(p.licenseDeclared), str(p.licenseConcluded)].find(
      (l) => l && l !== 'NOASSERTION' && l !== 'NONE',
    );
    const download = str(p.downloadLocation);
    const source: { source: SourceKind; sourceRef?: string } =
      download && download !== 'NOASSERTION' && download !== 'NONE' && /^git\+/.test(download)
        ? { source: 'git', sourceRef: download }
        : sourceOf(parsed.qualifiers);
    components.push({
      ecosystem: parsed.ecosystem,
      name: parsed.name,
      version,
      pinned: version !== '',
      purl,
      scope: 'prod',
      ...source,
      location: { path },
      ...(hashes.length > 0 ? { hashes } : {}),
      ...(declared ? { license: declared } : {}),
    });
  }
  const rootDeps: string[] = [];
  const depsOf = new Map<string, string[]>();
  const scopeOf = new Map<string, Scope>();
  for (const r of relationships) {
    const a = str(r.spdxElementId) ?? '';
    const b = str(r.relatedSpdxElement) ?? '';
    const type = r.relationshipType;
    if (type === 'DEPENDS_ON') {
      const target = purlOfId.get(b);
      if (!target) continue;
      if (described.has(a)) rootDeps.push(target);
      const from = purlOfId.get(a);
      if (from) depsOf.set(from, [...(depsOf.get(from) ?? []), target]);
    } else if (
      type === 'DEV_DEPENDENCY_OF' ||
      type === 'OPTIONAL_DEPENDENCY_OF' ||
      type === 'DEPENDENCY_OF'
    ) {
      const dep = purlOfId.get(a);
      if (!dep) continue;
      if (type === 'DEV_DEPENDENCY_OF') scopeOf.set(dep, 'dev');
      if (type === 'OPTIONAL_DEPENDENCY_OF') scopeOf.set(dep, 'optional');
      if (described.has(b)) rootDeps.push(dep);
      const from = purlOfId.get(b);
      if (from) depsOf.set(from, [...(depsOf.get(from) ?? []), dep]);
    }
  }
  for (const c of components) {
    const deps = depsOf.get(c.purl);
    if (deps) c.dependsOn = deps;
    const s = scopeOf.get(c.purl);
    if (s) c.scope = s;
  }
  const { components: merged, purlIndex } = mergeDetailed([
    { components, extractor: `sbom/${specVersion}`, edgesKnown: depsOf.size > 0 },
  ]);
  const docName = str(doc.name);
  return {
    path,
    format: 'spdx',
    specVersion,
    ...(product ? { product } : docName ? { product: { name: docName } } : {}),
    components: merged,
    rootDependsOn: [...new Set(rootDeps.flatMap((p) => purlIndex.get(p) ?? []))],
    notes: skips.notes('package'),
    listed,
  };
}

/** SPDX 2.2 spells one external-reference category differently from 2.3. */
function normaliseSpdx22(doc: Json): number {
  let changed = 0;
  for (const raw of arr(doc.packages)) {
    for (const r of arr(obj(raw)?.externalRefs)) {
      const o = obj(r);
      if (o?.referenceCategory === 'PACKAGE_MANAGER') {
        o.referenceCategory = 'PACKAGE-MANAGER';
        changed++;
      } else if (o?.referenceCategory === 'PERSISTENT_ID') {
        o.referenceCategory = 'PERSISTENT-ID';
        changed++;
      }
    }
  }
  return changed;
}

async function readBounded(path: string, maxBytes: number): Promise<string | { error: string }> {
  let size: number;
  try {
    const s = await stat(path);
    if (!s.isFile()) return { error: 'not a regular file' };
    size = s.size;
  } catch (e) {
    return { error: `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
  }
  if (size > maxBytes) {
    return { error: `file is ${(size / 1048576).toFixed(1)} MiB, over the ${maxBytes / 1048576} MiB limit` };
  }
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(Math.min(size, maxBytes));
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    return buf.subarray(0, bytesRead).toString('utf8');
  } finally {
    await fh.close();
  }
}

export interface IngestOptions {
  maxBytes?: number;
  maxErrors?: number;
}

export async function ingestSbom(path: string, opts: IngestOptions = {}): Promise<IngestOutcome> {
  const maxBytes = opts.maxBytes ?? MAX_SBOM_BYTES;
  const maxErrors = opts.maxErrors ?? 10;
  const fail = (message: string, errors: SchemaError[] = []): IngestOutcome => ({
    ok: false,
    path,
    message: `${path}: ${message}`,
    errors,
  });
  let text: string | { error: string };
  try {
    text = await readBounded(path, maxBytes);
  } catch (e) {
    return fail(`cannot read: ${(e as Error).message}`);
  }
  if (typeof text !== 'string') return fail(text.error);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const depth = jsonDepth(text, MAX_JSON_DEPTH);
  if (depth > MAX_JSON_DEPTH)
    return fail(`JSON nested deeper than ${MAX_JSON_DEPTH} levels; not an SBOM vouch will read`);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return fail(`not valid JSON: ${(e as Error).message}`);
  }
  const top = obj(doc);
  if (!top) return fail('not a CycloneDX or SPDX JSON document (top level is not an object)');
  const size = Buffer.byteLength(text);

  if (top.bomFormat === 'CycloneDX' || typeof top.specVersion === 'string') {
    const v = str(top.specVersion);
    if (v !== '1.4' && v !== '1.5' && v !== '1.6') {
      return fail(
        `CycloneDX specVersion ${JSON.stringify(top.specVersion)} is not one vouch reads (1.4, 1.5, 1.6)`,
      );
    }
    const { validateCycloneDx } = await import('../../formats/cyclonedx/validate.js');
    let r = await validateCycloneDx(doc, v, { maxErrors });
    if (!r.valid && size <= FULL_ERRORS_MAX_BYTES)
      r = await validateCycloneDx(doc, v, { allErrors: true, maxErrors });
    if (!r.valid) return fail(`not valid against the ${r.schema}`, r.errors);
    return { ok: true, sbom: fromCycloneDx(path, top, v) };
  }
  if (typeof top.spdxVersion === 'string') {
    const v = top.spdxVersion;
    const notes: string[] = [];
    if (v === 'SPDX-2.2') {
      const n = normaliseSpdx22(top);
      notes.push(
        `SPDX 2.2 document validated against the SPDX 2.3 schema${n > 0 ? ` after respelling ${n} 2.2 reference categor${n === 1 ? 'y' : 'ies'} (PACKAGE_MANAGER -> PACKAGE-MANAGER)` : ''}`,
      );
    } else if (v !== 'SPDX-2.3') {
      return fail(`spdxVersion ${JSON.stringify(v)} is not one vouch reads (SPDX-2.3; SPDX-2.2 accepted)`);
    }
    const { validateSpdx } = await import('../../formats/spdx/validate.js');
    let r = await validateSpdx(doc, { maxErrors });
    if (!r.valid && size <= FULL_ERRORS_MAX_BYTES)
      r = await validateSpdx(doc, { allErrors: true, maxErrors });
    if (!r.valid) return fail(`not valid against the ${r.schema}`, r.errors);
    const sbom = fromSpdx(path, top, v);
    sbom.notes.unshift(...notes);
    return { ok: true, sbom };
  }
  return fail('not a CycloneDX (bomFormat) or SPDX (spdxVersion) JSON document');
}

/** "file: message" plus one line per schema error, for the CLI. */
export function formatIngestError(outcome: Extract<IngestOutcome, { ok: false }>): string {
  const lines = [outcome.message];
  for (const e of outcome.errors) lines.push(`  at ${e.path || '/'}: ${e.message}`);
  return lines.join('\n');
}
