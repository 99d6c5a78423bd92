/** Advisory records, their aliases and the (ecosystem, name) index; sources; KEV; EPSS; first seen. */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('records')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('modified', 'text', (c) => c.notNull())
    .addColumn('published', 'text')
    .addColumn('withdrawn', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('summary', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('record_aliases')
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('alias', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('record_aliases_pk', ['record_id', 'alias'])
    .execute();
  await db.schema.createIndex('record_aliases_alias').on('record_aliases').column('alias').execute();
  await db.schema
    .createTable('affected')
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('ecosystem', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('idx', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('affected_package').on('affected').columns(['ecosystem', 'name']).execute();
  await db.schema.createIndex('affected_record').on('affected').column('record_id').execute();
  await db.schema
    .createTable('sources')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .addColumn('records', 'integer', (c) => c.notNull())
    .addColumn('newest', 'text')
    .execute();
  await db.schema
    .createTable('kev')
    .addColumn('cve', 'text', (c) => c.primaryKey())
    .addColumn('date_added', 'text', (c) => c.notNull())
    .addColumn('due_date', 'text')
    .addColumn('ransomware', 'text')
    .addColumn('name', 'text')
    .execute();
  await db.schema
    .createTable('epss')
    .addColumn('cve', 'text', (c) => c.primaryKey())
    .addColumn('score', 'real', (c) => c.notNull())
    .addColumn('percentile', 'real', (c) => c.notNull())
    .addColumn('scored_on', 'text')
    .execute();
  await db.schema
    .createTable('first_seen')
    .addColumn('product', 'text', (c) => c.notNull())
    .addColumn('vulnerability', 'text', (c) => c.notNull())
    .addColumn('purl', 'text', (c) => c.notNull())
    .addColumn('first_seen', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('first_seen_pk', ['product', 'vulnerability', 'purl'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['first_seen', 'epss', 'kev', 'sources', 'affected', 'record_aliases', 'records'])
    await db.schema.dropTable(t).execute();
}
