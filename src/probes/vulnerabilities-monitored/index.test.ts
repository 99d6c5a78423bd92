import { describe, expect, it } from 'vitest';
import {
  ACME_LOCK,
  ACME_RECORDS,
  repoWithStore,
  vouchYaml,
  vulnerabilityFactsAt,
} from '../../../test/helpers/vulnerability-store.js';
import { probe } from './index.js';

const files = (policy: string) => ({ 'package-lock.json': ACME_LOCK, 'vouch.yaml': vouchYaml(policy) });

describe('vulnerabilities-monitored', () => {
  it('passes with a fresh store and every match inside its window, and fails once one is overdue', async () => {
    const root = await repoWithStore({
      files: files('vulnerabilities:\n  windows:\n    medium: 14\n  maxDatabaseAge: 30\n'),
      records: ACME_RECORDS,
    });
    const [ok] = probe.run(await vulnerabilityFactsAt(root, '2026-03-02'));
    expect(ok).toMatchObject({ outcome: 'pass' });
    expect(ok!.message).toBe(
      'Advisory store imported 2026-03-01 (limit 30 days); 2 components checked; 1 unsuppressed match, each inside its window (earliest due 2026-03-16); 0 suppressed by VEX',
    );
    const [late] = probe.run(await vulnerabilityFactsAt(root, '2026-03-17'));
    expect(late).toMatchObject({ outcome: 'fail' });
    expect(late!.message).toMatch(/1 known vulnerability past the remediation window/);
  });

  it('is unknown when a match has no window for its priority, naming the setting', async () => {
    const root = await repoWithStore({
      files: files('vulnerabilities:\n  windows:\n    high: 7\n'),
      records: ACME_RECORDS,
    });
    const [f] = probe.run(await vulnerabilityFactsAt(root, '2026-03-02'));
    expect(f).toMatchObject({ outcome: 'unknown' });
    expect(f!.message).toMatch(/priority medium have no remediation window/);
    expect(f!.remediation).toMatch(/vulnerabilities\.windows\.medium/);
  });

  it('is unknown, never pass, with no store or a stale one, even with nothing matched', async () => {
    const none = await repoWithStore({ files: files('') });
    expect(probe.run(await vulnerabilityFactsAt(none, '2026-03-02'))[0]).toMatchObject({
      outcome: 'unknown',
    });
    // Default limit 7 days; imported 2026-03-01.
    const stale = await repoWithStore({ files: files(''), records: [ACME_RECORDS[1]!] });
    const [f] = probe.run(await vulnerabilityFactsAt(stale, '2026-03-09'));
    expect(f).toMatchObject({ outcome: 'unknown' });
    expect(f!.message).toMatch(/8 days before this run, beyond the limit of 7 days/);
    expect(probe.run(await vulnerabilityFactsAt(stale, '2026-03-08'))[0]?.outcome).toBe('pass');
  });
});
