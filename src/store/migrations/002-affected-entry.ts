/**
 * Each index row carries its `affected[]` entry reduced to what matching reads (package, ranges,
 * versions), so matching parses a few hundred bytes per candidate instead of the whole record
 * (Go records carry long symbol lists). Rows written before this migration have none; matching
 * falls back to the record body for them.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('affected').addColumn('entry', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('affected').dropColumn('entry').execute();
}
