import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/helpers/cli.js';
import { makeRepo } from '../../../test/helpers/repo.js';
import { finding } from '../../probes/finding.js';
import type { RuleDefinition } from '../../probes/types.js';
import { buildSarif, FINGERPRINT_KEY, pathToUri } from './index.js';
import { SARIF_SCHEMA_FILE, sarifSchemaErrors } from './validate.js';

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

const rule: RuleDefinition = {
  id: 'demo-rule',
  title: 'Demo rule',
  description: 'Says something is wrong.',
  severity: 'high',
  confidence: 'medium',
  remediation: { text: 'Fix it.' },
};

interface SarifResult {
  ruleId: string;
  level: string;
  kind: string;
  locations?: { physicalLocation: { artifactLocation: { uri: string }; region?: { startLine?: number } } }[];
  partialFingerprints: Record<string, string>;
  suppressions?: { justification: string }[];
}
type SarifLog = { runs: { results: SarifResult[]; tool: { driver: { rules: { id: string }[] } } }[] };

describe('SARIF writer', () => {
  it('vendors the official OASIS schema unchanged (hash recorded in PROVENANCE.md)', () => {
    const bytes = readFileSync(SARIF_SCHEMA_FILE);
    const sha = createHash('sha256').update(bytes).digest('hex');
    const provenance = readFileSync(
      new URL('../../../schemas/external/PROVENANCE.md', import.meta.url),
      'utf8',
    );
    expect(provenance).toContain(sha);
  });

  it('the schema check rejects what is not SARIF (so a pass means something)', async () => {
    expect(await sarifSchemaErrors({ version: '2.1.0' })).not.toEqual([]);
    expect(await sarifSchemaErrors({ version: '2.0.0', runs: [] })).not.toEqual([]);
  });

  it('writes valid SARIF with levels, spans, routes, related locations and suppressions', async () => {
    const located = finding(rule, {
      outcome: 'fail',
      message: 'bad <b>thing</b>',
      location: {
        path: 'dir with space/ä.yml',
        line: 3,
        column: 5,
        endLine: 3,
        endColumn: 9,
        route: 'jobs.build.steps[0].run',
      },
      key: 'k',
    });
    const withRelated = { ...located, related: [{ path: 'other.yml', line: 1 }] };
    const sub = { ...finding(rule, { outcome: 'fail', message: 'sub', sub: 'part', severity: 'low' }) };
    const suppressed = {
      ...finding(rule, { outcome: 'fail', message: 'accepted', location: { path: 'a' } }),
      suppressed: { reason: 'risk accepted', expires: '2027-01-01' },
    };
    const passing = finding(rule, { outcome: 'pass', message: 'fine' });
    const doc = buildSarif({ rules: [rule], findings: [withRelated, sub, suppressed, passing] }) as SarifLog;
    expect(await sarifSchemaErrors(doc)).toEqual([]);
    const results = doc.runs[0]!.results;
    expect(results).toHaveLength(3);
    const first = results.find((r) =>
      r.locations?.[0]?.physicalLocation.artifactLocation.uri.startsWith('dir'),
    )!;
    expect(first.level).toBe('error');
    expect(first.locations![0]!.physicalLocation.artifactLocation.uri).toBe(
      pathToUri('dir with space/ä.yml'),
    );
    expect(first.locations![0]!.physicalLocation.artifactLocation.uri).toBe('dir%20with%20space/%C3%A4.yml');
    expect(first.partialFingerprints[FINGERPRINT_KEY]).toBe(located.fingerprint);
    expect(results.find((r) => r.ruleId === 'demo-rule/part')!.level).toBe('note');
    expect(results.find((r) => r.suppressions)!.suppressions![0]!.justification).toBe('risk accepted');
    expect(doc.runs[0]!.tool.driver.rules.map((r) => r.id).sort()).toEqual(['demo-rule', 'demo-rule/part']);
    // Other outcomes on request: kinds, and no level but "none".
    const all = buildSarif({
      rules: [rule],
      findings: [passing],
      outcomes: ['pass', 'fail'],
    }) as SarifLog;
    expect(await sarifSchemaErrors(all)).toEqual([]);
    expect(all.runs[0]!.results[0]).toMatchObject({ kind: 'pass', level: 'none' });
  });

  it('vouch assess --format sarif: valid, and a finding keeps its fingerprint when lines are inserted above it', async () => {
    // An expired suppression is a failing finding located in vouch.yaml.
    const root = makeRepo({
      'vouch.yaml': [
        'schemaVersion: 1',
        'product:',
        '  name: demo',
        'vendor:',
        '  name: Demo Ltd',
        'vendorRole: developer-and-distributor',
        'suppressions:',
        '  - rule: codeowners-present',
        '    reason: Two-person team.',
        '    expires: "2026-01-31"',
        '',
      ].join('\n'),
    });
    const run = async () => {
      const out = join(root, '..', `${root.split('/').pop()}.sarif`);
      const r = await runCli(['assess', root, '--format', 'sarif', '--output', out, '--today', '2026-12-01']);
      expect(r.err).not.toMatch(/internal error/);
      const doc = JSON.parse(readFileSync(out, 'utf8')) as SarifLog;
      rmSync(out);
      return doc;
    };
    const before = await run();
    expect(await sarifSchemaErrors(before)).toEqual([]);
    const results = before.runs[0]!.results;
    expect(results.length).toBeGreaterThan(0);
    const located = results.filter((r) => r.locations?.[0]?.physicalLocation.region?.startLine);
    expect(located.length).toBeGreaterThan(0);

    // Insert lines above everything in every file a located result points at.
    const touched = new Set(
      located.map((r) => decodeURIComponent(r.locations![0]!.physicalLocation.artifactLocation.uri)),
    );
    for (const path of touched) {
      const full = join(root, path);
      const text = readFileSync(full, 'utf8');
      writeFileSync(full, `# a\n# b\n# c\n${text}`);
    }
    const after = await run();
    for (const r of located) {
      const moved = after.runs[0]!.results.find(
        (x) => x.partialFingerprints[FINGERPRINT_KEY] === r.partialFingerprints[FINGERPRINT_KEY],
      );
      expect(moved, r.ruleId).toBeDefined();
      expect(moved!.locations![0]!.physicalLocation.region!.startLine).toBe(
        r.locations![0]!.physicalLocation.region!.startLine! + 3,
      );
    }
  }, 120_000);
});
