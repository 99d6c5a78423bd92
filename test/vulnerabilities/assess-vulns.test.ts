/**
 * Vulnerabilities in `vouch assess`, end to end through the built CLI: advisories imported with
 * `vouch db import` into a temp store; a repository whose lockfile holds an affected component;
 * the run clock (--today) moving past the remediation window makes SSCoP 3.3.2 and 3.5.1 not-met
 * with the dates; a VEX not_affected statement takes the finding out of the text, JSON and SARIF
 * reports, the --fail-on list and the verdict, and shows in the audit listing; once it expires
 * the finding is back, still counted from the first-seen date the store kept.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sarifSchemaErrors } from '../../src/formats/sarif/validate.js';
import { ensureBuilt, runBin } from '../helpers/bin.js';
import { makeRepo } from '../helpers/repo.js';
import { ACME_LOCK, ACME_RECORDS, vouchYaml } from '../helpers/vulnerability-store.js';

const DAY_MS = 86_400_000;
const day = (base: string, n: number) =>
  new Date(Date.parse(`${base}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

/** The real day: `vouch db import` stamps the store with the real clock, and the store's age counts from it. */
const T0 = new Date().toISOString().slice(0, 10);

const policy = (vex: string) => `vulnerabilities:
  windows:
    medium: 14
  maxDatabaseAge: 60
${vex}`;

const VEX = `  vex:
    - vulnerability: GHSA-acme-widg-0001
      products: [pkg:npm/acme-widget@1.0.0]
      status: not_affected
      justification: vulnerable_code_not_present
      expires: "${day(T0, 30)}"
`;

interface Json {
  codes: { id: string; principles: { requirements: { id: string; verdict: string; reason: string }[] }[] }[];
  findings: { rule: string; outcome: string; message: string; suppressed?: unknown }[];
}

function requirement(report: Json, id: string) {
  const all = report.codes.flatMap((c) => c.principles.flatMap((p) => p.requirements));
  const found = all.find((r) => r.id === id);
  if (!found) throw new Error(`no requirement ${id}`);
  return found;
}

describe('vouch assess with an advisory store', () => {
  let db: string;
  let root: string;
  const assess = (today: string, ...more: string[]) =>
    runBin(['assess', root, '--db', db, '--today', today, '--quiet', ...more]);

  beforeAll(() => {
    ensureBuilt();
    const dir = mkdtempSync(join(tmpdir(), 'vouch-assess-vulns-'));
    db = join(dir, 'v.db');
    const jsonl = join(dir, 'acme.jsonl');
    writeFileSync(jsonl, ACME_RECORDS.map((r) => JSON.stringify(r)).join('\n'));
    const imported = runBin(['db', 'import', jsonl, '--db', db]);
    expect(imported.code, imported.err).toBe(0);
    root = makeRepo(
      { 'package-lock.json': ACME_LOCK, 'vouch.yaml': vouchYaml(policy('')) },
      { commit: true },
    );
  }, 120_000);

  it('is not-met with the overdue dates once the window has passed', () => {
    // The first run that sees the match records its first-seen day in the store.
    const first = JSON.parse(assess(T0, '--format', 'json').out) as Json;
    expect(first.findings.find((f) => f.rule === 'vulnerabilities-overdue')?.outcome).toBe('pass');
    expect(requirement(first, 'sscop:3.3.2').verdict).not.toBe('not-met');

    const late = assess(day(T0, 20), '--format', 'json', '--fail-on', 'not-met');
    const report = JSON.parse(late.out) as Json;
    const overdue = report.findings.filter((f) => f.rule === 'vulnerabilities-overdue');
    expect(overdue).toHaveLength(1);
    expect(overdue[0]).toMatchObject({ outcome: 'fail' });
    expect(overdue[0]!.message).toContain(
      `first seen ${T0}, due ${day(T0, 14)} (14 days window), 6 days overdue on ${day(T0, 20)}`,
    );
    for (const id of ['sscop:3.3.2', 'sscop:3.5.1']) {
      expect(requirement(report, id).verdict).toBe('not-met');
      expect(requirement(report, id).reason).toMatch(/vulnerabilities-overdue/);
    }
    expect(late.code).toBe(1);
    expect(late.err).toMatch(/3\.3\.2/);

    const text = assess(day(T0, 20), '--only', 'failing').out;
    expect(text).toMatch(/vulnerabilities-overdue at package-lock\.json/);
    expect(text).toContain(`due ${day(T0, 14)}`);
  });

  it('a VEX not_affected statement takes the finding out of every output and the verdict; expired, it is back', async () => {
    writeFileSync(join(root, 'vouch.yaml'), vouchYaml(policy(VEX)));
    const on = day(T0, 20);
    const json = assess(on, '--format', 'json', '--fail-on', 'not-met');
    const report = JSON.parse(json.out) as Json;
    expect(report.findings.filter((f) => f.rule === 'vulnerabilities-overdue').map((f) => f.outcome)).toEqual(
      ['pass'],
    );
    expect(JSON.stringify(report.findings.filter((f) => f.outcome === 'fail'))).not.toContain(
      'GHSA-acme-widg-0001',
    );
    for (const id of ['sscop:3.3.2', 'sscop:3.5.1'])
      expect(requirement(report, id).verdict).not.toBe('not-met');
    expect(json.err).not.toMatch(/3\.3\.2|3\.5\.1/);
    // The audit listing: the statement and what it suppressed.
    const audit = report.findings.filter((f) => f.rule === 'vulnerabilities-vex');
    expect(audit).toHaveLength(1);
    expect(audit[0]!.message).toMatch(
      /VEX not_affected for GHSA-acme-widg-0001 .* suppressed 1 match \(GHSA-acme-widg-0001 in pkg:npm\/acme-widget@1\.0\.0\)/,
    );
    expect(assess(on).out).not.toMatch(/vulnerabilities-overdue/);
    const sarif = JSON.parse(assess(on, '--format', 'sarif').out);
    expect(await sarifSchemaErrors(sarif)).toEqual([]);
    expect(JSON.stringify(sarif.runs[0].results)).not.toContain('GHSA-acme-widg-0001');
    const table = runBin(['vulns', root, '--db', db, '--today', on]).out;
    expect(table).toMatch(/0 vulnerable match\(es\) in 2 component\(s\) checked; 1 suppressed by VEX/);
    expect(table).toMatch(/GHSA-acme-widg-0001 not_affected until .*: suppressed 1/);

    // Expired: the match counts again from the day first seen, so it is overdue at once.
    const after = day(T0, 31);
    const back = JSON.parse(assess(after, '--format', 'json').out) as Json;
    const again = back.findings.filter((f) => f.rule === 'vulnerabilities-overdue');
    expect(again.map((f) => f.outcome)).toEqual(['fail']);
    expect(again[0]!.message).toContain(`first seen ${T0}, due ${day(T0, 14)}`);
    expect(requirement(back, 'sscop:3.5.1').verdict).toBe('not-met');
    expect(back.findings.find((f) => f.rule === 'vulnerabilities-vex')?.message).toMatch(
      /expired on .*: no longer applied/,
    );
    const sarifBack = JSON.parse(assess(after, '--format', 'sarif').out);
    expect(sarifBack.runs[0].results.map((r: { ruleId: string }) => r.ruleId)).toContain(
      'vulnerabilities-overdue',
    );
  });
});
