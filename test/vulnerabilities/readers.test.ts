/**
 * The advisory readers that the shared data does not exercise: OSV zip archives (as osv.dev
 * publishes per ecosystem, built here with the test zip writer), EPSS CSV plain and gzipped,
 * and CycloneDX VEX written and read back (valid against the official 1.6 schema).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeEach, describe, expect, it } from 'vitest';
import type { MergedComponent } from '../../src/composition/merge.js';
import { validateCycloneDx } from '../../src/formats/cyclonedx/validate.js';
import { openStore, type Store } from '../../src/store/db.js';
import { importPaths } from '../../src/vulnerabilities/import/index.js';
import { matchComponents } from '../../src/vulnerabilities/scan.js';
import { applyVex, type VexStatement, vexJustifications } from '../../src/vulnerabilities/vex/model.js';
import { readVex } from '../../src/vulnerabilities/vex/read.js';
import { writeCycloneDxVex } from '../../src/vulnerabilities/vex/write.js';
import { ACME_RECORDS } from '../helpers/vulnerability-store.js';
import { makeZip } from '../helpers/zip-writer.js';

const NOW = '2026-03-01T00:00:00.000Z';
const json = (v: unknown) => Buffer.from(JSON.stringify(v));

function component(name: string, version: string): MergedComponent {
  return {
    ecosystem: 'npm',
    name,
    version,
    purl: `pkg:npm/${name}@${version}`,
    pinned: true,
    occurrences: [{ path: 'package-lock.json', line: 1 }],
  } as unknown as MergedComponent;
}

describe('advisory readers', () => {
  let dir: string;
  let store: Store;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vouch-readers-'));
    store = await openStore(join(dir, 'v.db'));
    return () => store.close();
  });

  it('imports the JSON entries of an OSV zip, stored or deflated, and counts the bad ones', async () => {
    const zip = join(dir, 'npm.zip');
    writeFileSync(
      zip,
      makeZip([
        { name: 'GHSA-acme-widg-0001.json', data: json(ACME_RECORDS[0]), method: 8 },
        { name: 'GHSA-acme-gadg-0002.json', data: json(ACME_RECORDS[1]) },
        { name: 'README.txt', data: Buffer.from('not a record') },
        { name: 'broken.json', data: Buffer.from('{"id": "BROKEN') },
        { name: 'huge.json', data: json({ id: 'HUGE' }), declaredSize: 64 * 1024 * 1024 },
      ]),
    );
    const r = importPaths(store, [zip], { now: NOW });
    expect(r.failed).toEqual([]);
    expect(r.added).toBe(2);
    expect(r.skipped).toEqual({ 'not JSON': 1, 'record too large': 1 });
    expect(r.sources).toEqual([{ name: zip, kind: 'osv-zip', read: 2 }]);
    const found = matchComponents(store, [
      component('acme-widget', '1.0.0'),
      component('acme-gadget', '2.0.0'),
    ]);
    expect(found.matches.map((m) => [m.id, m.purl, m.fix])).toEqual([
      ['GHSA-acme-widg-0001', 'pkg:npm/acme-widget@1.0.0', '1.2.0'],
    ]);
    // Imported again (from a folder holding it): nothing changes.
    const again = importPaths(store, [dir], { now: NOW });
    expect([again.added, again.updated, again.unchanged]).toEqual([0, 0, 2]);
  });

  it('matches rows imported before the entry column existed from the record body, with the same result', async () => {
    const records = join(dir, 'acme.jsonl');
    writeFileSync(records, ACME_RECORDS.map((r) => JSON.stringify(r)).join('\n'));
    importPaths(store, [records], { now: NOW });
    const components = [component('acme-widget', '1.0.0'), component('acme-gadget', '2.0.0')];
    const withEntries = matchComponents(store, components);
    expect(withEntries.matches.map((m) => m.id)).toEqual(['GHSA-acme-widg-0001']);
    await store.db.updateTable('affected').set({ entry: null }).execute();
    expect(matchComponents(store, components)).toEqual(withEntries);
  });

  it('refuses a file that is not a zip as a whole source, keeping what was imported', async () => {
    const good = join(dir, 'good.jsonl');
    writeFileSync(good, JSON.stringify(ACME_RECORDS[0]));
    const bad = join(dir, 'bad.zip');
    writeFileSync(bad, 'PK this is not a zip');
    const r = importPaths(store, [good, bad], { now: NOW });
    expect(r.added).toBe(1);
    expect(r.failed.map((f) => f.name)).toEqual([bad]);
  });

  const EPSS = [
    '#model_version:v2025.03.14,score_date:2026-03-01T00:00:00+0000',
    'cve,epss,percentile',
    'CVE-2026-99901,0.23000,0.97000',
    'CVE-2026-00002,0.00100,0.10000',
    'not-a-cve,0.5,0.5',
    'CVE-2026-00003,1.5,0.5',
    '',
  ].join('\n');

  for (const gz of [false, true]) {
    it(`reads EPSS CSV${gz ? ' gzipped' : ''}: scores, score date, bad rows counted, and the priority they give`, async () => {
      const records = join(dir, 'acme.jsonl');
      writeFileSync(records, ACME_RECORDS.map((r) => JSON.stringify(r)).join('\n'));
      const csv = join(dir, gz ? 'epss_scores.csv.gz' : 'epss_scores.csv');
      writeFileSync(csv, gz ? gzipSync(EPSS) : EPSS);
      const before = matchComponents(store, []);
      expect(before.matches).toEqual([]);
      importPaths(store, [records], { now: NOW });
      expect(matchComponents(store, [component('acme-widget', '1.0.0')]).matches[0]?.priority).toBe('medium');
      const r = importPaths(store, [csv], { now: NOW });
      expect(r.epss).toBe(2);
      expect(r.skipped).toEqual({ 'EPSS row without a CVE id and scores': 2 });
      expect(r.sources).toEqual([{ name: csv, kind: 'epss', read: 2 }]);
      const rows = await store.db.selectFrom('epss').selectAll().orderBy('cve').execute();
      expect(rows).toEqual([
        { cve: 'CVE-2026-00002', score: 0.001, percentile: 0.1, scored_on: '2026-03-01' },
        { cve: 'CVE-2026-99901', score: 0.23, percentile: 0.97, scored_on: '2026-03-01' },
      ]);
      // EPSS 0.23 through the record's CVE alias: high priority, before CVSS 7.5 alone (medium).
      const m = matchComponents(store, [component('acme-widget', '1.0.0')]).matches[0]!;
      expect(m.epss).toEqual({ score: 0.23, percentile: 0.97 });
      expect(m.priority).toBe('high');
    });
  }

  it('writes CycloneDX VEX that the 1.6 schema accepts and that reads back to the same statements', async () => {
    const records = join(dir, 'acme.jsonl');
    writeFileSync(records, ACME_RECORDS.map((r) => JSON.stringify(r)).join('\n'));
    importPaths(store, [records], { now: NOW });
    const matches = matchComponents(store, [component('acme-widget', '1.0.0')]).matches;
    for (const justification of vexJustifications) {
      const statement: VexStatement = {
        vulnerability: 'CVE-2026-99901',
        products: ['pkg:npm/acme-widget@1.0.0'],
        status: 'not_affected',
        justification,
        impact: 'the leaking call is never made',
        source: 'vouch.yaml',
      };
      const outcome = applyVex(matches, [statement], '2026-03-01');
      expect(outcome.suppressed).toHaveLength(1);
      const doc = writeCycloneDxVex(outcome);
      const valid = await validateCycloneDx(doc, '1.6', { allErrors: true });
      expect(valid.errors).toEqual([]);
      expect(readVex(doc, 'written.cdx.json')).toEqual([
        {
          vulnerability: 'GHSA-acme-widg-0001',
          products: ['pkg:npm/acme-widget@1.0.0'],
          status: 'not_affected',
          justification,
          impact: 'the leaking call is never made',
          source: 'written.cdx.json',
        },
      ]);
    }
    // An active match is written as exploitable and reads back as affected, which suppresses nothing.
    const active = writeCycloneDxVex(applyVex(matches, [], '2026-03-01'));
    expect((await validateCycloneDx(active, '1.6', { allErrors: true })).errors).toEqual([]);
    const back = readVex(active, 'active.cdx.json');
    expect(back.map((s) => s.status)).toEqual(['affected']);
    expect(applyVex(matches, back, '2026-03-01').active).toHaveLength(1);
  });

  it('reads a CycloneDX VEX document whose affects name components by bom-ref', () => {
    const doc = {
      bomFormat: 'CycloneDX',
      specVersion: '1.6',
      version: 1,
      components: [
        {
          type: 'library',
          name: 'outer',
          'bom-ref': 'outer',
          purl: 'pkg:npm/outer@1.0.0',
          components: [{ type: 'library', name: 'w', 'bom-ref': 'ref-w', purl: 'pkg:npm/acme-widget@1.0.0' }],
        },
      ],
      vulnerabilities: [
        {
          id: 'CVE-2026-99901',
          analysis: { state: 'false_positive', justification: 'protected_at_runtime' },
          affects: [{ ref: 'ref-w' }, { ref: 'nowhere' }],
        },
        { id: 'CVE-2026-00009', analysis: { state: 'no_such_state' }, affects: [{ ref: 'outer' }] },
      ],
    };
    expect(readVex(doc, 'in.json')).toEqual([
      {
        vulnerability: 'CVE-2026-99901',
        products: ['pkg:npm/acme-widget@1.0.0'],
        status: 'not_affected',
        justification: 'inline_mitigations_already_exist',
        source: 'in.json',
      },
    ]);
  });
});
