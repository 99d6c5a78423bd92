/**
 * CSAF 2.0 mandatory tests (section 6.1 of the standard), vouch's own implementation, checked
 * against the OASIS test documents (conformance.test.ts). A document is read as untrusted JSON:
 * every access is guarded, nothing in it is executed. Tests not implemented are listed in
 * NOT_IMPLEMENTED with the reason.
 * Standard: https://docs.oasis-open.org/csaf/csaf/v2.0/os/csaf-v2.0-os.html#61-mandatory-tests
 */

import { isValidPurl } from '../../composition/purl-check.js';
import { isLanguageTag } from '../securitytxt/language-tag.js';
import { cvssObjectProblems } from './cvss.js';
import { compareVersions, type DocVersion, parseVersion, versionCore } from './versions.js';

export type JsonPath = (string | number)[];

export interface TestFailure {
  test: string;
  path: JsonPath;
  message: string;
}

type Obj = Record<string, unknown>;

const obj = (v: unknown): Obj | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined;
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** A value found at a path. */
interface At<T> {
  value: T;
  path: JsonPath;
}

/** Every Full Product Name in the product tree: branches (any depth), the list, relationships. */
function fullProductNames(doc: Obj): At<Obj>[] {
  const out: At<Obj>[] = [];
  const tree = obj(doc.product_tree);
  if (!tree) return out;
  const walk = (branches: unknown, path: JsonPath, depth: number) => {
    // The schema allows deep nesting; a hostile document cannot make the walk unbounded.
    if (depth > 64) return;
    arr(branches).forEach((b, i) => {
      const branch = obj(b);
      if (!branch) return;
      const product = obj(branch.product);
      if (product) out.push({ value: product, path: [...path, i, 'product'] });
      walk(branch.branches, [...path, i, 'branches'], depth + 1);
    });
  };
  walk(tree.branches, ['product_tree', 'branches'], 0);
  arr(tree.full_product_names).forEach((p, i) => {
    const product = obj(p);
    if (product) out.push({ value: product, path: ['product_tree', 'full_product_names', i] });
  });
  arr(tree.relationships).forEach((r, i) => {
    const product = obj(obj(r)?.full_product_name);
    if (product)
      out.push({ value: product, path: ['product_tree', 'relationships', i, 'full_product_name'] });
  });
  return out;
}

/** Every branch, with its path. */
function branches(doc: Obj): At<Obj>[] {
  const out: At<Obj>[] = [];
  const walk = (list: unknown, path: JsonPath, depth: number) => {
    if (depth > 64) return;
    arr(list).forEach((b, i) => {
      const branch = obj(b);
      if (!branch) return;
      out.push({ value: branch, path: [...path, i] });
      walk(branch.branches, [...path, i, 'branches'], depth + 1);
    });
  };
  walk(obj(doc.product_tree)?.branches, ['product_tree', 'branches'], 0);
  return out;
}

const vulnerabilities = (doc: Obj): At<Obj>[] =>
  arr(doc.vulnerabilities).flatMap((v, i) => {
    const o = obj(v);
    return o ? [{ value: o, path: ['vulnerabilities', i] as JsonPath }] : [];
  });

const STATUS_KEYS = [
  'first_affected',
  'first_fixed',
  'fixed',
  'known_affected',
  'known_not_affected',
  'last_affected',
  'recommended',
  'under_investigation',
] as const;

/** Strings of a list, with their paths. */
const strings = (v: unknown, path: JsonPath): At<string>[] =>
  arr(v).flatMap((s, i) => (typeof s === 'string' ? [{ value: s, path: [...path, i] }] : []));

/** Every reference to a product id outside a Full Product Name (6.1.1's paths, flags included). */
function productReferences(doc: Obj): At<string>[] {
  const out: At<string>[] = [];
  const tree = obj(doc.product_tree);
  arr(tree?.product_groups).forEach((g, i) => {
    out.push(...strings(obj(g)?.product_ids, ['product_tree', 'product_groups', i, 'product_ids']));
  });
  arr(tree?.relationships).forEach((r, i) => {
    const rel = obj(r);
    for (const key of ['product_reference', 'relates_to_product_reference']) {
      const ref = str(rel?.[key]);
      if (ref !== undefined) out.push({ value: ref, path: ['product_tree', 'relationships', i, key] });
    }
  });
  for (const { value: v, path } of vulnerabilities(doc)) {
    const status = obj(v.product_status);
    for (const key of STATUS_KEYS) out.push(...strings(status?.[key], [...path, 'product_status', key]));
    for (const [list, key] of [
      ['remediations', 'product_ids'],
      ['scores', 'products'],
      ['threats', 'product_ids'],
      ['flags', 'product_ids'],
    ] as const)
      arr(v[list]).forEach((item, i) => {
        out.push(...strings(obj(item)?.[key], [...path, list, i, key]));
      });
  }
  return out;
}

