/**
 * `vouch db import` against the shared OSV data: the whole set twice (the second run changes
 * nothing), corrupt records counted and skipped without loss, newer `modified` replacing,
 * withdrawn records out of the index, and a SIGKILL half-way losing nothing committed.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/db.js';
import { importPaths } from '../../src/vulnerabilities/import/index.js';
import { SHARED } from '../helpers/lockfile-peer-suite.js';

const OSV = join(SHARED, 'peer-suites/osv');
const NOW = '2026-12-01T00:00:00.000Z';
const RECORD_FILES = ['osv-go.jsonl', 'osv-pypi.jsonl', 'osv-rustsec.jsonl', 'osv-maven-zeppelin.jsonl'];

function jsonl(file: string): Record<string, unknown>[] {
  return readFileSync(join(OSV, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

async function countOf(
  store: Store,
  table: 'records' | 'affected' | 'record_aliases' | 'kev',
): Promise<number> {
  const r = await store.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

describe('vouch db import: the shared OSV set', () => {
  let dir: string;
  let store: Store;
  const distinct = new Set(RECORD_FILES.flatMap((f) => jsonl(f).map((r) => r.id as string)));
  const withdrawn = RECORD_FILES.flatMap(jsonl).filter((r) => r.withdrawn !== undefined);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vouch-import-'));
    store = await openStore(join(dir, 'v.db'));
  });
  afterAll(async () => store.close());

  it('imports every record once, and a second run changes nothing', async () => {
    const first = importPaths(store, [OSV], { now: NOW });
    expect(first.failed).toEqual([]);
    expect(first.added).toBe(distinct.size);
    expect(first.kev).toBe(1404);
    expect(await countOf(store, 'records')).toBe(distinct.size);
    const affected = await countOf(store, 'affected');
    const aliases = await countOf(store, 'record_aliases');
    const second = importPaths(store, [OSV], { now: NOW });
    expect(second.added + second.updated).toBe(0);
    expect(second.unchanged).toBe(distinct.size);
    expect(await countOf(store, 'records')).toBe(distinct.size);
    expect(await countOf(store, 'affected')).toBe(affected);
    expect(await countOf(store, 'record_aliases')).toBe(aliases);
    expect(await countOf(store, 'kev')).toBe(1404);
  });

  it('keeps withdrawn records out of the matching index', async () => {
    expect(withdrawn.length).toBeGreaterThan(0);
    for (const r of withdrawn) {
      const rows = await store.db
        .selectFrom('affected')
        .select('idx')
        .where('record_id', '=', r.id as string)
        .execute();
      expect(rows, r.id as string).toEqual([]);
    }
  });

  it('replaces a record only when its modified time is newer', async () => {
    const original = jsonl('osv-rustsec.jsonl')[0]!;
    const file = join(dir, 'changed.jsonl');
    const newer = { ...original, modified: '2030-01-01T00:00:00Z', aliases: ['CVE-2099-0001'] };
    const older = { ...original, modified: '2000-01-01T00:00:00Z', aliases: ['CVE-2099-0002'] };
    writeFileSync(file, `${JSON.stringify(older)}\n${JSON.stringify(newer)}\n`);
    const r = importPaths(store, [file], { now: NOW });
    expect([r.added, r.updated, r.unchanged]).toEqual([0, 1, 1]);
    const aliases = await store.db
      .selectFrom('record_aliases')
      .select('alias')
      .where('record_id', '=', original.id as string)
      .execute();
    expect(aliases.map((a) => a.alias)).toEqual(['CVE-2099-0001']);
  });

  it('skips corrupt records with counted reasons and loses nothing already imported', async () => {
    const before = await countOf(store, 'records');
    const good = {
      id: 'TEST-GOOD-1',
      modified: '2026-01-01T00:00:00Z',
      affected: [
        {
          package: { ecosystem: 'npm', name: 'left-pad' },
          ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.3.0' }] }],
        },
      ],
    };
    const lines = [
      JSON.stringify(good),
      JSON.stringify({ modified: '2026-01-01T00:00:00Z' }),
      JSON.stringify({ id: 'TEST-BAD-2' }),
      JSON.stringify({
        id: 'TEST-BAD-3',
        modified: '2026-01-01T00:00:00Z',
        affected: [
          { package: { ecosystem: 'npm', name: 'x' }, ranges: [{ type: 'SEMVER', events: 'nope' }] },
        ],
      }),
      JSON.stringify({
        id: 'TEST-ODD-4',
        modified: '2026-01-01T00:00:00Z',
        affected: [
          {
            package: { ecosystem: 'NoSuchEcosystem', name: 'x' },
            ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }] }],
          },
        ],
      }),
      '{"id": "TRUNCATED',
      `{"id":"TEST-HUGE-5","modified":"2026-01-01T00:00:00Z","details":"${'x'.repeat(9 * 1024 * 1024)}"}`,
    ];
    const file = join(dir, 'corrupt.jsonl');
    writeFileSync(file, lines.join('\n'));
    const r = importPaths(store, [file], { now: NOW });
    expect(r.added).toBe(2);
    expect(r.skipped).toEqual({
      'no id': 1,
      'no valid modified time': 1,
      'affected[0] has a range without events': 1,
      'affected entry with an ecosystem vouch cannot order': 1,
      'not JSON': 1,
      'record too large': 1,
    });
    expect(await countOf(store, 'records')).toBe(before + 2);
    const odd = await store.db
      .selectFrom('affected')
      .select('idx')
      .where('record_id', '=', 'TEST-ODD-4')
      .execute();
    expect(odd).toEqual([]);
  });
});

describe('vouch db import: a record met twice in the first import into an empty store', () => {
  it('keeps the newest version once, counted as added then updated or unchanged', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vouch-twice-'));
    const store = await openStore(join(dir, 'v.db'));
    try {
      const original = jsonl('osv-rustsec.jsonl')[0]!;
      const at = (modified: string, alias: string) =>
        JSON.stringify({ ...original, modified, aliases: [alias] });
      const file = join(dir, 'twice.jsonl');
      writeFileSync(
        file,
        [
          at('2020-01-01T00:00:00Z', 'CVE-2099-0001'),
          at('2030-01-01T00:00:00Z', 'CVE-2099-0002'),
          at('2025-01-01T00:00:00Z', 'CVE-2099-0003'),
        ].join('\n'),
      );
      const r = importPaths(store, [file], { now: NOW });
      expect([r.added, r.updated, r.unchanged]).toEqual([1, 1, 1]);
      expect(await countOf(store, 'records')).toBe(1);
      const stored = await store.db
        .selectFrom('records')
        .select(['modified', 'body'])
        .executeTakeFirstOrThrow();
      expect(stored.modified).toBe('2030-01-01T00:00:00.000Z');
      expect(JSON.parse(stored.body).aliases).toEqual(['CVE-2099-0002']);
      const aliases = await store.db.selectFrom('record_aliases').select('alias').execute();
      expect(aliases.map((a) => a.alias)).toEqual(['CVE-2099-0002']);
      const affected = await store.db.selectFrom('affected').select('idx').execute();
      expect(affected.length).toBe((original.affected as unknown[]).length);
    } finally {
      await store.close();
    }
  });
});

describe('vouch db import: killed half-way', () => {
  it('keeps every committed batch, never part of one, and a re-run completes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vouch-kill-'));
    // A large input: the Go records ten times over under fresh ids.
    const go = jsonl('osv-go.jsonl');
    const big = join(dir, 'big.jsonl');
    const lines: string[] = [];
    for (let copy = 0; copy < 10; copy++)
      for (const r of go)
        lines.push(JSON.stringify({ ...r, id: `${r.id as string}-COPY${copy}`, aliases: [] }));
    writeFileSync(big, `${lines.join('\n')}\n`);
    const db = join(dir, 'v.db');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, '../helpers/import-child.ts'), db, big],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let committed = 0;
    await new Promise<void>((done, fail) => {
      let buffered = '';
      child.stdout.on('data', (d: Buffer) => {
        buffered += d.toString();
        const counts = [...buffered.matchAll(/committed (\d+)/g)].map((m) => Number(m[1]));
        if (counts.length >= 3 && committed === 0) {
          committed = counts.at(-1)!;
          child.kill('SIGKILL');
        }
        if (buffered.includes('done')) fail(new Error('the import finished before it could be killed'));
      });
      child.on('exit', () => done());
    });
    expect(committed).toBeGreaterThanOrEqual(1500);
    const store = await openStore(db);
    try {
      const integrity = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(store.db);
      expect(integrity.rows).toEqual([{ integrity_check: 'ok' }]);
      const n = await countOf(store, 'records');
      expect(n).toBeGreaterThanOrEqual(committed);
      expect(n % 500).toBe(0);
      expect(n).toBeLessThan(lines.length);
      // Every stored record has its index rows: no half-written record.
      const orphans = await store.db
        .selectFrom('records')
        .select('id')
        .where('withdrawn', 'is', null)
        .where('body', 'like', '%"package"%')
        .where(({ not, exists, selectFrom }) =>
          not(exists(selectFrom('affected').select('idx').whereRef('affected.record_id', '=', 'records.id'))),
        )
        .execute();
      expect(orphans).toEqual([]);
      const again = importPaths(store, [big], { now: NOW });
      expect(again.unchanged).toBe(n);
      expect(await countOf(store, 'records')).toBe(lines.length);
    } finally {
      await store.close();
    }
  });
});
