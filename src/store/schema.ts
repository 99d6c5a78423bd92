/**
 * The store's tables as kysely types. Column types stay portable (text, integer, real) so the same
 * migrations and queries run on SQLite now and PostgreSQL for the portfolio server later; dates
 * are ISO 8601 text in UTC, JSON bodies are text.
 */

/** One advisory record as its source publishes it (OSV id, e.g. GHSA-…, PYSEC-…, GO-…). */
export interface RecordsTable {
  id: string;
  /** ISO 8601 UTC, normalised to milliseconds: `modified` decides whether an import replaces. */
  modified: string;
  published: string | null;
  withdrawn: string | null;
  /** The source (file or archive) that last wrote the record. */
  source: string;
  summary: string | null;
  /** The OSV JSON as published. */
  body: string;
}

/** Aliases as the record lists them (CVE-…, GHSA-…): the joins that merge records into one vulnerability. */
export interface RecordAliasesTable {
  record_id: string;
  alias: string;
}

/** One row per `affected[]` entry: the index matching uses, by (ecosystem, package name). */
export interface AffectedTable {
  record_id: string;
  /** The ecosystem without its ":release" suffix ("Debian:12" -> "Debian"). */
  ecosystem: string;
  /** The package name as matching compares it (PyPI names normalised as PEP 503 says). */
  name: string;
  /** Position in the record's `affected` array. */
  idx: number;
  /** The entry as JSON, reduced to package, ranges and versions (null in rows from before migration 002). */
  entry: string | null;
}

export interface SourcesTable {
  /** The path or URL as given to `vouch db import` / `update`. */
  name: string;
  kind: string;
  imported_at: string;
  /** Records (or rows) the source held at its last import. */
  records: number;
  /** The newest `modified` (OSV) or catalogue date (KEV, EPSS) in the source. */
  newest: string | null;
}

export interface KevTable {
  cve: string;
  date_added: string;
  due_date: string | null;
  ransomware: string | null;
  name: string | null;
}

export interface EpssTable {
  cve: string;
  score: number;
  percentile: number;
  /** The score date the CSV states. */
  scored_on: string | null;
}

/** When a vulnerability was first seen in a product's component: remediation windows count from here. */
export interface FirstSeenTable {
  product: string;
  vulnerability: string;
  purl: string;
  first_seen: string;
}

export interface StoreSchema {
  records: RecordsTable;
  record_aliases: RecordAliasesTable;
  affected: AffectedTable;
  sources: SourcesTable;
  kev: KevTable;
  epss: EpssTable;
  first_seen: FirstSeenTable;
}