function groupReferences(doc: Obj): At<string>[] {
  const out: At<string>[] = [];
  for (const { value: v, path } of vulnerabilities(doc))
    for (const list of ['remediations', 'threats', 'flags'] as const)
      arr(v[list]).forEach((item, i) => {
        out.push(...strings(obj(item)?.group_ids, [...path, list, i, 'group_ids']));
      });
  return out;
}

/** group_id → its product ids. */
function groupMembers(doc: Obj): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const g of arr(obj(doc.product_tree)?.product_groups)) {
    const id = str(obj(g)?.group_id);
    if (id !== undefined)
      groups.set(id, [...(groups.get(id) ?? []), ...strings(obj(g)?.product_ids, []).map((s) => s.value)]);
  }
  return groups;
}

/** The products an item names directly (`productKey`) and through its group_ids. */
function productsOf(item: Obj | undefined, productKey: string, groups: Map<string, string[]>): Set<string> {
  const out = new Set(strings(item?.[productKey], []).map((s) => s.value));
  for (const g of strings(item?.group_ids, [])) for (const p of groups.get(g.value) ?? []) out.add(p);
  return out;
}

interface RevisionItem {
  index: number;
  date: [number, number];
  number: DocVersion | undefined;
  raw: unknown;
}

/**
 * A date-time as [whole seconds since the epoch, fraction of a second], so that fractions finer
 * than a millisecond still order (the OASIS documents rely on it).
 */
function instant(text: string | undefined): [number, number] {
  const m = /^(.*T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(.*)$/.exec(text ?? '');
  if (!m) return [Number.NaN, 0];
  return [Date.parse(`${m[1]}${m[3]}`) / 1000, m[2] ? Number(`0.${m[2]}`) : 0];
}
const compareInstants = (a: [number, number], b: [number, number]) => a[0] - b[0] || a[1] - b[1];

/**
 * The revision history sorted ascending by date; items of the same date by number (as the
 * OASIS expected results read "sorted by date" for ties), then in document order.
 */
function revisionsByDate(doc: Obj): RevisionItem[] {
  const items = arr(obj(obj(doc.document)?.tracking)?.revision_history).map((r, index) => {
    const item = obj(r);
    return { index, date: instant(str(item?.date)), number: parseVersion(item?.number), raw: item?.number };
  });
  return items.sort(
    (a, b) =>
      compareInstants(a.date, b.date) ||
      (a.number && b.number ? compareVersions(a.number, b.number) : 0) ||
      a.index - b.index,
  );
}

const tracking = (doc: Obj) => obj(obj(doc.document)?.tracking);
const revisionPath = (i: number): JsonPath => ['document', 'tracking', 'revision_history', i, 'number'];
const isZero = (v: DocVersion | undefined) => v !== undefined && v.major === 0;

/** ISO 3166-1 user-assigned codes, which BCP 47 allows as private-use regions. */
const PRIVATE_USE_REGION = /^(AA|Q[M-Z]|X[A-Z]|ZZ)$/;
const languageNames = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });
const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });

/**
 * Well-formed (RFC 5646) and, as far as the runtime's locale data can tell, existing: a
 * two-letter language or region subtag unknown to ICU does not exist in ISO 639-1 / 3166-1.
 * Three-letter languages are accepted unchecked (ICU does not list all of ISO 639-3).
 */
export function languageExists(tag: string): boolean {
  if (!isLanguageTag(tag)) return false;
  const parts = tag.split('-');
  const primary = (parts[0] as string).toLowerCase();
  if (primary === 'x' || primary === 'i') return true;
  if (primary.length === 2 && languageNames.of(primary) === undefined) return false;
  const region = parts
    .slice(1)
    .find((p) => /^[a-z]{2}$/i.test(p))
    ?.toUpperCase();
  if (region && !PRIVATE_USE_REGION.test(region) && regionNames.of(region) === undefined) return false;
  return true;
}

