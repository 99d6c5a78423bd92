/**
 * The embedded store: SQLite through kysely, with numbered migrations written in kysely's schema
 * builder so that PostgreSQL can run the same ones later. better-sqlite3 is a native module and
 * is imported here only, lazily: commands that need no store start without it.
 *
 * Crash safety comes from SQLite itself: WAL journal, and every import batch is one transaction,
 * so a process killed mid-import leaves the last committed batch and everything before it.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  type Compilable,
  Kysely,
  type Migration,
  type MigrationProvider,
  Migrator,
  SqliteDialect,
} from 'kysely';
import * as m001 from './migrations/001-vulnerabilities.js';
import * as m002 from './migrations/002-affected-entry.js';
import type { StoreSchema } from './schema.js';

/** Numbered migrations, applied in order; a new one is a new file and one line here. */
const migrations: Record<string, Migration> = {
  '001-vulnerabilities': m001,
  '002-affected-entry': m002,
};

/** SQLite page size for new stores (bytes). */
export const PAGE_SIZE = 32768;

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** A statement compiled once by kysely and prepared once by the driver, run many times. */
export interface Prepared<Row> {
  all(params: readonly unknown[]): Row[];
  /** Runs the statement; returns the number of rows it inserted, updated or deleted. */
  run(params: readonly unknown[]): number;
}

export interface Store {
  readonly db: Kysely<StoreSchema>;
  readonly file: string;
  /**
   * Prepares a kysely query for repeated use with positional parameters in the order kysely
   * compiled them (build it with placeholder values). Import and matching run thousands of
   * identical statements: compiling and preparing each once is what makes them fast.
   */
  prepare<Row = unknown>(query: Compilable): Prepared<Row>;
  /** Runs a kysely query synchronously with its own parameters (an IN list built for one use). */
  select<Row = unknown>(query: Compilable): Row[];
  /** Runs `fn` in one transaction: all of it is committed, or none. */
  transaction<T>(fn: () => T): T;
  close(): Promise<void>;
}

export class StoreError extends Error {}

/** `.vouch/vouch.db` under the assessed root, unless `--db` names a file. */
export function defaultStorePath(root: string): string {
  return join(root, '.vouch', 'vouch.db');
}

export interface OpenOptions {
  /** Open an existing store without creating or migrating it (status, matching). */
  readOnly?: boolean;
}

export async function openStore(file: string, opts: OpenOptions = {}): Promise<Store> {
  const { default: Database } = await import('better-sqlite3');
  if (!opts.readOnly) mkdirSync(dirname(file), { recursive: true });
  let raw: import('better-sqlite3').Database;
  try {
    raw = new Database(file, { readonly: !!opts.readOnly, fileMustExist: !!opts.readOnly });
  } catch (e) {
    throw new StoreError(`cannot open the store ${file}: ${(e as Error).message}`);
  }
  if (!opts.readOnly) {
    // Takes effect only on a new, empty store (an existing one keeps its page size). Record bodies
    // are kilobytes of JSON: with 32 KiB pages most fit in one page instead of a chain of 4 KiB
    // overflow pages, and an import writes several times fewer pages (and system calls).
    raw.pragma(`page_size = ${PAGE_SIZE}`);
    raw.pragma('journal_mode = WAL');
    // NORMAL in WAL mode: a killed process loses nothing committed; only a power cut may lose the
    // last transactions, never consistency.
    raw.pragma('synchronous = NORMAL');
  }
  raw.pragma('busy_timeout = 5000');
  const db = new Kysely<StoreSchema>({ dialect: new SqliteDialect({ database: raw }) });
  if (!opts.readOnly) {
    const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
    if (error) {
      await db.destroy();
      const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? '?';
      throw new StoreError(`migration ${failed} failed on ${file}: ${(error as Error).message}`);
    }
  }
  return {
    db,
    file,
    prepare<Row>(query: Compilable): Prepared<Row> {
      const stmt = raw.prepare(query.compile().sql);
      return {
        all: (params) => stmt.all(...params) as Row[],
        run: (params) => stmt.run(...params).changes,
      };
    },
    select<Row>(query: Compilable): Row[] {
      const compiled = query.compile();
      return raw.prepare(compiled.sql).all(...(compiled.parameters as unknown[])) as Row[];
    },
    transaction: <T>(fn: () => T): T => raw.transaction(fn)(),
    close: () => db.destroy(),
  };
}
