/**
 * The OpenVEX 0.2.0 form of a CSAF advisory, for customers' scanners: one statement per
 * vulnerability and product status. A product is named by its purl when the advisory gives one
 * (a component inside a product version becomes the version with the component as a
 * subcomponent); otherwise by a URN made of the advisory's tracking id and the product id.
 * Spec: https://github.com/openvex/spec/blob/main/OPENVEX-SPEC.md
 */
type Json = Record<string, unknown>;

const obj = (v: unknown): Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {};
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const strs = (v: unknown): string[] => arr(v).filter((s): s is string => typeof s === 'string');

/** CSAF product status → OpenVEX status. */
const STATUS: [string, string][] = [
  ['known_affected', 'affected'],
  ['first_affected', 'affected'],
  ['last_affected', 'affected'],
  ['fixed', 'fixed'],
  ['first_fixed', 'fixed'],
  ['known_not_affected', 'not_affected'],
  ['under_investigation', 'under_investigation'],
];

interface ProductRef {
  '@id': string;
  identifiers?: { purl: string };
  subcomponents?: { '@id': string; identifiers: { purl: string } }[];
}

/** product id → how OpenVEX names it. */
function productIndex(doc: Json, trackingId: string): Map<string, ProductRef> {
  const purls = new Map<string, string>();
  const walk = (branches: unknown, depth: number) => {
    if (depth > 64) return;
    for (const b of arr(branches)) {
      const product = obj(obj(b).product);
      const purl = obj(product.product_identification_helper).purl;
      if (typeof product.product_id === 'string' && typeof purl === 'string')
        purls.set(product.product_id, purl);
      walk(obj(b).branches, depth + 1);
    }
  };
  const tree = obj(doc.product_tree);
  walk(tree.branches, 0);
  for (const p of arr(tree.full_product_names)) {
    const purl = obj(obj(p).product_identification_helper).purl;
    if (typeof obj(p).product_id === 'string' && typeof purl === 'string')
      purls.set(obj(p).product_id as string, purl);
  }
  const urn = (id: string) => `urn:csaf:${encodeURIComponent(trackingId)}:${encodeURIComponent(id)}`;
  const index = new Map<string, ProductRef>();
  const named = (id: string): ProductRef => {
    const purl = purls.get(id);
    return purl ? { '@id': purl, identifiers: { purl } } : { '@id': urn(id) };
  };
  for (const id of purls.keys()) index.set(id, named(id));
  for (const r of arr(tree.relationships)) {
    const rel = obj(r);
    const id = obj(rel.full_product_name).product_id;
    if (typeof id !== 'string' || typeof rel.relates_to_product_reference !== 'string') continue;
    const component =
      typeof rel.product_reference === 'string' ? purls.get(rel.product_reference) : undefined;
    const parent = named(rel.relates_to_product_reference);
    index.set(
      id,
      component
        ? { ...parent, subcomponents: [{ '@id': component, identifiers: { purl: component } }] }
        : parent,
    );
  }
  return index;
}

export function csafToOpenVex(csaf: Json, opts: { id: string }): Json {
  const document = obj(csaf.document);
  const tracking = obj(document.tracking);
  const trackingId = String(tracking.id ?? '');
  const index = productIndex(csaf, trackingId);
  const ref = (id: string): ProductRef =>
    index.get(id) ?? { '@id': `urn:csaf:${encodeURIComponent(trackingId)}:${encodeURIComponent(id)}` };
  const statements: Json[] = [];
  for (const v of arr(csaf.vulnerabilities).map(obj)) {
    const ids = arr(v.ids).map((i) => String(obj(i).text));
    const name = typeof v.cve === 'string' ? v.cve : ids[0];
    if (!name) continue;
    const aliases = typeof v.cve === 'string' ? ids : ids.slice(1);
    const vulnerability = { name, ...(aliases.length ? { aliases } : {}) };
    const status = obj(v.product_status);
    const flagOf = (id: string) =>
      arr(v.flags)
        .map(obj)
        .find((f) => strs(f.product_ids).includes(id))?.label;
    const impactOf = (id: string) =>
      arr(v.threats)
        .map(obj)
        .find((t) => t.category === 'impact' && strs(t.product_ids).includes(id))?.details;
    const actionOf = (id: string) =>
      arr(v.remediations)
        .map(obj)
        .find((r) => strs(r.product_ids).includes(id))?.details;
    for (const [key, vexStatus] of STATUS)
      for (const id of strs(status[key])) {
        const extra: Json = {};
        if (vexStatus === 'affected') extra.action_statement = actionOf(id) ?? 'No remediation is given yet.';
        if (vexStatus === 'not_affected') {
          const justification = flagOf(id);
          const impact = impactOf(id);
          if (justification) extra.justification = justification;
          if (impact) extra.impact_statement = impact;
        }
        statements.push({ vulnerability, products: [ref(id)], status: vexStatus, ...extra });
      }
  }
  const version = Number.parseInt(String(tracking.version ?? '1'), 10);
  return {
    '@context': 'https://openvex.dev/ns/v0.2.0',
    '@id': opts.id,
    author: String(obj(document.publisher).name ?? ''),
    timestamp: String(tracking.initial_release_date ?? tracking.current_release_date ?? ''),
    last_updated: String(tracking.current_release_date ?? ''),
    version: Number.isFinite(version) && version > 0 ? version : 1,
    tooling: 'vouch',
    statements,
  };
}
