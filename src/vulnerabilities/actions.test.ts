import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importRecords } from '../../test/helpers/vulnerability-store.js';
import { openStore } from '../store/db.js';
import { matchActionRef, readActionAdvisories } from './actions.js';

/** Made up for the test, shaped as OSV's GitHub Actions records. */
function record(id: string, name: string, events: object[], extra: object = {}) {
  return {
    schema_version: '1.6.0',
    id,
    modified: '2026-03-20T00:00:00Z',
    affected: [{ package: { ecosystem: 'GitHub Actions', name }, ranges: [{ type: 'ECOSYSTEM', events }] }],
    ...extra,
  };
}

async function advisoriesFor(records: object[], names: string[]) {
  const file = join(mkdtempSync(join(tmpdir(), 'vouch-actions-')), 'vouch.db');
  await importRecords(file, records, '2026-03-21T00:00:00.000Z');
  const store = await openStore(file, { readOnly: true });
  try {
    return readActionAdvisories(store, names);
  } finally {
    await store.close();
  }
}

describe('GitHub Actions advisories from the store', () => {
  it('reads the asked actions only, leaves withdrawn records out, and takes severity from GHSA or CVSS', async () => {
    const got = await advisoriesFor(
      [
        record('GHSA-aaaa-0001', 'acme/one', [{ introduced: '0' }, { fixed: '2.0.0' }], {
          severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }],
        }),
        record('GHSA-aaaa-0002', 'acme/one', [{ introduced: '1.0.0' }], {
          withdrawn: '2026-03-19T00:00:00Z',
        }),
        record('GHSA-aaaa-0003', 'acme/two', [{ introduced: '0' }], {
          database_specific: { severity: 'LOW' },
        }),
      ],
      ['ACME/One'],
    );
    expect(got.holdsEcosystem).toBe(true);
    expect([...got.byName.keys()]).toEqual(['acme/one']);
    expect(got.byName.get('acme/one')?.map((a) => [a.id, a.severity])).toEqual([
      ['GHSA-aaaa-0001', 'critical'],
    ]);
  });

  it('says when the store holds no advisory of the ecosystem', async () => {
    const npmOnly = {
      schema_version: '1.6.0',
      id: 'GHSA-npm-0001',
      modified: '2026-03-20T00:00:00Z',
      affected: [
        {
          package: { ecosystem: 'npm', name: 'acme/one' },
          ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }] }],
        },
      ],
    };
    const got = await advisoriesFor([npmOnly], ['acme/one']);
    expect(got.holdsEcosystem).toBe(false);
    expect(got.byName.size).toBe(0);
  });

  it('matches full version tags, with the fix when one is known, and leaves the rest undecided', async () => {
    const got = await advisoriesFor(
      [
        record('GHSA-bbbb-0001', 'acme/one', [{ introduced: '1.0.0' }, { last_affected: '1.4.2' }]),
        record('GHSA-bbbb-0002', 'acme/one', [{ introduced: '1.2.0' }, { fixed: '1.3.0' }]),
      ],
      ['acme/one'],
    );
    const list = got.byName.get('acme/one') ?? [];
    const summary = (ref: string) =>
      matchActionRef(list, ref).map((m) =>
        m.status === 'affected' ? [m.advisory.id, m.version, m.fixed ?? '-'] : [m.advisory.id, m.status],
      );
    expect(summary('v1.2.5')).toEqual([
      ['GHSA-bbbb-0001', '1.2.5', '-'],
      ['GHSA-bbbb-0002', '1.2.5', '1.3.0'],
    ]);
    expect(summary('1.4.3')).toEqual([]);
    expect(summary('v0.9.0')).toEqual([]);
    expect(summary('v1')).toEqual([
      ['GHSA-bbbb-0001', 'undecided'],
      ['GHSA-bbbb-0002', 'undecided'],
    ]);
    expect(matchActionRef([], 'main')).toEqual([]);
  });
});
