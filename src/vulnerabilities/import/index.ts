/**
 * `vouch db import`: OSV records (single JSON files, folders of them, JSONL, osv.dev zip
 * archives), the CISA KEV catalogue and EPSS CSV into the store.
 *
 * Idempotent and incremental: a record replaces the stored one only when its `modified` is newer,
 * so a second import of the same data changes nothing. Withdrawn records are kept (status counts
 * them) but leave the matching index. Records are written in batches, one transaction each: a
 * killed import keeps every batch committed before it, and never half of one. KEV and EPSS are
 * whole snapshots, each replaced in one transaction.
 */
import { statSync } from 'node:fs';
import type { Prepared, Store } from '../../store/db.js';
import { checkOsvRecord, normaliseTime, type OsvRecordRow } from './osv.js';
import {
  documentOf,
  filesUnder,
  kindByName,
  linesOf,
  type SourceKind,
  type Unit,
  zipEntriesOf,
} from './read.js';
import { type KevRow, parseEpss, parseKev } from './tables.js';

export const BATCH_SIZE = 2000;

export interface SourceSummary {
  name: string;
  kind: SourceKind | 'osv-folder';
  /** Records or rows read from the source (skipped ones not included). */
  read: number;
}

export interface ImportReport {
  sources: SourceSummary[];
  /** OSV records new to the store. */
  added: number;
  /** OSV records whose newer `modified` replaced the stored one. */
  updated: number;
  /** OSV records already stored with the same or a newer `modified`. */
  unchanged: number;
  /** Withdrawn records among those written. */
  withdrawn: number;
  kev: number;
  epss: number;
  /** Skipped records and affected entries, counted by reason. */
  skipped: Record<string, number>;
  /** Whole sources that could not be read, with the reason. */
  failed: { name: string; reason: string }[];
}

export interface ImportOptions {
  /** The run's clock (ISO 8601), recorded as the sources' import time. */
  now: string;
  /** Called after each committed batch with the records read so far. */
  onProgress?: (read: number) => void;
  batchSize?: number;
}

interface Statements {
  modifiedOf: Prepared<{ modified: string }>;
  insertNew: Prepared<never>;
  upsert: Prepared<never>;
  deleteAliases: Prepared<never>;
  insertAlias: Prepared<never>;
  deleteAffected: Prepared<never>;
  insertAffected: Prepared<never>;
  upsertSource: Prepared<never>;
}

function statements(store: Store): Statements {
  const { db } = store;
  const record = { id: '', modified: '', published: '', withdrawn: '', source: '', summary: '', body: '' };
  return {
    modifiedOf: store.prepare(db.selectFrom('records').select('modified').where('id', '=', '')),
    insertNew: store.prepare(
      db
        .insertInto('records')
        .values(record)
        .onConflict((oc) => oc.column('id').doNothing()),
    ),
    upsert: store.prepare(
      db
        .insertInto('records')
        .values(record)
        .onConflict((oc) =>
          oc.column('id').doUpdateSet((eb) => ({
            modified: eb.ref('excluded.modified'),
            published: eb.ref('excluded.published'),
            withdrawn: eb.ref('excluded.withdrawn'),
            source: eb.ref('excluded.source'),
            summary: eb.ref('excluded.summary'),
            body: eb.ref('excluded.body'),
          })),
        ),
    ),
    deleteAliases: store.prepare(db.deleteFrom('record_aliases').where('record_id', '=', '')),
    insertAlias: store.prepare(
      db
        .insertInto('record_aliases')
        .values({ record_id: '', alias: '' })
        .onConflict((oc) => oc.doNothing()),
    ),
    deleteAffected: store.prepare(db.deleteFrom('affected').where('record_id', '=', '')),
    insertAffected: store.prepare(
      db.insertInto('affected').values({ record_id: '', ecosystem: '', name: '', idx: 0, entry: '' }),
    ),
    upsertSource: store.prepare(
      db
        .insertInto('sources')
        .values({ name: '', kind: '', imported_at: '', records: 0, newest: '' })
        .onConflict((oc) =>
          oc.column('name').doUpdateSet((eb) => ({
            kind: eb.ref('excluded.kind'),
            imported_at: eb.ref('excluded.imported_at'),
            records: eb.ref('excluded.records'),
            newest: eb.ref('excluded.newest'),
          })),
        ),
    ),
  };
}

