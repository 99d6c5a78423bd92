import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importRecords } from '../../../test/helpers/vulnerability-store.js';
import { sarifSchemaErrors } from '../../formats/sarif/validate.js';
import { runRegistered } from '../test-helpers.js';
import { registerCiCommand } from './ci.js';

const SHA = '0123456789abcdef0123456789abcdef01234567';
const WORKFLOW = `on: pull_request_target
permissions: {}
jobs:
  greet:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@${SHA}
        with:
          persist-credentials: false
      - run: echo "\${{ github.event.pull_request.title }}"
      - run: echo "\${{ github.head_ref }}" # vouch: ignore[gha-template-injection] the branch name is checked above
      - uses: acme/tool@v1 # vouch: ignore[gha-unpinned-uses]
`;

function repo(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'vouch-ci-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const run = (...args: string[]) => runRegistered(registerCiCommand, ['ci', ...args]);

describe('vouch ci', () => {
  const root = repo({ '.github/workflows/pr.yml': WORKFLOW });

  it('writes JSON findings with rule, severity, confidence and location, and exits 1', async () => {
    const { out, code } = await run(root, '--format', 'json');
    expect(code).toBe(1);
    const r = JSON.parse(out);
    const open = r.findings.filter((f: { suppressed?: unknown }) => !f.suppressed);
    // The trigger alone, with no checkout of the pull request's code, is an observation, not a gate failure.
    expect(open.map((f: { rule: string; location: { line: number } }) => [f.rule, f.location.line])).toEqual([
      ['gha-template-injection', 10],
      ['gha-unpinned-uses', 12],
    ]);
    expect(open[0]).toMatchObject({
      severity: 'high',
      confidence: 'high',
      location: { path: '.github/workflows/pr.yml', line: 10, column: 24 },
    });
    // an inline suppression with a reason is honoured; one without a reason is not
    const suppressed = r.findings.filter((f: { suppressed?: unknown }) => f.suppressed);
    expect(suppressed.map((f: { location: { line: number } }) => f.location.line)).toEqual([11]);
  });

  it('passes the gate when every finding is below --min-severity', async () => {
    const quiet = repo({
      '.github/workflows/ok.yml': `on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@${SHA}\n      - uses: actions/upload-artifact@${SHA}\n`,
    });
    const low = await run(quiet);
    expect(low.code).toBe(1);
    expect(low.out).toMatch(/gha-persisted-credentials/);
    const high = await run(quiet, '--min-severity', 'high');
    expect(high.code).toBe(0);
    expect(high.out).toMatch(/0 at or above severity high/);
  });

  it('honours vouch.yaml suppressions with a reason and expiry', async () => {
    const manifest = readFileSync(new URL('../../../vouch.yaml', import.meta.url), 'utf8').replace(
      /^suppressions:.*$/m,
      'suppressions:\n  - rule: gha-template-injection\n    reason: title checked, reviewed\n    expires: 2999-01-01',
    );
    const r = JSON.parse(
      (await run(repo({ '.github/workflows/pr.yml': WORKFLOW, 'vouch.yaml': manifest }), '-f', 'json')).out,
    );
    const injection = r.findings.find(
      (f: { rule: string; location: { line: number } }) =>
        f.rule === 'gha-template-injection' && f.location.line === 10,
    );
    expect(injection.suppressed).toEqual({ reason: 'title checked, reviewed', expires: '2999-01-01' });
  });

  it('lists what the tree cannot decide, without gating on it', async () => {
    const selfHosted = repo({
      '.github/workflows/build.yml': `on: push\npermissions: {}\njobs:\n  a:\n    runs-on: self-hosted\n    steps:\n      - run: make\n`,
    });
    const text = await run(selfHosted);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(
      /^\.github\/workflows\/build\.yml:5:\d+: unknown gha-self-hosted-runner\/label: /m,
    );
    expect(text.out).toMatch(
      /0 at or above severity low and confidence low; 1 not decided from the tree \(not gating\)\n$/,
    );
    const json = JSON.parse((await run(selfHosted, '-f', 'json')).out);
    expect(json.findings).toEqual([]);
    expect(json.undecided.map((f: { rule: string; outcome: string }) => [f.rule, f.outcome])).toEqual([
      ['gha-self-hosted-runner/label', 'unknown'],
    ]);
  });

  it('writes SARIF 2.1.0 that validates against the official schema', async () => {
    const { out } = await run(root, '--format', 'sarif');
    const doc = JSON.parse(out);
    expect(await sarifSchemaErrors(doc)).toEqual([]);
    expect(doc.runs[0].results.length).toBeGreaterThanOrEqual(3);
  });

  it('gates on an action release an advisory in the store (--db) names, and says nothing of it without one', async () => {
    const workflow = `on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: acme-actions/changed-files@v45.0.7 # vouch: ignore[gha-unpinned-uses] the release is checked\n`;
    const root = repo({ '.github/workflows/ok.yml': workflow });
    const without = JSON.parse((await run(root, '-f', 'json')).out);
    expect(without.findings.filter((f: { suppressed?: unknown }) => !f.suppressed)).toEqual([]);
    const store = join(mkdtempSync(join(tmpdir(), 'vouch-ci-db-')), 'advisories.db');
    // made up for the test, shaped as GHSA publishes GitHub Actions advisories in OSV
    await importRecords(
      store,
      [
        {
          schema_version: '1.6.0',
          id: 'GHSA-acme-chgd-0001',
          modified: '2026-03-20T00:00:00Z',
          aliases: ['CVE-2026-99911'],
          affected: [
            {
              package: { ecosystem: 'GitHub Actions', name: 'acme-actions/changed-files' },
              ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '46.0.1' }] }],
            },
          ],
          database_specific: { severity: 'HIGH' },
        },
      ],
      '2026-03-21T00:00:00.000Z',
    );
    const { out, code } = await run(root, '-f', 'json', '--db', store);
    expect(code).toBe(1);
    const open = JSON.parse(out).findings.filter((f: { suppressed?: unknown }) => !f.suppressed);
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({
      rule: 'gha-known-vulnerable-actions',
      severity: 'high',
      location: { path: '.github/workflows/ok.yml', line: 7, column: 15 },
    });
    expect(open[0].message).toContain('fixed in 46.0.1');
  });
});
