import { describe, expect, it } from 'vitest';
import {
  ACME_LOCK,
  ACME_RECORDS,
  repoWithStore,
  vouchYaml,
  vulnerabilityFactsAt,
} from '../../../test/helpers/vulnerability-store.js';
import { collectFacts } from '../../collectors/run.js';
import { vulnerabilitiesFact } from '../../collectors/vulnerabilities/index.js';
import { memoryInventory } from '../../inventory/memory.js';
import { probe } from './index.js';

const POLICY = 'vulnerabilities:\n  windows:\n    medium: 14\n  maxDatabaseAge: 30\n';

describe('vulnerabilities-overdue', () => {
  it('fails with the first-seen and due dates once the window has passed, at the lockfile', async () => {
    const root = await repoWithStore({
      files: { 'package-lock.json': ACME_LOCK, 'vouch.yaml': vouchYaml(POLICY) },
      records: ACME_RECORDS,
    });
    // First seen on the first run that matches it; the window counts from there.
    const early = probe.run(await vulnerabilityFactsAt(root, '2026-03-02'));
    expect(early.map((f) => f.outcome)).toEqual(['pass']);
    expect(early[0]!.message).toMatch(/2 components checked, 1 unsuppressed match, 0 suppressed/);
    const onTheDay = probe.run(await vulnerabilityFactsAt(root, '2026-03-16'));
    expect(onTheDay.map((f) => f.outcome)).toEqual(['pass']);
    const late = probe.run(await vulnerabilityFactsAt(root, '2026-03-20'));
    expect(late).toHaveLength(1);
    expect(late[0]).toMatchObject({
      rule: 'vulnerabilities-overdue',
      outcome: 'fail',
      severity: 'medium',
      location: { path: 'package-lock.json' },
    });
    expect(late[0]!.message).toBe(
      'acme-widget@1.0.0 is affected by GHSA-acme-widg-0001 (CVE-2026-99901); priority medium, first seen 2026-03-02, due 2026-03-16 (14 days window), 4 days overdue on 2026-03-20',
    );
    expect(late[0]!.remediation).toMatch(/^Upgrade acme-widget to 1\.2\.0 or later/);
    // Stable: the same finding a day later keeps its fingerprint.
    const later = probe.run(await vulnerabilityFactsAt(root, '2026-03-21'));
    expect(later[0]!.fingerprint).toBe(late[0]!.fingerprint);
  });

  it('is unknown without a store, saying how to get one', async () => {
    const root = await repoWithStore({ files: { 'package-lock.json': ACME_LOCK } });
    const [f] = probe.run(await vulnerabilityFactsAt(root, '2026-03-02'));
    expect(f).toMatchObject({ outcome: 'unknown' });
    expect(f!.message).toMatch(/no advisory store at .*\.vouch\/vouch\.db/);
    expect(f!.remediation).toMatch(/vouch db import/);
  });

  it('reads the store the run names instead of the default one', async () => {
    const withStore = await repoWithStore({
      files: { 'package-lock.json': ACME_LOCK, 'vouch.yaml': vouchYaml(POLICY) },
      records: ACME_RECORDS,
    });
    const bare = await repoWithStore({
      files: { 'package-lock.json': ACME_LOCK, 'vouch.yaml': vouchYaml(POLICY) },
    });
    const facts = await vulnerabilityFactsAt(bare, '2026-03-02', `${withStore}/.vouch/vouch.db`);
    expect(probe.run(facts).map((f) => f.outcome)).toEqual(['pass']);
  });

  it('is unknown when nothing is overdue but the store is older than the limit; overdue still fails', async () => {
    const root = await repoWithStore({
      files: { 'package-lock.json': ACME_LOCK, 'vouch.yaml': vouchYaml(POLICY) },
      records: ACME_RECORDS,
    });
    const [stale] = probe.run(await vulnerabilityFactsAt(root, '2026-04-15'));
    expect(stale).toMatchObject({ outcome: 'unknown' });
    expect(stale!.message).toMatch(
      /last imported 2026-03-01, 45 days before this run, beyond the limit of 30 days/,
    );
    expect(stale!.remediation).toMatch(/vouch db update/);
    // First seen 2026-04-15: due 2026-04-29; an overdue match is a fact however old the store is.
    expect(probe.run(await vulnerabilityFactsAt(root, '2026-05-01'))[0]?.outcome).toBe('fail');
  });

  it('is not-applicable when no component could be looked up', async () => {
    const root = await repoWithStore({ files: { 'README.md': 'hi' }, records: ACME_RECORDS });
    expect(probe.run(await vulnerabilityFactsAt(root, '2026-03-02'))[0]?.outcome).toBe('not-applicable');
  });

  it('reports a collector failure as error, never as fail', async () => {
    const facts = await collectFacts(memoryInventory({}), [
      {
        fact: vulnerabilitiesFact,
        collect: async () => {
          throw new Error('store is corrupt');
        },
      },
    ]);
    const [f] = probe.run(facts);
    expect(f).toMatchObject({ outcome: 'error' });
    expect(f!.message).toMatch(/store is corrupt/);
  });
});
