/**
 * Components against the store: index instead of scan. Only the (ecosystem, name) pairs present
 * in the product are looked up, each record is parsed once however many components it touches,
 * and each affected entry is evaluated by match.ts. Records that share an id or alias (CVE,
 * GHSA, PYSEC, GO, RUSTSEC) are merged into one vulnerability per component.
 */

import type { Compilable } from 'kysely';
import type { MergedComponent } from '../composition/merge.js';
import type { Store } from '../store/db.js';
import { type CvssScore, recordScores } from './cvss.js';
import { osvEcosystem, osvVersion, packageKey } from './ecosystems.js';
import { matchAffected, type OsvAffected, type RangeHit, smallestFixedVersion } from './match.js';
import { compareSignals, type Priority, priorityOf } from './priority.js';
import { compareVersions, schemeForEcosystem, schemes } from './versions/index.js';

export interface MatchedRecord {
  /** The record's id as it gives it. */
  id: string;
  /** Index of the `affected` entry that matched. */
  affected: number;
  /** The range (or listed version) that made the version affected. */
  by: { range: RangeHit } | { listed: string };
}

export interface VulnerabilityMatch {
  /** The id of the first matched record (ids sorted), as that record gives it. */
  id: string;
  /** Every other id and alias of the merged records, sorted. */
  aliases: string[];
  summary?: string;
  purl: string;
  component: { ecosystem: string; name: string; version: string };
  /** Where the product declares the component (first occurrence). */
  location: { path: string; line?: number };
  records: MatchedRecord[];
  /** The smallest version above the current one that clears every merged record, when one is known. */
  fix?: string;
  kev?: { dateAdded: string; dueDate: string | null };
  epss?: { score: number; percentile: number };
  cvss: CvssScore[];
  priority: Priority;
}

export interface MatchSummary {
  matches: VulnerabilityMatch[];
  /** Components looked up (pinned, in an ecosystem OSV covers). */
  checked: number;
  /** Components not looked up, with why (unpinned, ecosystem without OSV data). */
  notChecked: { purl: string; reason: string }[];
  /** Affected entries that could not be evaluated against a version, with why. */
  undecided: { purl: string; record: string; reason: string }[];
}

interface ParsedRecord {
  id: string;
  aliases: string[];
  summary?: string;
  affected: OsvAffected[];
  severity: unknown;
}

/** Union-find over ids: records that share any id or alias become one vulnerability. */
function groupByAlias(records: ParsedRecord[]): ParsedRecord[][] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r) ?? r;
    parent.set(x, r);
    return r;
  };
  const add = (x: string) => {
    if (!parent.has(x)) parent.set(x, x);
  };
  for (const rec of records) {
    add(rec.id);
    for (const a of rec.aliases) {
      add(a);
      const ra = find(rec.id);
      const rb = find(a);
      if (ra < rb) parent.set(rb, ra);
      else if (rb < ra) parent.set(ra, rb);
    }
  }
  const groups = new Map<string, ParsedRecord[]>();
  for (const rec of records) {
    const root = find(rec.id);
    const g = groups.get(root);
    if (g) g.push(rec);
    else groups.set(root, [rec]);
  }
  return [...groups.values()];
}

/** Ids per IN list: well under every engine's parameter limit (SQLite 32,766; PostgreSQL 65,535). */
const IN_CHUNK = 500;

/** Rows of `build(chunk)` for every chunk of `keys`: one statement per chunk, not one per key. */
function selectIn<Row>(store: Store, keys: readonly string[], build: (chunk: string[]) => Compilable): Row[] {
  const out: Row[] = [];
  for (let i = 0; i < keys.length; i += IN_CHUNK)
    for (const row of store.select<Row>(build(keys.slice(i, i + IN_CHUNK)))) out.push(row);
  return out;
}

interface AffectedRow {
  record_id: string;
  idx: number;
  entry: string | null;
}

/** A component with the entries it is affected by, before records are read. */
interface Pending {
  component: MergedComponent;
  ecosystem: string;
  version: string;
  /** Hits by record id, in index order. */
  hits: Map<string, MatchedRecord[]>;
  entries: Map<MatchedRecord, OsvAffected>;
}

function parseRecord(id: string, body: string): ParsedRecord {
  const v = JSON.parse(body) as Record<string, unknown>;
  return {
    id,
    aliases: Array.isArray(v.aliases) ? v.aliases.filter((a): a is string => typeof a === 'string') : [],
    ...(typeof v.summary === 'string' ? { summary: v.summary } : {}),
    affected: (v.affected as OsvAffected[] | undefined) ?? [],
    severity: v.severity,
  };
}

