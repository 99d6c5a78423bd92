/**
 * `vouch db import|status|update`: the advisory store. Import reads OSV (JSON, folders, JSONL,
 * osv.dev zips), CISA KEV JSON and EPSS CSV; status says what the store holds and how old it is;
 * update downloads the published archives when the network is allowed, and says so when not.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { oneLine } from '../../util/text.js';
import { EXIT } from '../exit-codes.js';
import { type CliIO, processIO } from '../io.js';

interface DbOptions {
  db?: string;
  root?: string;
  today?: string;
  offline?: boolean;
}

/** What `vouch db update` downloads: osv.dev's per-ecosystem archives and the KEV catalogue. */
export const UPDATE_SOURCES: { name: string; url: string; file: string }[] = [
  ...['npm', 'PyPI', 'Go', 'crates.io', 'Maven', 'RubyGems', 'Packagist', 'NuGet'].map((eco) => ({
    name: `OSV ${eco}`,
    url: `https://osv-vulnerabilities.storage.googleapis.com/${encodeURIComponent(eco)}/all.zip`,
    file: `osv-${eco}.zip`,
  })),
  {
    name: 'CISA KEV',
    url: 'https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json',
    file: 'kev.json',
  },
];

async function storeFile(opts: DbOptions): Promise<string> {
  const { defaultStorePath } = await import('../../store/db.js');
  return opts.db ? resolve(opts.db) : defaultStorePath(resolve(opts.root ?? '.'));
}

export async function runDbImport(paths: string[], opts: DbOptions, io: CliIO = processIO): Promise<number> {
  const [{ openStore }, { importPaths }] = await Promise.all([
    import('../../store/db.js'),
    import('../../vulnerabilities/import/index.js'),
  ]);
  const file = await storeFile(opts);
  const store = await openStore(file);
  try {
    const started = Date.now();
    const report = importPaths(store, paths, {
      now: new Date().toISOString(),
      // Progress only for people at a terminal, on one rewritten line.
      ...(io.isTTY ? { onProgress: (n: number) => io.err(`\rvouch db import: ${n} records read`) } : {}),
    });
    if (io.isTTY) io.err('\n');
    const seconds = (Date.now() - started) / 1000;
    io.err(
      `vouch db import: ${report.added} added, ${report.updated} updated, ${report.unchanged} unchanged` +
        ` (${report.withdrawn} withdrawn), ${report.kev} KEV, ${report.epss} EPSS in ${seconds.toFixed(1)}s -> ${file}\n`,
    );
    for (const [reason, n] of Object.entries(report.skipped))
      io.err(`  warning: skipped ${n}: ${oneLine(reason, 200)}\n`);
    for (const f of report.failed) io.err(`  error: ${oneLine(f.name, 200)}: ${oneLine(f.reason, 200)}\n`);
    return report.failed.length > 0 ? EXIT.usage : EXIT.ok;
  } finally {
    await store.close();
  }
}

export async function runDbStatus(opts: DbOptions, io: CliIO = processIO): Promise<number> {
  const { openStore } = await import('../../store/db.js');
  const file = await storeFile(opts);
  const { existsSync } = await import('node:fs');
  if (!existsSync(file)) {
    io.err(`vouch: no advisory store at ${file}; run \`vouch db import\` or \`vouch db update\`\n`);
    return EXIT.usage;
  }
  const store = await openStore(file, { readOnly: true });
  try {
    const { db } = store;
    const sources = await db.selectFrom('sources').selectAll().orderBy('name').execute();
    const count = async (t: 'records' | 'kev' | 'epss') =>
      Number(
        (
          await db
            .selectFrom(t)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirst()
        )?.n ?? 0,
      );
    const withdrawn = Number(
      (
        await db
          .selectFrom('records')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('withdrawn', 'is not', null)
          .executeTakeFirst()
      )?.n ?? 0,
    );
    const newest = (
      await db
        .selectFrom('records')
        .select((eb) => eb.fn.max('modified').as('m'))
        .executeTakeFirst()
    )?.m;
    const now = opts.today ? Date.parse(`${opts.today}T00:00:00Z`) : Date.now();
    io.out(`store ${file}\n`);
    io.out(
      `records ${await count('records')} (${withdrawn} withdrawn); KEV ${await count('kev')}; EPSS ${await count('epss')}\n`,
    );
    if (newest)
      io.out(
        `newest record modified ${newest} (${Math.floor((now - Date.parse(newest)) / 86_400_000)} day(s) ago)\n`,
      );
    for (const s of sources)
      io.out(
        `  ${s.kind.padEnd(10)} ${oneLine(s.name, 120)}: ${s.records} read, imported ${s.imported_at} (${Math.floor((now - Date.parse(s.imported_at)) / 86_400_000)} day(s) ago)${s.newest ? `, newest ${s.newest}` : ''}\n`,
      );
    return EXIT.ok;
  } finally {
    await store.close();
  }
}

export async function runDbUpdate(opts: DbOptions, io: CliIO = processIO): Promise<number> {
  if (opts.offline) {
    io.err('vouch db update: offline (--offline): nothing downloaded; the store is unchanged\n');
    return EXIT.usage;
  }
  const { safeFetch } = await import('../../net/safe-fetch.js');
  const file = await storeFile(opts);
  const dir = join(file, '..', 'downloads');
  mkdirSync(dir, { recursive: true });
  const got: string[] = [];
  for (const s of UPDATE_SOURCES) {
    try {
      const r = await safeFetch(s.url, { maxBytes: 1024 * 1024 * 1024, timeoutMs: 300_000 });
      writeFileSync(join(dir, s.file), r.body);
      got.push(join(dir, s.file));
      io.err(`vouch db update: downloaded ${s.name}\n`);
    } catch (e) {
      io.err(`vouch db update: cannot download ${s.name} (${oneLine((e as Error).message, 200)})\n`);
    }
  }
  if (got.length === 0) {
    io.err('vouch db update: nothing could be downloaded; the store is unchanged\n');
    return EXIT.usage;
  }
  return runDbImport(got, opts, io);
}

export function registerDbCommands(program: Command, io: CliIO = processIO): void {
  const db = program.command('db').description('the advisory store: import, status, update');
  const common = (c: Command) =>
    c
      .option('--db <file>', 'store file (default: .vouch/vouch.db under --root)')
      .option('--root <dir>', 'the assessed root the default store lives under', '.');
  common(
    db
      .command('import')
      .description('import OSV JSON/JSONL/zip, CISA KEV JSON, EPSS CSV')
      .argument('<paths...>'),
  ).action(async (paths: string[], opts: DbOptions) => {
    process.exitCode = await runDbImport(paths, opts, io);
  });
  common(db.command('status').description('sources, counts, newest record and age'))
    .option('--today <date>', 'date (YYYY-MM-DD) ages are counted to')
    .action(async (opts: DbOptions) => {
      process.exitCode = await runDbStatus(opts, io);
    });
  common(db.command('update').description('download the OSV archives and KEV, then import them'))
    .option('--offline', 'never use the network')
    .action(async (opts: DbOptions) => {
      process.exitCode = await runDbUpdate(opts, io);
    });
}