const PROFILE_CATEGORIES = [
  'csaf_base',
  'csaf_security_incident_response',
  'csaf_informational_advisory',
  'csaf_security_advisory',
  'csaf_vex',
];
/** Names and values of the profiles other than CSAF Base, normalised as 6.1.26 says. */
const normaliseCategory = (s: string) => s.toLowerCase().replace(/[-\s_]/g, '');
const RESERVED_CATEGORY_NAMES = new Set(
  [
    'security incident response',
    'informational advisory',
    'security advisory',
    'vex',
    ...PROFILE_CATEGORIES.slice(1),
  ].map(normaliseCategory),
);

/**
 * 6.1.31 as CSAF 2.1 refines it (and the OASIS 2.0 expected results follow: "after-eight" is a
 * version): the operators anywhere, the keywords only as whole whitespace-separated words.
 */
const VERSION_RANGE_OPERATORS = ['<', '>'];
const VERSION_RANGE_WORDS = new Set(['after', 'all', 'before', 'earlier', 'later', 'prior', 'versions']);
function versionRangeMarker(name: string): string | undefined {
  const lower = name.toLowerCase();
  return (
    VERSION_RANGE_OPERATORS.find((o) => lower.includes(o)) ??
    lower.split(/\s+/).find((w) => VERSION_RANGE_WORDS.has(w))
  );
}

export interface MandatoryTest {
  id: string;
  title: string;
  run: (doc: Obj) => { path: JsonPath; message: string }[];
}

const category = (doc: Obj) => str(obj(doc.document)?.category);

/** A profile test: runs only for the listed document categories. */
function forCategories(categories: string[], run: MandatoryTest['run']): MandatoryTest['run'] {
  return (doc) => (categories.includes(category(doc) ?? '') ? run(doc) : []);
}

const ADVISORY_AND_VEX = ['csaf_security_advisory', 'csaf_vex'];
const INFORMATIONAL_AND_INCIDENT = ['csaf_informational_advisory', 'csaf_security_incident_response'];

