/**
 * Components against the store: index instead of scan. Only the (ecosystem, name) pairs present
 * in the product are looked up, each record is parsed once however many components it touches,
 * and each affected entry is evaluated by match.ts. Records that share an id or alias (CVE,
 * GHSA, PYSEC, GO, RUSTSEC) are merged into one vulnerability per component.
 */
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

export function matchComponents(store: Store, components: readonly MergedComponent[]): MatchSummary {
  const { db } = store;
  const affectedOf = store.prepare<{ record_id: string; idx: number }>(
    db.selectFrom('affected').select(['record_id', 'idx']).where('ecosystem', '=', '').where('name', '=', ''),
  );
  const bodyOf = store.prepare<{ body: string }>(
    db.selectFrom('records').select('body').where('id', '=', '').where('withdrawn', 'is', null),
  );
  const kevOf = store.prepare<{ date_added: string; due_date: string | null }>(
    db.selectFrom('kev').select(['date_added', 'due_date']).where('cve', '=', ''),
  );
  const epssOf = store.prepare<{ score: number; percentile: number }>(
    db.selectFrom('epss').select(['score', 'percentile']).where('cve', '=', ''),
  );
  const parsed = new Map<string, ParsedRecord | undefined>();
  const recordOf = (id: string): ParsedRecord | undefined => {
    if (parsed.has(id)) return parsed.get(id);
    const row = bodyOf.all([id])[0];
    let rec: ParsedRecord | undefined;
    if (row) {
      const v = JSON.parse(row.body) as Record<string, unknown>;
      rec = {
        id,
        aliases: Array.isArray(v.aliases) ? v.aliases.filter((a): a is string => typeof a === 'string') : [],
        ...(typeof v.summary === 'string' ? { summary: v.summary } : {}),
        affected: (v.affected as OsvAffected[] | undefined) ?? [],
        severity: v.severity,
      };
    }
    parsed.set(id, rec);
    return rec;
  };
  const summary: MatchSummary = { matches: [], checked: 0, notChecked: [], undecided: [] };
  const lookups = new Map<string, { record_id: string; idx: number }[]>();
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
    summary.checked++;
    const name = packageKey(ecosystem, c.name);
    const key = `${ecosystem}\u0000${name}`;
    let rows = lookups.get(key);
    if (rows === undefined) {
      rows = affectedOf.all([ecosystem, name]);
      lookups.set(key, rows);
    }
    if (rows.length === 0) continue;
    const version = osvVersion(ecosystem, c.version);
    const hits = new Map<ParsedRecord, MatchedRecord[]>();
    for (const { record_id, idx } of rows) {
      const rec = recordOf(record_id);
      const entry = rec?.affected[idx];
      if (rec === undefined || entry === undefined) continue;
      const m = matchAffected(entry, version);
      if (m.status === 'affected') {
        const list = hits.get(rec) ?? [];
        list.push({ id: rec.id, affected: idx, by: m.by });
        hits.set(rec, list);
      } else if (m.status !== 'not-affected') {
        summary.undecided.push({ purl: c.purl, record: rec.id, reason: m.reason });
      }
    }
    if (hits.size === 0) continue;
    for (const group of groupByAlias([...hits.keys()])) {
      group.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      const first = group[0]!;
      const ids = new Set<string>();
      for (const r of group) {
        ids.add(r.id);
        for (const a of r.aliases) ids.add(a);
      }
      ids.delete(first.id);
      const records = group.flatMap((r) => hits.get(r)!);
      const entries = records.map((h) => recordOf(h.id)!.affected[h.affected]!);
      const cves = [first.id, ...ids].filter((i) => i.startsWith('CVE-'));
      let kev: VulnerabilityMatch['kev'];
      let epss: VulnerabilityMatch['epss'];
      for (const cve of cves) {
        const k = kevOf.all([cve])[0];
        if (k && !kev) kev = { dateAdded: k.date_added, dueDate: k.due_date };
        const e = epssOf.all([cve])[0];
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
        component: { ecosystem, name: c.name, version: c.version },
        location: { path: loc?.path ?? '', ...(loc?.line ? { line: loc.line } : {}) },
        records,
        ...fixFor(ecosystem, entries, version),
        ...(kev ? { kev } : {}),
        ...(epss ? { epss } : {}),
        cvss,
        priority: priorityOf({ kev: !!kev, epss: epss?.score, cvss: maxCvss }),
      });
    }
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
