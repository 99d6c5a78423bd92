import { describe, expect, it } from 'vitest';
import {
  ACME_LOCK,
  ACME_RECORDS,
  repoWithStore,
  vouchYaml,
  vulnerabilityFactsAt,
} from '../../../test/helpers/vulnerability-store.js';
import { probe as overdue } from '../vulnerabilities-overdue/index.js';
import { probe } from './index.js';

const POLICY = `vulnerabilities:
  vex:
    - vulnerability: CVE-2026-99901
      products: [pkg:npm/acme-widget]
      status: not_affected
      justification: vulnerable_code_not_in_execute_path
      expires: "2026-03-31"
  vexFiles:
    - path: vex/missing.json
      expires: "2027-01-01"
  windows:
    medium: 14
  maxDatabaseAge: 90
`;

describe('vulnerabilities-vex', () => {
  it('lists what each statement suppressed; an expired one is listed as such and stops applying', async () => {
    const root = await repoWithStore({
      files: { 'package-lock.json': ACME_LOCK, 'vouch.yaml': vouchYaml(POLICY) },
      records: ACME_RECORDS,
    });
    const inForce = await vulnerabilityFactsAt(root, '2026-03-02');
    const listed = probe.run(inForce);
    expect(listed.map((f) => [f.rule, f.outcome])).toEqual([
      ['vulnerabilities-vex', 'observation'],
      ['vulnerabilities-vex/unread', 'observation'],
    ]);
    expect(listed[0]!.message).toBe(
      'VEX not_affected for CVE-2026-99901 (pkg:npm/acme-widget) from vouch.yaml until 2026-03-31, vulnerable_code_not_in_execute_path: suppressed 1 match (GHSA-acme-widg-0001 in pkg:npm/acme-widget@1.0.0)',
    );
    expect(listed[1]!.message).toMatch(/vex\/missing\.json is not in the repository/);
    // Suppressed: nothing overdue however late, while the statement holds.
    expect(overdue.run(await vulnerabilityFactsAt(root, '2026-03-31'))[0]?.outcome).toBe('pass');
    // Expired on 2026-03-31: from 2026-04-01 the match counts again, first seen that day.
    const expired = await vulnerabilityFactsAt(root, '2026-04-01');
    expect(probe.run(expired)[0]!.message).toMatch(/expired on 2026-03-31: no longer applied/);
    expect(overdue.run(await vulnerabilityFactsAt(root, '2026-04-16'))[0]).toMatchObject({
      outcome: 'fail',
    });
  });

  it('is not-applicable without statements or without a store', async () => {
    const bare = await repoWithStore({ files: { 'package-lock.json': ACME_LOCK }, records: ACME_RECORDS });
    expect(probe.run(await vulnerabilityFactsAt(bare, '2026-03-02'))[0]?.outcome).toBe('not-applicable');
    const none = await repoWithStore({
      files: { 'package-lock.json': ACME_LOCK, 'vouch.yaml': vouchYaml(POLICY) },
    });
    expect(probe.run(await vulnerabilityFactsAt(none, '2026-03-02'))[0]?.outcome).toBe('not-applicable');
  });
});
