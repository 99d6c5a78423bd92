/**
 * VEX end to end through `vouch vulns`: a statement in vouch.yaml and one in an OpenVEX file
 * remove their findings from the table, JSON, SARIF and exit code and show in the audit listing;
 * once expired a statement stops applying. Remediation windows count from first seen.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sarifSchemaErrors } from '../../src/formats/sarif/validate.js';
import { openStore } from '../../src/store/db.js';
import { importPaths } from '../../src/vulnerabilities/import/index.js';
import { runCli } from '../helpers/cli.js';
import { SHARED } from '../helpers/lockfile-peer-suite.js';
import { makeRepo } from '../helpers/repo.js';

const GO_MOD = `module example.com/demo

go 1.22

require (
	github.com/klauspost/compress v1.18.6
	google.golang.org/grpc v1.82.0
)
`;

const VOUCH_YAML = `schemaVersion: 1
product:
  name: demo
vendor:
  name: Demo Ltd
vendorRole: developer-and-distributor
vulnerabilities:
  vex:
    - vulnerability: GO-2026-5841
      products: [pkg:golang/github.com/klauspost/compress]
      status: not_affected
      justification: vulnerable_code_not_in_execute_path
      expires: "2027-01-01"
  vexFiles:
    - path: vex/grpc.openvex.json
      expires: "2026-11-01"
  windows:
    low: 14
  maxDatabaseAge: 7
`;

const OPENVEX = JSON.stringify({
  '@context': 'https://openvex.dev/ns/v0.2.0',
  '@id': 'https://example.invalid/vex/1',
  author: 'Demo Ltd',
  timestamp: '2026-09-01T00:00:00Z',
  version: 1,
  statements: [
    {
      vulnerability: { name: 'GO-2026-6061' },
      products: [{ '@id': 'pkg:golang/google.golang.org/grpc@v1.82.0' }],
      status: 'fixed',
    },
  ],
});

describe('VEX in vouch vulns', () => {
  let db: string;
  let root: string;
  beforeAll(async () => {
    db = join(mkdtempSync(join(tmpdir(), 'vouch-vex-')), 'v.db');
    const store = await openStore(db);
    importPaths(store, [join(SHARED, 'peer-suites/osv/osv-go.jsonl')], { now: '2026-12-01T00:00:00.000Z' });
    await store.close();
    root = makeRepo({ 'go.mod': GO_MOD, 'vouch.yaml': VOUCH_YAML, 'vex/grpc.openvex.json': OPENVEX });
  });

  it('without statements in force both findings gate; with them nothing does', async () => {
    const before = await runCli([
      'vulns',
      root,
      '--db',
      db,
      '--format',
      'json',
      '--today',
      '2026-10-01',
      '--fail-on',
      'low',
    ]);
    expect(before.code).toBe(0);
    const report = JSON.parse(before.out);
    expect(report.matches).toEqual([]);
    expect(report.suppressed.map((s: { id: string }) => s.id).sort()).toEqual([
      'GO-2026-5841',
      'GO-2026-6061',
    ]);
    const sarif = await runCli(['vulns', root, '--db', db, '--format', 'sarif', '--today', '2026-10-01']);
    const doc = JSON.parse(sarif.out);
    expect(await sarifSchemaErrors(doc)).toEqual([]);
    expect(doc.runs[0].results).toEqual([]);
  });

  it('an expired statement stops applying; the audit listing shows both', async () => {
    const run = await runCli([
      'vulns',
      root,
      '--db',
      db,
      '--format',
      'json',
      '--today',
      '2026-12-02',
      '--fail-on',
      'low',
    ]);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.out);
    expect(report.matches.map((m: { id: string }) => m.id)).toEqual(['GO-2026-6061']);
    expect(report.matches[0]).toMatchObject({
      purl: 'pkg:golang/google.golang.org/grpc@v1.82.0',
      fix: '1.82.1',
      firstSeen: '2026-12-02',
      due: '2026-12-16',
      overdue: false,
    });
    expect(
      report.audit.map(
        (a: { statement: { vulnerability: string }; expired: boolean; suppressed: unknown[] }) => [
          a.statement.vulnerability,
          a.expired,
          a.suppressed.length,
        ],
      ),
    ).toEqual([
      ['GO-2026-5841', false, 1],
      ['GO-2026-6061', true, 0],
    ]);
    const table = await runCli(['vulns', root, '--db', db, '--today', '2026-12-02']);
    const rows = table.out.split('VEX statements:')[0]!;
    expect(rows).toContain('GO-2026-6061');
    expect(rows).not.toContain('GO-2026-5841');
    expect(table.out).toMatch(/GO-2026-6061 fixed until 2026-11-01 \(EXPIRED, not applied\)/);
    const sarif = JSON.parse(
      (await runCli(['vulns', root, '--db', db, '--format', 'sarif', '--today', '2026-12-02'])).out,
    );
    expect(await sarifSchemaErrors(sarif)).toEqual([]);
    expect(sarif.runs[0].results[0].partialFingerprints).toBeDefined();
    expect(sarif.runs[0].results.map((r: { ruleId: string }) => r.ruleId)).toEqual([
      'vulnerable-dependency/GO-2026-6061',
    ]);
  });

  it('counts the remediation window from first seen and calls a stale store stale', async () => {
    const run = await runCli(['vulns', root, '--db', db, '--format', 'json', '--today', '2027-01-01']);
    const report = JSON.parse(run.out);
    expect(report.matches[0]).toMatchObject({
      id: 'GO-2026-6061',
      firstSeen: '2026-12-02',
      due: '2026-12-16',
      overdue: true,
    });
    expect(report.store.stale).toBe(true);
    expect(run.err).toMatch(/advisory store is \d+ day\(s\) old \(limit 7\)/);
  });
});
