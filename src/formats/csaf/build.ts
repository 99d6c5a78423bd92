/**
 * A CSAF 2.0 document (csaf_security_advisory or csaf_vex) from an advisory draft, vouch.yaml's
 * product and vendor, and the SBOM's components. vouch numbers the products, builds the product
 * tree (vendor → product → version; vulnerable components as components of each version that
 * contains them), computes every CVSS object from its vector and writes the first revision.
 * Structure: https://docs.oasis-open.org/csaf/csaf/v2.0/os/csaf-v2.0-os.html
 */
import { cvssV3Object } from './cvss.js';
import type { AdvisoryDraft, DraftVulnerability } from './draft.js';

/** A component as the SBOM lists it. */
export interface SbomComponent {
  name: string;
  version?: string;
  purl: string;
}

export interface BuildContext {
  trackingId: string;
  /** RFC 3339, UTC: the release date of this first revision. */
  now: string;
  product: { name: string };
  /** The publisher; `namespace` is the vendor's URL. */
  vendor: { name: string; namespace: string };
  generator: { name: string; version: string };
  /** The product's own purl (from the SBOM's metadata component), to identify each version. */
  productPurl?: string;
  /** Components of the product (from its SBOM); a draft's components must be among them. */
  sbomComponents?: SbomComponent[];
  /** Where the published document will be (a `self` reference). */
  selfUrl?: string;
}

export class AdvisoryBuildError extends Error {}

type Json = Record<string, unknown>;

