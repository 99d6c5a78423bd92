/**
 * Builds an SPDX 2.3 JSON document from a merged composition.
 *
 * Choices:
 * - SPDXIDs: `SPDXRef-Package-` + the purl (without "pkg:", percent-decoded) with every run of
 *   characters outside [A-Za-z0-9.-] turned into one "-"; if two purls sanitise alike, the later one (in purl order) gets
 *   8 hex digits of the purl's SHA-256 appended. The product is `SPDXRef-Product`.
 * - Every package: externalRefs PACKAGE-MANAGER purl, checksums from the lockfile,
 *   licenseConcluded NOASSERTION (vouch concludes nothing), licenseDeclared from the lockfile
 *   (an SPDX expression as is; any other text as a LicenseRef- with its text in
 *   hasExtractedLicensingInfos; NOASSERTION when absent), downloadLocation the git/tarball URL
 *   when there is one, else NOASSERTION; the file locations in `comment`.
 * - Relationships: DOCUMENT DESCRIBES the product; the product DEPENDS_ON each direct dependency
 *   (DEV_DEPENDENCY_OF / OPTIONAL_DEPENDENCY_OF the product for dev / optional ones); DEPENDS_ON
 *   between packages where lockfiles record edges.
 * - documentNamespace: `https://vouch.invalid/spdx/<product>/<id>` (".invalid" is reserved, so it
 *   can never point at someone's host); <id> is a random UUID, or in deterministic mode the
 *   SHA-256 of the document body.
 * - created: now; in deterministic mode SOURCE_DATE_EPOCH, else the HEAD commit date, else
 *   1970-01-01T00:00:00Z (SPDX requires a creation date, so it cannot be omitted).
 */
import { randomUUID } from 'node:crypto';
import type { MergedComponent } from '../../composition/merge.js';
import { toSafeJson } from '../../util/sanitise.js';
import { VERSION } from '../../version.js';
import {
  coverageProblems,
  isoSeconds,
  type SbomInput,
  sha256Hex,
  urlOrUndefined,
} from '../cyclonedx/sbom-input.js';
import { classifyLicense } from './license.js';

type Json = Record<string, unknown>;

const CHECKSUM_ALGS: Record<string, string> = {
  'SHA-1': 'SHA1',
  'SHA-256': 'SHA256',
  'SHA-384': 'SHA384',
  'SHA-512': 'SHA512',
  MD5: 'MD5',
  'SHA3-256': 'SHA3-256',
  'SHA3-384': 'SHA3-384',
  'SHA3-512': 'SHA3-512',
  'BLAKE2b-256': 'BLAKE2b-256',
  'BLAKE2b-384': 'BLAKE2b-384',
  'BLAKE2b-512': 'BLAKE2b-512',
  BLAKE3: 'BLAKE3',
};

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sanitise(s: string): string {
  return s.replace(/[^A-Za-z0-9.-]/g, '-');
}

/** Collects non-SPDX licence texts as LicenseRef- entries. */
class ExtractedLicences {
  private byText = new Map<string, string>();
  private used = new Set<string>();

  ref(text: string): string {
    let id = this.byText.get(text);
    if (!id) {
      const base = `LicenseRef-${sanitise(text).replace(/-+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'unnamed'}`;
      id = base;
      if (this.used.has(id)) id = `${base}-${sha256Hex(text).slice(0, 8)}`;
      this.used.add(id);
      this.byText.set(text, id);
    }
    return id;
  }

  entries(): Json[] {
    return [...this.byText]
      .map(([text, id]) => ({ licenseId: id, extractedText: text, name: text }))
      .sort((a, b) => compare(a.licenseId, b.licenseId));
  }
}

function declared(texts: readonly string[], extracted: ExtractedLicences): string {
  if (texts.length === 0) return 'NOASSERTION';
  const parts = texts.map((t) => {
    const f = classifyLicense(t);
    if (f.kind === 'id') return f.id;
    if (f.kind === 'expression') return texts.length > 1 ? `(${f.expression})` : f.expression;
    return extracted.ref(f.name);
  });
  return parts.join(' AND ');
}

function purpose(c: MergedComponent): string {
  if (c.ecosystem === 'docker') return 'CONTAINER';
  if (c.ecosystem === 'github-actions') return 'APPLICATION';
  return 'LIBRARY';
}

