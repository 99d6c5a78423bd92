import { describe, expect, it } from 'vitest';
import { ACME_RECORDS, repoWithStore } from '../../../test/helpers/vulnerability-store.js';
import { actionAdvisoriesCollector } from '../../collectors/action-advisories/index.js';
import { collectors } from '../../collectors/index.js';
import { collectFacts, defaultRunContext, withNeeds } from '../../collectors/run.js';
import { buildInventory } from '../../inventory/walk.js';
import { probe } from './index.js';

/** Made up for the test, shaped as GHSA publishes GitHub Actions advisories in OSV. */
const ACTION_RECORD = {
  schema_version: '1.6.0',
  id: 'GHSA-acme-chgd-0001',
  modified: '2026-03-20T00:00:00Z',
  published: '2026-03-15T00:00:00Z',
  aliases: ['CVE-2026-99911'],
  summary: 'acme-actions/changed-files leaks CI secrets to the log',
  severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N' }],
  affected: [
    {
      package: { ecosystem: 'GitHub Actions', name: 'acme-actions/changed-files' },
      ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '46.0.1' }] }],
      database_specific: { source: 'https://github.com/github/advisory-database' },
    },
  ],
  references: [{ type: 'ADVISORY', url: 'https://example.invalid/GHSA-acme-chgd-0001' }],
  database_specific: { severity: 'CRITICAL', cwe_ids: ['CWE-506'], github_reviewed: true },
};

/** Another action's advisory: the store holds the ecosystem, but nothing for the actions below. */
const OTHER_ACTION_RECORD = {
  schema_version: '1.6.0',
  id: 'GHSA-acme-othr-0002',
  modified: '2026-03-20T00:00:00Z',
  affected: [
    {
      package: { ecosystem: 'GitHub Actions', name: 'acme-actions/other' },
      ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '2.0.0' }] }],
    },
  ],
  database_specific: { severity: 'MODERATE' },
};

const W = '.github/workflows/ci.yml';
const SHA = '0123456789abcdef0123456789abcdef01234567';

function workflow(...uses: string[]): string {
  return `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
${uses.map((u) => `      - uses: ${u}\n`).join('')}`;
}

async function findingsFor(files: Record<string, string>, records?: readonly object[]) {
  const root = await repoWithStore({ files, ...(records ? { records } : {}) });
  const inventory = await buildInventory(root, { readGit: false });
  const facts = await collectFacts(inventory, withNeeds([actionAdvisoriesCollector], collectors), {
    run: defaultRunContext({ today: '2026-04-01' }),
  });
  return probe.run(facts);
}

describe('gha-known-vulnerable-actions', () => {
  it('fails at the uses: line of an affected release, with the advisory, aliases, fix and severity', async () => {
    const found = await findingsFor(
      { [W]: workflow('actions/checkout@v4', 'acme-actions/changed-files@v45.0.7') },
      [ACTION_RECORD, OTHER_ACTION_RECORD],
    );
    expect(found).toHaveLength(1);
    const [f] = found;
    expect(f?.outcome).toBe('fail');
    expect(f?.severity).toBe('critical');
    expect(f?.location).toMatchObject({ path: W, line: 7, column: 15 });
    expect(f?.message).toContain('GHSA-acme-chgd-0001 (CVE-2026-99911)');
    expect(f?.message).toContain('fixed in 46.0.1');
    expect(f?.remediation).toContain('46.0.1');
  });

  it('matches the owner and repository without case, and an action in a subfolder by its repository', async () => {
    const found = await findingsFor({ [W]: workflow('Acme-Actions/Changed-Files/sub@v46.0.0') }, [
      ACTION_RECORD,
    ]);
    expect(found.map((f) => [f.outcome, f.location?.line])).toEqual([['fail', 6]]);
  });

  it('passes the fixed release and actions the store has no advisory for', async () => {
    const found = await findingsFor(
      { [W]: workflow('acme-actions/changed-files@v46.0.1', 'acme-actions/unrelated@v1.0.0') },
      [ACTION_RECORD, OTHER_ACTION_RECORD],
    );
    expect(found.map((f) => f.outcome)).toEqual(['pass']);
  });

  it('is unknown for a commit SHA, a moving major tag or a branch of an action with an advisory', async () => {
    const found = await findingsFor(
      {
        [W]: workflow(
          `acme-actions/changed-files@${SHA}`,
          'acme-actions/changed-files@v45',
          'acme-actions/changed-files@main',
          `acme-actions/unrelated@${SHA}`,
        ),
      },
      [ACTION_RECORD],
    );
    expect(found.map((f) => [f.outcome, f.location?.line])).toEqual([
      ['unknown', 6],
      ['unknown', 7],
      ['unknown', 8],
    ]);
    expect(found[0]?.message).toContain('tag-to-commit map');
    expect(found[1]?.message).toContain('moving major or minor tag');
    expect(found[2]?.message).toContain('branch');
  });

  it('is unknown, saying how to decide it, without a store or with one that holds no GitHub Actions advisories', async () => {
    const files = { [W]: workflow('acme-actions/changed-files@v45.0.7') };
    for (const records of [undefined, ACME_RECORDS]) {
      const found = await findingsFor(files, records);
      expect(found).toHaveLength(1);
      expect(found[0]?.outcome).toBe('unknown');
      expect(found[0]?.message).toMatch(records ? /holds no GitHub Actions advisories/ : /no advisory store/);
      expect(found[0]?.remediation).toContain('vouch db import');
    }
  });

  it('is not applicable without GitHub Actions files, store or not', async () => {
    const found = await findingsFor({ 'README.md': '# app\n' }, [ACTION_RECORD]);
    expect(found.map((f) => f.outcome)).toEqual(['not-applicable']);
  });

  it('is not applicable without a store when the workflows use no published action', async () => {
    const local = `on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n      - uses: ./.github/actions/local\n`;
    const found = await findingsFor({ [W]: local });
    expect(found.map((f) => [f.outcome, f.message])).toEqual([
      ['not-applicable', 'the GitHub Actions files use no published action, so no advisory can name one'],
    ]);
  });
});