export const MANDATORY_TESTS: MandatoryTest[] = [
  {
    id: '6.1.1',
    title: 'Missing Definition of Product ID',
    run: (doc) => {
      const defined = new Set(fullProductNames(doc).map((p) => str(p.value.product_id)));
      return productReferences(doc)
        .filter((r) => !defined.has(r.value))
        .map((r) => ({ path: r.path, message: `product id ${r.value} is not defined in the product tree` }));
    },
  },
  {
    id: '6.1.2',
    title: 'Multiple Definition of Product ID',
    run: (doc) => {
      const seen = new Set<string>();
      const out: ReturnType<MandatoryTest['run']> = [];
      for (const p of fullProductNames(doc)) {
        const id = str(p.value.product_id);
        if (id === undefined) continue;
        if (seen.has(id))
          out.push({
            path: [...p.path, 'product_id'],
            message: `product id ${id} is defined more than once`,
          });
        seen.add(id);
      }
      return out;
    },
  },
  {
    id: '6.1.3',
    title: 'Circular Definition of Product ID',
    run: (doc) => {
      // Each relationship defines a product from two others; a definition may not depend on itself.
      const dependsOn = new Map<string, string[]>();
      const defined: At<string>[] = [];
      arr(obj(doc.product_tree)?.relationships).forEach((r, i) => {
        const rel = obj(r);
        const id = str(obj(rel?.full_product_name)?.product_id);
        if (id === undefined) return;
        const refs = [str(rel?.product_reference), str(rel?.relates_to_product_reference)].filter(
          (x): x is string => x !== undefined,
        );
        dependsOn.set(id, [...(dependsOn.get(id) ?? []), ...refs]);
        defined.push({
          value: id,
          path: ['product_tree', 'relationships', i, 'full_product_name', 'product_id'],
        });
      });
      const reachesItself = (start: string): boolean => {
        const seen = new Set<string>();
        const stack = [...(dependsOn.get(start) ?? [])];
        while (stack.length) {
          const next = stack.pop() as string;
          if (next === start) return true;
          if (seen.has(next)) continue;
          seen.add(next);
          stack.push(...(dependsOn.get(next) ?? []));
        }
        return false;
      };
      return defined
        .filter((d) => reachesItself(d.value))
        .map((d) => ({ path: d.path, message: `product id ${d.value} is defined in terms of itself` }));
    },
  },
  {
    id: '6.1.4',
    title: 'Missing Definition of Product Group ID',
    run: (doc) => {
      const defined = groupMembers(doc);
      return groupReferences(doc)
        .filter((r) => !defined.has(r.value))
        .map((r) => ({ path: r.path, message: `product group id ${r.value} is not defined` }));
    },
  },
  {
    id: '6.1.5',
    title: 'Multiple Definition of Product Group ID',
    run: (doc) => {
      const seen = new Set<string>();
      const out: ReturnType<MandatoryTest['run']> = [];
      arr(obj(doc.product_tree)?.product_groups).forEach((g, i) => {
        const id = str(obj(g)?.group_id);
        if (id === undefined) return;
        if (seen.has(id))
          out.push({
            path: ['product_tree', 'product_groups', i, 'group_id'],
            message: `product group id ${id} is defined more than once`,
          });
        seen.add(id);
      });
      return out;
    },
  },
  {
    id: '6.1.6',
    title: 'Contradicting Product Status',
    run: (doc) => {
      const groups: Record<string, string[]> = {
        affected: ['first_affected', 'known_affected', 'last_affected'],
        'not affected': ['known_not_affected'],
        fixed: ['first_fixed', 'fixed'],
        'under investigation': ['under_investigation'],
      };
      const out: ReturnType<MandatoryTest['run']> = [];
      for (const { value: v, path } of vulnerabilities(doc)) {
        const status = obj(v.product_status);
        const groupOf = new Map<string, string>();
        for (const [group, keys] of Object.entries(groups))
          for (const key of keys)
            for (const p of strings(status?.[key], [...path, 'product_status', key])) {
              const earlier = groupOf.get(p.value);
              if (earlier !== undefined && earlier !== group)
                out.push({ path: p.path, message: `product ${p.value} is both ${earlier} and ${group}` });
              else groupOf.set(p.value, group);
            }
      }
      return out;
    },
  },
  {
    id: '6.1.7',
    title: 'Multiple Scores with same Version per Product',
    run: (doc) => {
      const out: ReturnType<MandatoryTest['run']> = [];
      for (const { value: v, path } of vulnerabilities(doc)) {
        const seen = new Set<string>();
        arr(v.scores).forEach((s, i) => {
          const score = obj(s);
          const versions = [str(obj(score?.cvss_v2)?.version), str(obj(score?.cvss_v3)?.version)].filter(
            (x): x is string => x !== undefined,
          );
          for (const p of strings(score?.products, [...path, 'scores', i, 'products']))
            for (const version of versions) {
              const key = `${p.value}\u0000${version}`;
              if (seen.has(key))
                out.push({
                  path: p.path,
                  message: `product ${p.value} has more than one CVSS ${version} score`,
                });
              seen.add(key);
            }
        });
      }
      return out;
    },
  },
  ...(['6.1.8', '6.1.9', '6.1.10'] as const).map(
    (id): MandatoryTest => ({
      id,
      title: { '6.1.8': 'Invalid CVSS', '6.1.9': 'Invalid CVSS computation', '6.1.10': 'Inconsistent CVSS' }[
        id
      ],
      run: (doc) =>
        vulnerabilities(doc).flatMap(({ value: v, path }) =>
          arr(v.scores).flatMap((s, i) =>
            (['cvss_v2', 'cvss_v3'] as const).flatMap((key) => {
              const cvss = obj(s)?.[key];
              if (cvss === undefined) return [];
              return cvssObjectProblems(key, cvss)[
                id === '6.1.8' ? 'schema' : id === '6.1.9' ? 'computation' : 'consistency'
              ].map((message) => ({
                path: [...path, 'scores', i, key],
                message,
              }));
            }),
          ),
        ),
    }),
  ),
  {
    id: '6.1.12',
    title: 'Language',
    run: (doc) =>
      (['lang', 'source_lang'] as const).flatMap((key) => {
        const tag = str(obj(doc.document)?.[key]);
        return tag !== undefined && !languageExists(tag)
          ? [
              {
                path: ['document', key],
                message: `${tag} is not a valid language tag of an existing language`,
              },
            ]
          : [];
      }),
  },
  {
    id: '6.1.13',
    title: 'PURL',
    run: (doc) =>
      fullProductNames(doc).flatMap((p) => {
        const purl = str(obj(p.value.product_identification_helper)?.purl);
        return purl !== undefined && !isValidPurl(purl)
          ? [
              {
                path: [...p.path, 'product_identification_helper', 'purl'],
                message: `${purl} is not a valid purl`,
              },
            ]
          : [];
      }),
  },
  {
    id: '6.1.14',
    title: 'Sorted Revision History',
    run: (doc) => {
      const sorted = revisionsByDate(doc);
      for (let i = 1; i < sorted.length; i++) {
        const a = sorted[i - 1] as RevisionItem;
        const b = sorted[i] as RevisionItem;
        if (a.number && b.number && compareVersions(a.number, b.number) > 0)
          return [
            {
              path: revisionPath(b.index),
              message: `revision ${b.number.text} is dated no earlier than revision ${a.number.text}, which has a higher number`,
            },
          ];
      }
      return [];
    },
  },
  {
    id: '6.1.15',
    title: 'Translator',
    run: (doc) =>
      str(obj(obj(doc.document)?.publisher)?.category) === 'translator' &&
      str(obj(doc.document)?.source_lang) === undefined
        ? [{ path: ['document'], message: 'a translator publishes this document but source_lang is not set' }]
        : [],
  },
  {
    id: '6.1.16',
    title: 'Latest Document Version',
    run: (doc) => {
      const draft = str(tracking(doc)?.status) === 'draft';
      const version = parseVersion(tracking(doc)?.version);
      const last = revisionsByDate(doc).at(-1);
      if (!version || !last?.number) return [];
      return versionCore(version, draft) === versionCore(last.number, draft)
        ? []
        : [
            {
              path: ['document', 'tracking', 'version'],
              message: `version ${version.text} is not the number of the latest revision (${last.number.text})`,
            },
          ];
    },
  },
  {
    id: '6.1.17',
    title: 'Document Status Draft',
    run: (doc) => {
      const version = parseVersion(tracking(doc)?.version);
      const status = str(tracking(doc)?.status);
      if (!version || status === undefined || status === 'draft') return [];
      return isZero(version) || version.pre.length > 0
        ? [
            {
              path: ['document', 'tracking', 'status'],
              message: `version ${version.text} is a draft version but the status is ${status}`,
            },
          ]
        : [];
    },
  },
  {
    id: '6.1.18',
    title: 'Released Revision History',
    run: (doc) => {
      const status = str(tracking(doc)?.status);
      if (status !== 'final' && status !== 'interim') return [];
      return revisionsByDate(doc)
        .filter((r) => isZero(r.number))
        .map((r) => ({
          path: revisionPath(r.index),
          message: `a ${status} document's revision history holds the draft number ${r.number?.text}`,
        }));
    },
  },
  {
    id: '6.1.19',
    title: 'Revision History Entries for Pre-release Versions',
    run: (doc) =>
      revisionsByDate(doc)
        .filter((r) => (r.number?.pre.length ?? 0) > 0)
        .map((r) => ({
          path: revisionPath(r.index),
          message: `revision ${r.number?.text} is a pre-release`,
        })),
  },
  {
    id: '6.1.20',
    title: 'Non-draft Document Version',
    run: (doc) => {
      const status = str(tracking(doc)?.status);
      const version = parseVersion(tracking(doc)?.version);
      return (status === 'final' || status === 'interim') && version && version.pre.length > 0
        ? [
            {
              path: ['document', 'tracking', 'version'],
              message: `a ${status} document has the pre-release version ${version.text}`,
            },
          ]
        : [];
    },
  },
  {
    id: '6.1.21',
    title: 'Missing Item in Revision History',
    run: (doc) => {
      const sorted = revisionsByDate(doc).filter((r) => r.number !== undefined);
      const first = sorted[0];
      if (!first?.number) return [];
      const out: ReturnType<MandatoryTest['run']> = [];
      if (first.number.major > 1)
        out.push({
          path: revisionPath(first.index),
          message: `the first revision is ${first.number.text}; it should be 0 or 1 (major version)`,
        });
      for (let i = 1; i < sorted.length; i++) {
        const a = sorted[i - 1]?.number as DocVersion;
        const b = sorted[i] as RevisionItem;
        if ((b.number as DocVersion).major - a.major > 1)
          out.push({
            path: revisionPath(b.index),
            message: `revision ${b.number?.text} follows ${a.text}: the versions between are missing`,
          });
      }
      return out;
    },
  },
  {
    id: '6.1.22',
    title: 'Multiple Definition in Revision History',
    run: (doc) => {
      const seen = new Set<unknown>();
      const out: ReturnType<MandatoryTest['run']> = [];
      arr(tracking(doc)?.revision_history).forEach((r, i) => {
        const n = obj(r)?.number;
        if (n === undefined) return;
        if (seen.has(n))
          out.push({ path: revisionPath(i), message: `revision number ${String(n)} appears more than once` });
        seen.add(n);
      });
      return out;
    },
  },
  {
    id: '6.1.23',
    title: 'Multiple Use of Same CVE',
    run: (doc) => {
      const seen = new Set<string>();
      const out: ReturnType<MandatoryTest['run']> = [];
      for (const { value: v, path } of vulnerabilities(doc)) {
        const cve = str(v.cve);
        if (cve === undefined) continue;
        if (seen.has(cve))
          out.push({ path: [...path, 'cve'], message: `${cve} is used by more than one vulnerability` });
        seen.add(cve);
      }
      return out;
    },
  },
  {
    id: '6.1.24',
    title: 'Multiple Definition in Involvements',
    run: (doc) => {
      const out: ReturnType<MandatoryTest['run']> = [];
      for (const { value: v, path } of vulnerabilities(doc)) {
        const seen = new Set<string>();
        arr(v.involvements).forEach((inv, i) => {
          const party = str(obj(inv)?.party);
          if (party === undefined) return;
          const date = str(obj(inv)?.date);
          const key = `${party}\u0000${date === undefined ? '' : Date.parse(date)}`;
          if (seen.has(key))
            out.push({
              path: [...path, 'involvements', i],
              message: `party ${party} has more than one involvement${date ? ` at ${date}` : ''}`,
            });
          seen.add(key);
        });
      }
      return out;
    },
  },
  {
    id: '6.1.25',
    title: 'Multiple Use of Same Hash Algorithm',
    run: (doc) =>
      fullProductNames(doc).flatMap((p) =>
        arr(obj(p.value.product_identification_helper)?.hashes).flatMap((h, i) => {
          const seen = new Set<string>();
          const out: ReturnType<MandatoryTest['run']> = [];
          arr(obj(h)?.file_hashes).forEach((fh, j) => {
            const algorithm = str(obj(fh)?.algorithm);
            if (algorithm === undefined) return;
            if (seen.has(algorithm))
              out.push({
                path: [...p.path, 'product_identification_helper', 'hashes', i, 'file_hashes', j],
                message: `hash algorithm ${algorithm} is used more than once for the same file`,
              });
            seen.add(algorithm);
          });
          return out;
        }),
      ),
  },
  {
    id: '6.1.26',
    title: 'Prohibited Document Category Name',
    run: (doc) => {
      const value = category(doc);
      if (value === undefined || PROFILE_CATEGORIES.includes(value)) return [];
      const reserved =
        value.toLowerCase().startsWith('csaf_') || RESERVED_CATEGORY_NAMES.has(normaliseCategory(value));
      return reserved
        ? [{ path: ['document', 'category'], message: `${value} is reserved for a CSAF profile` }]
        : [];
    },
  },
  {
    id: '6.1.27.1',
    title: 'Document Notes',
    run: forCategories(INFORMATIONAL_AND_INCIDENT, (doc) =>
      arr(obj(doc.document)?.notes).some((n) =>
        ['description', 'details', 'general', 'summary'].includes(str(obj(n)?.category) ?? ''),
      )
        ? []
        : [
            {
              path: ['document', 'notes'],
              message: 'no note of category description, details, general or summary',
            },
          ],
    ),
  },
  {
    id: '6.1.27.2',
    title: 'Document References',
    run: forCategories(INFORMATIONAL_AND_INCIDENT, (doc) =>
      arr(obj(doc.document)?.references).some((r) => str(obj(r)?.category) === 'external')
        ? []
        : [{ path: ['document', 'references'], message: 'no reference to an external source' }],
    ),
  },
  {
    id: '6.1.27.3',
    title: 'Vulnerabilities',
    run: forCategories(['csaf_informational_advisory'], (doc) =>
      doc.vulnerabilities === undefined
        ? []
        : [{ path: ['vulnerabilities'], message: 'an informational advisory lists vulnerabilities' }],
    ),
  },
  {
    id: '6.1.27.4',
    title: 'Product Tree',
    run: forCategories(ADVISORY_AND_VEX, (doc) =>
      doc.product_tree === undefined ? [{ path: [], message: 'the document has no product tree' }] : [],
    ),
  },
  {
    id: '6.1.27.5',
    title: 'Vulnerability Notes',
    run: forCategories(ADVISORY_AND_VEX, (doc) =>
      vulnerabilities(doc)
        .filter((v) => v.value.notes === undefined)
        .map((v) => ({ path: v.path, message: 'the vulnerability has no notes' })),
    ),
  },
  {
    id: '6.1.27.6',
    title: 'Product Status',
    run: forCategories(['csaf_security_advisory'], (doc) =>
      vulnerabilities(doc)
        .filter((v) => v.value.product_status === undefined)
        .map((v) => ({ path: v.path, message: 'the vulnerability has no product status' })),
    ),
  },
  {
    id: '6.1.27.7',
    title: 'VEX Product Status',
    run: forCategories(['csaf_vex'], (doc) =>
      vulnerabilities(doc)
        .filter((v) => {
          const status = obj(v.value.product_status);
          return !['fixed', 'known_affected', 'known_not_affected', 'under_investigation'].some(
            (k) => status?.[k] !== undefined,
          );
        })
        .map((v) => ({
          path: v.path,
          message:
            'the product status has none of fixed, known_affected, known_not_affected, under_investigation',
        })),
    ),
  },
  {
    id: '6.1.27.8',
    title: 'Vulnerability ID',
    run: forCategories(['csaf_vex'], (doc) =>
      vulnerabilities(doc)
        .filter((v) => v.value.cve === undefined && v.value.ids === undefined)
        .map((v) => ({ path: v.path, message: 'the vulnerability has neither cve nor ids' })),
    ),
  },
  {
    id: '6.1.27.9',
    title: 'Impact Statement',
    run: forCategories(['csaf_vex'], (doc) => {
      const groups = groupMembers(doc);
      return vulnerabilities(doc).flatMap(({ value: v, path }) => {
        const covered = new Set<string>();
        for (const f of arr(v.flags))
          for (const p of productsOf(obj(f), 'product_ids', groups)) covered.add(p);
        for (const t of arr(v.threats))
          if (str(obj(t)?.category) === 'impact')
            for (const p of productsOf(obj(t), 'product_ids', groups)) covered.add(p);
        return strings(obj(v.product_status)?.known_not_affected, [
          ...path,
          'product_status',
          'known_not_affected',
        ])
          .filter((p) => !covered.has(p.value))
          .map((p) => ({
            path: p.path,
            message: `product ${p.value} is not affected but has no impact statement`,
          }));
      });
    }),
  },
  {
    id: '6.1.27.10',
    title: 'Action Statement',
    run: forCategories(['csaf_vex'], (doc) => {
      const groups = groupMembers(doc);
      return vulnerabilities(doc).flatMap(({ value: v, path }) => {
        const covered = new Set<string>();
        for (const r of arr(v.remediations))
          for (const p of productsOf(obj(r), 'product_ids', groups)) covered.add(p);
        return strings(obj(v.product_status)?.known_affected, [...path, 'product_status', 'known_affected'])
          .filter((p) => !covered.has(p.value))
          .map((p) => ({
            path: p.path,
            message: `product ${p.value} is affected but has no action statement`,
          }));
      });
    }),
  },
  {
    id: '6.1.27.11',
    title: 'Vulnerabilities',
    run: forCategories(ADVISORY_AND_VEX, (doc) =>
      doc.vulnerabilities === undefined
        ? [{ path: [], message: 'the document lists no vulnerabilities' }]
        : [],
    ),
  },
  {
    id: '6.1.28',
    title: 'Translation',
    run: (doc) => {
      const lang = str(obj(doc.document)?.lang);
      const source = str(obj(doc.document)?.source_lang);
      return lang !== undefined && source !== undefined && lang.toLowerCase() === source.toLowerCase()
        ? [
            {
              path: ['document', 'source_lang'],
              message: `source language and document language are both ${lang}`,
            },
          ]
        : [];
    },
  },
  {
    id: '6.1.29',
    title: 'Remediation without Product Reference',
    run: (doc) =>
      vulnerabilities(doc).flatMap(({ value: v, path }) =>
        arr(v.remediations).flatMap((r, i) =>
          obj(r)?.product_ids === undefined && obj(r)?.group_ids === undefined
            ? [{ path: [...path, 'remediations', i], message: 'the remediation names no product or group' }]
            : [],
        ),
      ),
  },
  {
    id: '6.1.30',
    title: 'Mixed Integer and Semantic Versioning',
    run: (doc) => {
      const version = parseVersion(tracking(doc)?.version);
      const all: { v: DocVersion; path: JsonPath }[] = [
        ...(version ? [{ v: version, path: ['document', 'tracking', 'version'] as JsonPath }] : []),
        ...revisionsByDate(doc).flatMap((r) =>
          r.number ? [{ v: r.number, path: revisionPath(r.index) }] : [],
        ),
      ];
      const scheme = all[0]?.v.scheme;
      return all
        .filter((x) => x.v.scheme !== scheme)
        .map((x) => ({
          path: x.path,
          message: `${x.v.text} uses ${x.v.scheme} versioning, unlike ${all[0]?.v.text}`,
        }));
    },
  },
  {
    id: '6.1.31',
    title: 'Version Range in Product Version',
    run: (doc) =>
      branches(doc).flatMap((b) => {
        const name = str(b.value.name);
        if (str(b.value.category) !== 'product_version' || name === undefined) return [];
        const word = versionRangeMarker(name);
        return word
          ? [{ path: [...b.path, 'name'], message: `product version ${name} looks like a range (${word})` }]
          : [];
      }),
  },
  {
    id: '6.1.32',
    title: 'Flag without Product Reference',
    run: (doc) =>
      vulnerabilities(doc).flatMap(({ value: v, path }) =>
        arr(v.flags).flatMap((f, i) =>
          obj(f)?.product_ids === undefined && obj(f)?.group_ids === undefined
            ? [{ path: [...path, 'flags', i], message: 'the flag names no product or group' }]
            : [],
        ),
      ),
  },
  {
    id: '6.1.33',
    title: 'Multiple Flags with VEX Justification Codes per Product',
    run: (doc) => {
      const groups = groupMembers(doc);
      return vulnerabilities(doc).flatMap(({ value: v, path }) => {
        const flagged = new Map<string, number>();
        const out: ReturnType<MandatoryTest['run']> = [];
        arr(v.flags).forEach((f, i) => {
          if (str(obj(f)?.label) === undefined) return;
          for (const p of productsOf(obj(f), 'product_ids', groups)) {
            const earlier = flagged.get(p);
            if (earlier !== undefined)
              out.push({
                path: [...path, 'flags', i],
                message: `product ${p} already has a justification flag (flags[${earlier}])`,
              });
            else flagged.set(p, i);
          }
        });
        return out;
      });
    },
  },
];

/** The mandatory tests vouch does not implement, and why. */
export const NOT_IMPLEMENTED: Record<string, string> = {
  '6.1.11':
    'CWE: needs the CWE catalogue (ids and names) offline; vouch does not ship it yet, so a CWE id or name is not checked',
};

/** Failures of every implemented mandatory test. */
export function runMandatoryTests(doc: unknown, only?: ReadonlySet<string>): TestFailure[] {
  const root = obj(doc);
  if (!root) return [{ test: 'json', path: [], message: 'the document is not a JSON object' }];
  return MANDATORY_TESTS.filter((t) => !only || only.has(t.id)).flatMap((t) =>
    t.run(root).map((f) => ({ test: t.id, ...f })),
  );
}