/**
 * In phases, each a handful of statements whatever the product's size: the index rows of every
 * (ecosystem, name) the product has; each candidate decided on its row's entry (a few hundred
 * bytes, parsed once); then the whole records of what matched, and KEV and EPSS for their CVEs.
 */
export function matchComponents(store: Store, components: readonly MergedComponent[]): MatchSummary {
  const { db } = store;
  const summary: MatchSummary = { matches: [], checked: 0, notChecked: [], undecided: [] };

  // 1. Which components can be looked up, and their names per ecosystem.
  const checked: { component: MergedComponent; ecosystem: string; name: string }[] = [];
  const namesOf = new Map<string, Set<string>>();
  for (const c of components) {
    const ecosystem = osvEcosystem(c.ecosystem);
    if (ecosystem === undefined) {
      summary.notChecked.push({ purl: c.purl, reason: `no advisory ecosystem for ${c.ecosystem}` });
      continue;
    }
    if (!c.pinned || c.version === '') {
      summary.notChecked.push({ purl: c.purl, reason: 'version not pinned' });
      continue;
    }
    const name = packageKey(ecosystem, c.name);
    checked.push({ component: c, ecosystem, name });
    const names = namesOf.get(ecosystem);
    if (names === undefined) namesOf.set(ecosystem, new Set([name]));
    else names.add(name);
  }
  summary.checked = checked.length;

  // 2. Their index rows, per ecosystem, by name.
  const rowsOf = new Map<string, AffectedRow[]>();
  for (const [ecosystem, names] of namesOf) {
    const rows = selectIn<AffectedRow & { name: string }>(store, [...names], (chunk) =>
      db
        .selectFrom('affected')
        .select(['name', 'record_id', 'idx', 'entry'])
        .where('ecosystem', '=', ecosystem)
        .where('name', 'in', chunk),
    );
    for (const row of rows) {
      const key = `${ecosystem}\u0000${row.name}`;
      const list = rowsOf.get(key);
      if (list === undefined) rowsOf.set(key, [row]);
      else list.push(row);
    }
  }

  // Rows imported before the entry column existed fall back to the record body (prepared only
  // then: a store imported since never needs the statement).
  let bodyOf: ReturnType<typeof store.prepare<{ body: string }>> | undefined;
  const bodyStatement = () =>
    (bodyOf ??= store.prepare<{ body: string }>(
      db.selectFrom('records').select('body').where('id', '=', '').where('withdrawn', 'is', null),
    ));
  const records = new Map<string, ParsedRecord | undefined>();
  const entries = new Map<string, OsvAffected | undefined>();
  const entryOf = (row: AffectedRow): OsvAffected | undefined => {
    const key = `${row.record_id}\u0000${row.idx}`;
    if (entries.has(key)) return entries.get(key);
    let entry: OsvAffected | undefined;
    if (row.entry !== null) entry = JSON.parse(row.entry) as OsvAffected;
    else {
      if (!records.has(row.record_id)) {
        const body = bodyStatement().all([row.record_id])[0]?.body;
        records.set(row.record_id, body === undefined ? undefined : parseRecord(row.record_id, body));
      }
      entry = records.get(row.record_id)?.affected[row.idx];
    }
    entries.set(key, entry);
    return entry;
  };

  // 3. Each component against its candidates.
  const pending: Pending[] = [];
  for (const { component: c, ecosystem, name } of checked) {
    const rows = rowsOf.get(`${ecosystem}\u0000${name}`);
    if (rows === undefined) continue;
    const version = osvVersion(ecosystem, c.version);
    const p: Pending = { component: c, ecosystem, version, hits: new Map(), entries: new Map() };
    for (const row of rows) {
      const entry = entryOf(row);
      if (entry === undefined) continue;
      const m = matchAffected(entry, version);
      if (m.status === 'affected') {
        const hit: MatchedRecord = { id: row.record_id, affected: row.idx, by: m.by };
        p.entries.set(hit, entry);
        const list = p.hits.get(row.record_id);
        if (list === undefined) p.hits.set(row.record_id, [hit]);
        else list.push(hit);
      } else if (m.status !== 'not-affected') {
        summary.undecided.push({ purl: c.purl, record: row.record_id, reason: m.reason });
      }
    }
    if (p.hits.size > 0) pending.push(p);
  }

  // 4. The records that matched (withdrawn ones have no index rows, but are refused here too).
  const wanted = [...new Set(pending.flatMap((p) => [...p.hits.keys()]))].filter((id) => !records.has(id));
  for (const id of wanted) records.set(id, undefined);
  for (const row of selectIn<{ id: string; body: string }>(store, wanted, (chunk) =>
    db.selectFrom('records').select(['id', 'body']).where('id', 'in', chunk).where('withdrawn', 'is', null),
  ))
    records.set(row.id, parseRecord(row.id, row.body));

  // 5. Merged by alias per component; KEV and EPSS for every CVE among them, read at once.
  const groups: { p: Pending; group: ParsedRecord[]; ids: Set<string> }[] = [];
  const cves = new Set<string>();
  for (const p of pending) {
    const matched = [...p.hits.keys()]
      .map((id) => records.get(id))
      .filter((r): r is ParsedRecord => r !== undefined);
    for (const group of groupByAlias(matched)) {
      group.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      const ids = new Set<string>();
      for (const r of group) {
        ids.add(r.id);
        for (const a of r.aliases) ids.add(a);
      }
      for (const id of ids) if (id.startsWith('CVE-')) cves.add(id);
      ids.delete(group[0]!.id);
      groups.push({ p, group, ids });
    }
  }
  const kevOf = new Map(
    selectIn<{ cve: string; date_added: string; due_date: string | null }>(store, [...cves], (chunk) =>
      db.selectFrom('kev').select(['cve', 'date_added', 'due_date']).where('cve', 'in', chunk),
    ).map((r) => [r.cve, r]),
  );
  const epssOf = new Map(
    selectIn<{ cve: string; score: number; percentile: number }>(store, [...cves], (chunk) =>
      db.selectFrom('epss').select(['cve', 'score', 'percentile']).where('cve', 'in', chunk),
    ).map((r) => [r.cve, r]),
  );

  for (const { p, group, ids } of groups) {
    const c = p.component;
    const first = group[0]!;
    const hits = group.flatMap((r) => p.hits.get(r.id)!);
    let kev: VulnerabilityMatch['kev'];
    let epss: VulnerabilityMatch['epss'];
    for (const cve of [first.id, ...ids]) {
      const k = kevOf.get(cve);
      if (k && !kev) kev = { dateAdded: k.date_added, dueDate: k.due_date };
      const e = epssOf.get(cve);
      if (e && (!epss || e.score > epss.score)) epss = { score: e.score, percentile: e.percentile };
    }
    const cvss = group.flatMap((r) => recordScores(r.severity));
    const maxCvss = cvss.length > 0 ? Math.max(...cvss.map((s) => s.score)) : undefined;
    const loc = c.occurrences[0];
    summary.matches.push({
      id: first.id,
      aliases: [...ids].sort(),
      ...(first.summary ? { summary: first.summary } : {}),
      purl: c.purl,
      component: { ecosystem: p.ecosystem, name: c.name, version: c.version },
      location: { path: loc?.path ?? '', ...(loc?.line ? { line: loc.line } : {}) },
      records: hits,
      ...fixFor(
        p.ecosystem,
        hits.map((h) => p.entries.get(h)!),
        p.version,
      ),
      ...(kev ? { kev } : {}),
      ...(epss ? { epss } : {}),
      cvss,
      priority: priorityOf({ kev: !!kev, epss: epss?.score, cvss: maxCvss }),
    });
  }
  summary.matches.sort(
    (a, b) =>
      compareSignals(signalsOf(a), signalsOf(b)) ||
      (a.purl < b.purl ? -1 : a.purl > b.purl ? 1 : 0) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  return summary;
}

function signalsOf(m: VulnerabilityMatch) {
  return {
    kev: !!m.kev,
    epss: m.epss?.score,
    cvss: m.cvss.length > 0 ? Math.max(...m.cvss.map((s) => s.score)) : undefined,
  };
}

/** The smallest fixed version that clears every matched entry: the candidates are their own fixes. */
function fixFor(ecosystem: string, entries: OsvAffected[], version: string): { fix?: string } {
  const scheme = schemeForEcosystem(ecosystem) ?? schemes.semver;
  const candidates = [...new Set(entries.map((e) => smallestFixedVersion(e, version)))]
    .filter((v): v is string => v !== undefined)
    .sort((a, b) => compareVersions(scheme, a, b) ?? 0);
  const fix = candidates.find((v) => entries.every((e) => matchAffected(e, v).status !== 'affected'));
  return fix === undefined ? {} : { fix };
}