function count(into: Record<string, number>, reason: string, n = 1): void {
  into[reason] = (into[reason] ?? 0) + n;
}

/** Units of OSV text from one file, by kind. */
function unitsOf(path: string, kind: 'osv-json' | 'osv-jsonl' | 'osv-zip'): Iterable<Unit> {
  if (kind === 'osv-jsonl') return linesOf(path);
  if (kind === 'osv-zip') return zipEntriesOf(path);
  return [documentOf(path)];
}

export function importPaths(store: Store, paths: readonly string[], opts: ImportOptions): ImportReport {
  const report: ImportReport = {
    sources: [],
    added: 0,
    updated: 0,
    unchanged: 0,
    withdrawn: 0,
    kev: 0,
    epss: 0,
    skipped: {},
    failed: [],
  };
  const st = statements(store);
  const batchSize = opts.batchSize ?? BATCH_SIZE;
  let readSoFar = 0;
  // On a store that starts empty, a record is written with one INSERT, without first asking for
  // its stored version; a conflict (an id met twice, another writer) falls back to comparing.
  const compareFirst = store.select(store.db.selectFrom('records').select('id').limit(1)).length > 0;

  /** Stores one checked record unless the store holds it with the same or a newer `modified`. */
  const write = (r: OsvRecordRow, source: string) => {
    const values = [r.id, r.modified, r.published, r.withdrawn, source, r.summary, r.body];
    let replaced = false;
    if (compareFirst || st.insertNew.run(values) === 0) {
      const stored = st.modifiedOf.all([r.id])[0];
      if (stored !== undefined && stored.modified >= r.modified) {
        report.unchanged++;
        return;
      }
      replaced = stored !== undefined;
      st.upsert.run(values);
      if (replaced) {
        st.deleteAliases.run([r.id]);
        st.deleteAffected.run([r.id]);
      }
    }
    if (replaced) report.updated++;
    else report.added++;
    for (const a of r.aliases) st.insertAlias.run([r.id, a]);
    if (r.withdrawn !== null) {
      report.withdrawn++;
      return;
    }
    for (const a of r.affected) st.insertAffected.run([r.id, a.ecosystem, a.name, a.idx, a.entry]);
  };

  /**
   * Reads OSV units and writes each checked record at once, batchSize records per transaction:
   * no record outlives its turn, so the garbage collector never copies batches of them. An error
   * while reading ends the batch (committing what it holds) and is then thrown.
   */
  const importOsv = (source: string, units: Iterable<Unit>): { read: number; newest: string | null } => {
    let read = 0;
    let newest: string | null = null;
    const it = units[Symbol.iterator]();
    let done = false;
    let failure: { error: unknown } | undefined;
    while (!done) {
      let inBatch = 0;
      store.transaction(() => {
        while (inBatch < batchSize) {
          let next: IteratorResult<Unit>;
          try {
            next = it.next();
          } catch (error) {
            failure = { error };
            done = true;
            return;
          }
          if (next.done) {
            done = true;
            return;
          }
          const unit = next.value;
          if ('skip' in unit) {
            count(report.skipped, unit.skip);
            continue;
          }
          let value: unknown;
          try {
            value = JSON.parse(unit.text);
          } catch {
            count(report.skipped, 'not JSON');
            continue;
          }
          const checked = checkOsvRecord(value, unit.text);
          if (!checked.ok) {
            count(report.skipped, checked.reason);
            continue;
          }
          const row = checked.row;
          if (row.unknownEcosystems.length > 0)
            count(
              report.skipped,
              'affected entry with an ecosystem vouch cannot order',
              row.unknownEcosystems.length,
            );
          read++;
          readSoFar++;
          inBatch++;
          if (newest === null || row.modified > newest) newest = row.modified;
          write(row, source);
        }
      });
      if (inBatch > 0) opts.onProgress?.(readSoFar);
    }
    if (failure !== undefined) throw failure.error;
    return { read, newest };
  };

  const recordSource = (name: string, kind: SourceSummary['kind'], read: number, newest: string | null) => {
    st.upsertSource.run([name, kind, opts.now, read, newest]);
    report.sources.push({ name, kind, read });
  };

  /** Stores `value` as the KEV catalogue when it is one; false otherwise. */
  const importKev = (path: string, value: unknown): boolean => {
    const kev = parseKev(value);
    if (kev === undefined) return false;
    replaceKev(store, kev.rows);
    for (const [reason, n] of Object.entries(kev.skipped)) count(report.skipped, reason, n);
    report.kev += kev.rows.length;
    recordSource(path, 'kev', kev.rows.length, kev.released);
    return true;
  };

  /** A `.json` file in a folder: the KEV catalogue is recognised by its shape (cheaply, by name first). */
  const importKevFile = (file: string): boolean => {
    if (!/known_exploited|kev/i.test(file.slice(file.lastIndexOf('/') + 1))) return false;
    const doc = documentOf(file);
    if ('skip' in doc) return false;
    try {
      return importKev(file, JSON.parse(doc.text));
    } catch {
      return false;
    }
  };

  for (const path of paths) {
    let isDir: boolean;
    try {
      isDir = statSync(path).isDirectory();
    } catch (e) {
      report.failed.push({ name: path, reason: (e as NodeJS.ErrnoException).code ?? 'unreadable' });
      continue;
    }
    try {
      if (isDir) {
        const files = filesUnder(path);
        let read = 0;
        let newest: string | null = null;
        for (const file of files) {
          const kind = kindByName(file);
          if (kind === 'epss' || kind === undefined) continue;
          if (kind === 'json' && importKevFile(file)) continue;
          const r = importOsv(path, unitsOf(file, kind === 'json' ? 'osv-json' : kind));
          read += r.read;
          if (r.newest !== null && (newest === null || r.newest > newest)) newest = r.newest;
        }
        recordSource(path, 'osv-folder', read, newest);
        continue;
      }
      const byName = kindByName(path) ?? 'json';
      if (byName === 'epss') {
        const doc = documentOf(path);
        if ('skip' in doc) throw new Error(doc.skip);
        const table = parseEpss(doc.text);
        replaceEpss(store, table.rows, table.scoredOn);
        for (const [reason, n] of Object.entries(table.skipped)) count(report.skipped, reason, n);
        report.epss += table.rows.length;
        recordSource(path, 'epss', table.rows.length, table.scoredOn);
        continue;
      }
      if (byName === 'json') {
        const doc = documentOf(path);
        if ('skip' in doc) throw new Error(doc.skip);
        let value: unknown;
        try {
          value = JSON.parse(doc.text);
        } catch {
          throw new Error('not JSON');
        }
        if (importKev(path, value)) continue;
        const r = importOsv(path, [doc]);
        recordSource(path, 'osv-json', r.read, r.newest);
        continue;
      }
      const r = importOsv(path, unitsOf(path, byName));
      recordSource(path, byName, r.read, r.newest);
    } catch (e) {
      report.failed.push({ name: path, reason: (e as Error).message.slice(0, 300) });
    }
  }
  return report;
}

function replaceKev(store: Store, rows: readonly KevRow[]): void {
  const insert = store.prepare(
    store.db.insertInto('kev').values({ cve: '', date_added: '', due_date: '', ransomware: '', name: '' }),
  );
  const clear = store.prepare(store.db.deleteFrom('kev'));
  store.transaction(() => {
    clear.run([]);
    for (const r of rows) insert.run([r.cve, r.dateAdded, r.dueDate, r.ransomware, r.name]);
  });
}

function replaceEpss(
  store: Store,
  rows: ReturnType<typeof parseEpss>['rows'],
  scoredOn: string | null,
): void {
  const insert = store.prepare(
    store.db
      .insertInto('epss')
      .values({ cve: '', score: 0, percentile: 0, scored_on: '' })
      .onConflict((oc) => oc.doNothing()),
  );
  const clear = store.prepare(store.db.deleteFrom('epss'));
  store.transaction(() => {
    clear.run([]);
    for (const r of rows) insert.run([r.cve, r.score, r.percentile, scoredOn]);
  });
}

export { normaliseTime };