/** A purl with its version replaced (or added). */
function purlAtVersion(purl: string, version: string): string {
  const [head, ...rest] = purl.split(/(?=[?#])/);
  const base = (head as string).replace(/@[^/@]*$/, '');
  return `${base}@${encodeURIComponent(version)}${rest.join('')}`;
}

const purlBase = (purl: string) => (purl.split(/[?#]/)[0] as string).replace(/@[^/@]*$/, '');

function findComponent(purl: string, components: SbomComponent[] | undefined): SbomComponent {
  if (!components) {
    const name = decodeURIComponent(purlBase(purl).split('/').at(-1) ?? purl);
    const version = /@([^/@?#]+)(?:[?#]|$)/.exec(purl)?.[1];
    return { name, ...(version ? { version: decodeURIComponent(version) } : {}), purl };
  }
  const exact = components.find((c) => c.purl === purl);
  if (exact) return exact;
  const sameBase = components.filter((c) => purlBase(c.purl) === purlBase(purl));
  if (sameBase.length === 1) return sameBase[0] as SbomComponent;
  throw new AdvisoryBuildError(
    sameBase.length
      ? `component ${purl} matches ${sameBase.length} SBOM components; give the purl with its version`
      : `component ${purl} is not in the SBOM`,
  );
}

/** Product ids: one per product version, one per (component, version) pair. */
class ProductIds {
  private readonly versions = new Map<string, string>();
  private readonly components = new Map<string, string>();
  private readonly pairs = new Map<string, string>();
  /** The id under `key` in `map`, made by `make(n)` (n counts from 1) the first time. */
  private static idFor(map: Map<string, string>, key: string, make: (n: string) => string): string {
    const known = map.get(key);
    if (known) return known;
    const id = make(String(map.size + 1).padStart(4, '0'));
    map.set(key, id);
    return id;
  }
  version(v: string): string {
    return ProductIds.idFor(this.versions, v, (n) => `CSAFPID-${n}`);
  }
  component(purl: string): string {
    return ProductIds.idFor(this.components, purl, (n) => `CSAFPID-C${n}`);
  }
  pair(componentPurl: string, version: string): string {
    return ProductIds.idFor(
      this.pairs,
      `${componentPurl}\u0000${version}`,
      () => `${this.component(componentPurl)}-IN-${this.version(version)}`,
    );
  }
  allVersions(): [string, string][] {
    return [...this.versions];
  }
}

function defaultRemediation(v: DraftVulnerability): NonNullable<DraftVulnerability['remediation']> {
  return v.fixed.length
    ? { category: 'vendor_fix', details: `Update to ${v.fixed.join(' or ')}.` }
    : {
        category: 'none_available',
        details: 'No fix is available yet; this advisory will be updated when one is.',
      };
}

export function buildCsaf(draft: AdvisoryDraft, ctx: BuildContext): Json {
  const ids = new ProductIds();
  const componentsUsed = new Map<string, SbomComponent>();
  const relationships: Json[] = [];

  const vulnerabilities = draft.vulnerabilities.map((v) => {
    const components = v.components.map((p) => findComponent(p, ctx.sbomComponents));
    for (const c of components) componentsUsed.set(c.purl, c);
    // With vulnerable components named, what is affected is each component inside each version.
    const affectedIds = v.affected.flatMap((version) =>
      components.length ? components.map((c) => ids.pair(c.purl, version)) : [ids.version(version)],
    );
    for (const version of v.affected)
      for (const c of components) {
        const id = ids.pair(c.purl, version);
        if (relationships.some((r) => (r.full_product_name as Json).product_id === id)) continue;
        relationships.push({
          category: 'default_component_of',
          product_reference: ids.component(c.purl),
          relates_to_product_reference: ids.version(version),
          full_product_name: {
            name: `${c.name}${c.version ? ` ${c.version}` : ''} in ${ctx.product.name} ${version}`,
            product_id: id,
          },
        });
      }
    const fixedIds = v.fixed.map((x) => ids.version(x));
    const notAffectedIds = v.notAffected.map((n) => ids.version(n.version));
    const investigatingIds = v.underInvestigation.map((x) => ids.version(x));
    const remediation = v.remediation ?? defaultRemediation(v);
    const score = v.cvss ? cvssV3Object(v.cvss) : undefined;
    if (v.cvss && !score) throw new AdvisoryBuildError(`${v.cvss} is not a complete CVSS 3.x base vector`);

    const flags = v.notAffected
      .filter((n) => n.justification)
      .map((n) => ({ label: n.justification, product_ids: [ids.version(n.version)] }));
    const impacts = v.notAffected
      .filter((n) => n.impact)
      .map((n) => ({ category: 'impact', details: n.impact, product_ids: [ids.version(n.version)] }));

    const productStatus: Json = {};
    if (affectedIds.length) productStatus.known_affected = affectedIds;
    if (fixedIds.length) productStatus.fixed = fixedIds;
    if (notAffectedIds.length) productStatus.known_not_affected = notAffectedIds;
    if (investigatingIds.length) productStatus.under_investigation = investigatingIds;

    return {
      ...(v.cve ? { cve: v.cve } : {}),
      ...(v.ids.length ? { ids: v.ids.map((i) => ({ system_name: i.system, text: i.text })) } : {}),
      ...(v.title ? { title: v.title } : {}),
      ...(v.cwe ? { cwe: v.cwe } : {}),
      notes: [{ category: 'description', title: 'Description', text: v.description }],
      product_status: productStatus,
      ...(score && affectedIds.length ? { scores: [{ cvss_v3: score, products: affectedIds }] } : {}),
      ...(affectedIds.length
        ? {
            remediations: [
              {
                category: remediation.category,
                details: remediation.details,
                product_ids: affectedIds,
                ...(remediation.url ? { url: remediation.url } : {}),
              },
            ],
          }
        : {}),
      ...(flags.length ? { flags } : {}),
      ...(impacts.length ? { threats: impacts } : {}),
    };
  });

  const versionBranches = ids.allVersions().map(([version, id]) => ({
    category: 'product_version',
    name: version,
    product: {
      name: `${ctx.product.name} ${version}`,
      product_id: id,
      ...(ctx.productPurl
        ? { product_identification_helper: { purl: purlAtVersion(ctx.productPurl, version) } }
        : {}),
    },
  }));
  const componentNames = [...componentsUsed.values()].map((c) => ({
    name: `${c.name}${c.version ? ` ${c.version}` : ''}`,
    product_id: ids.component(c.purl),
    product_identification_helper: { purl: c.purl },
  }));

  const version = draft.status === 'draft' ? '0' : '1';
  return {
    document: {
      category: draft.category === 'vex' ? 'csaf_vex' : 'csaf_security_advisory',
      csaf_version: '2.0',
      lang: draft.lang,
      title: draft.title,
      publisher: { category: 'vendor', name: ctx.vendor.name, namespace: ctx.vendor.namespace },
      ...(draft.tlp ? { distribution: { tlp: { label: draft.tlp } } } : {}),
      notes: [{ category: 'summary', title: 'Summary', text: draft.summary }],
      ...(draft.acknowledgments.length ? { acknowledgments: draft.acknowledgments } : {}),
      ...(draft.references.length || ctx.selfUrl
        ? {
            references: [
              ...(ctx.selfUrl ? [{ category: 'self', summary: 'This advisory', url: ctx.selfUrl }] : []),
              ...draft.references.map((r) => ({ category: 'external', summary: r.summary, url: r.url })),
            ],
          }
        : {}),
      tracking: {
        id: ctx.trackingId,
        status: draft.status,
        version,
        initial_release_date: ctx.now,
        current_release_date: ctx.now,
        revision_history: [{ date: ctx.now, number: version, summary: 'Initial release.' }],
        generator: { date: ctx.now, engine: ctx.generator },
      },
    },
    product_tree: {
      branches: [
        {
          category: 'vendor',
          name: ctx.vendor.name,
          branches: [{ category: 'product_name', name: ctx.product.name, branches: versionBranches }],
        },
      ],
      ...(componentNames.length ? { full_product_names: componentNames } : {}),
      ...(relationships.length ? { relationships } : {}),
    },
    vulnerabilities,
  };
}

/** The file name CSAF gives a document: its tracking id, lower case, other characters as `_`. */
export function csafFileName(trackingId: string): string {
  return `${trackingId.toLowerCase().replace(/[^+\-a-z0-9]+/g, '_')}.json`;
}