function commentOf(c: MergedComponent): string {
  const locs = [...new Set(c.occurrences.map((o) => (o.line ? `${o.path}:${o.line}` : o.path)))];
  const bits = [`found in ${locs.join(', ')}`, `scope ${c.scope}`];
  if (!c.pinned) bits.push(`not pinned: declared as ${JSON.stringify(c.version)}`);
  for (const s of c.sources)
    bits.push(`source ${s.kind}${s.ref ? ` ${s.ref}` : ''}${s.commit ? `#${s.commit}` : ''}`);
  return `vouch: ${bits.join('; ')}`;
}

export function buildSpdx(input: SbomInput): Json {
  const { product } = input;
  const productName = product.name || 'product';
  const productId = 'SPDXRef-Product';
  const extracted = new ExtractedLicences();
  const sorted = [...input.components].sort((a, b) => compare(a.purl, b.purl));

  const idOfPurl = new Map<string, string>();
  const usedIds = new Set<string>(['SPDXRef-DOCUMENT', productId]);
  const packages: Json[] = [];

  const root: Json = {
    name: productName,
    SPDXID: productId,
  };
  if (product.version) root.versionInfo = product.version;
  if (product.supplier?.name) root.supplier = `Organization: ${oneLine(product.supplier.name)}`;
  root.downloadLocation = 'NOASSERTION';
  root.filesAnalyzed = false;
  root.licenseConcluded = 'NOASSERTION';
  root.licenseDeclared = product.license ? declared([product.license], extracted) : 'NOASSERTION';
  root.copyrightText = 'NOASSERTION';
  root.primaryPackagePurpose = 'APPLICATION';
  packages.push(root);

  const pkgs: { id: string; c: MergedComponent }[] = [];
  for (const c of sorted) {
    let id = `SPDXRef-Package-${idPart(c.purl)}`;
    if (usedIds.has(id)) id = `${id}-${sha256Hex(c.purl).slice(0, 8)}`;
    for (let n = 2; usedIds.has(id); n++) id = `${id}-${n}`;
    usedIds.add(id);
    if (!idOfPurl.has(c.purl)) idOfPurl.set(c.purl, id);
    pkgs.push({ id, c });
    const p: Json = { name: c.name, SPDXID: id };
    if (c.pinned && c.version) p.versionInfo = c.version;
    const src = c.sources.find((s) => (s.kind === 'git' || s.kind === 'url') && urlOrUndefined(s.ref));
    p.downloadLocation = src?.ref ?? 'NOASSERTION';
    p.filesAnalyzed = false;
    const checksums = c.hashes
      .filter((h) => CHECKSUM_ALGS[h.alg] && /^[a-f0-9]+$/.test(h.content))
      .map((h) => ({ algorithm: CHECKSUM_ALGS[h.alg]!, checksumValue: h.content }))
      .sort((a, b) => compare(`${a.algorithm}${a.checksumValue}`, `${b.algorithm}${b.checksumValue}`));
    if (checksums.length > 0) p.checksums = checksums;
    p.licenseConcluded = 'NOASSERTION';
    p.licenseDeclared = declared(c.licenses, extracted);
    p.copyrightText = 'NOASSERTION';
    p.externalRefs = [
      { referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: c.purl },
    ];
    p.primaryPackagePurpose = purpose(c);
    p.comment = commentOf(c);
    packages.push(p);
  }

  const relationships: Json[] = [
    { spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: productId },
  ];
  const byPurl = new Map(input.components.map((c) => [c.purl, c]));
  const rootRels: Json[] = [];
  for (const purl of new Set(input.rootDependsOn)) {
    const id = idOfPurl.get(purl);
    const c = byPurl.get(purl);
    if (!id || !c) continue;
    if (c.scope === 'dev') {
      rootRels.push({
        spdxElementId: id,
        relationshipType: 'DEV_DEPENDENCY_OF',
        relatedSpdxElement: productId,
      });
    } else if (c.scope === 'optional') {
      rootRels.push({
        spdxElementId: id,
        relationshipType: 'OPTIONAL_DEPENDENCY_OF',
        relatedSpdxElement: productId,
      });
    } else {
      rootRels.push({ spdxElementId: productId, relationshipType: 'DEPENDS_ON', relatedSpdxElement: id });
    }
  }
  const edgeRels: Json[] = [];
  for (const { id, c } of pkgs) {
    for (const d of new Set(c.dependsOn)) {
      const target = idOfPurl.get(d);
      if (target && target !== id) {
        edgeRels.push({ spdxElementId: id, relationshipType: 'DEPENDS_ON', relatedSpdxElement: target });
      }
    }
  }
  const relKey = (r: Json) => `${r.spdxElementId}\0${r.relationshipType}\0${r.relatedSpdxElement}`;
  rootRels.sort((a, b) => compare(relKey(a), relKey(b)));
  edgeRels.sort((a, b) => compare(relKey(a), relKey(b)));
  relationships.push(...rootRels, ...edgeRels);

  const creators = [`Tool: vouch-${input.toolVersion ?? VERSION}`];
  if (product.supplier?.name) creators.push(`Organization: ${oneLine(product.supplier.name)}`);
  const created = input.deterministic
    ? (input.sourceDate ?? '1970-01-01T00:00:00Z')
    : isoSeconds(input.now ?? new Date());
  const problems = coverageProblems(input.coverage);
  const creationInfo: Json = { created, creators };
  if (problems.length > 0) {
    creationInfo.comment = `vouch could not read ${problems.length} package-manager file(s); their components are missing: ${problems
      .map((p) => p.path)
      .join(', ')}`;
  }
  const licences = extracted.entries();
  const body: Json = {
    creationInfo,
    packages,
    relationships,
    ...(licences.length > 0 ? { hasExtractedLicensingInfos: licences } : {}),
  };
  const unique = input.deterministic ? sha256Hex(JSON.stringify(body)) : randomUUID();
  const nsName = encodeURIComponent(`${productName}${product.version ? `-${product.version}` : ''}`);
  return {
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name: `${productName}${product.version ? ` ${product.version}` : ''} SBOM`,
    documentNamespace: `https://vouch.invalid/spdx/${nsName}/${unique}`,
    ...body,
  };
}

/** Readable id text from a purl: percent-decoded, runs of other characters as one "-". */
function idPart(purl: string): string {
  let text = purl.replace(/^pkg:/, '');
  try {
    text = decodeURIComponent(text);
  } catch {
    // Malformed escapes: sanitise the raw text.
  }
  return sanitise(text).replace(/-+/g, '-').replace(/^-|-$/g, '') || 'package';
}

function oneLine(s: string): string {
  return s.replace(/[\r\n]+/g, ' ');
}

/** JSON text with a final newline; compact unless `pretty` (two-space indents). */
export function serializeSpdx(doc: Json, opts: { pretty?: boolean } = {}): string {
  return `${toSafeJson(doc, opts.pretty ? 2 : undefined)}\n`;
}
