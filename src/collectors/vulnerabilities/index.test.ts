import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ACME_LOCK,
  ACME_RECORDS,
  repoWithStore,
  vulnerabilityFactsAt,
} from '../../../test/helpers/vulnerability-store.js';
import { storeFileFor, type VulnerabilityFacts, vulnerabilitiesFact } from './index.js';

describe('vulnerabilities collector', () => {
  it('says the store is absent, and creates none, when there is no store file', async () => {
    const root = await repoWithStore({ files: { 'package-lock.json': ACME_LOCK } });
    const facts = await vulnerabilityFactsAt(root, '2026-03-02');
    expect(facts.get<VulnerabilityFacts>(vulnerabilitiesFact)).toEqual({
      store: 'absent',
      file: join(root, '.vouch', 'vouch.db'),
      // Reports name the store relative to the repository: no machine paths in outputs.
      shown: join('.vouch', 'vouch.db'),
    });
    expect(existsSync(join(root, '.vouch'))).toBe(false);
  });

  it('matches the composition against the store, recording first-seen dates there', async () => {
    const root = await repoWithStore({ files: { 'package-lock.json': ACME_LOCK }, records: ACME_RECORDS });
    const first = (await vulnerabilityFactsAt(root, '2026-03-02')).get<VulnerabilityFacts>(
      vulnerabilitiesFact,
    );
    expect(first?.store).toBe('present');
    if (first?.store !== 'present') return;
    expect(first.report.checked).toBe(2);
    expect(first.report.matches.map((m) => [m.id, m.purl, m.firstSeen, m.priority])).toEqual([
      ['GHSA-acme-widg-0001', 'pkg:npm/acme-widget@1.0.0', '2026-03-02', 'medium'],
    ]);
    const later = (await vulnerabilityFactsAt(root, '2026-04-02')).get<VulnerabilityFacts>(
      vulnerabilitiesFact,
    );
    expect(later?.store === 'present' && later.report.matches[0]?.firstSeen).toBe('2026-03-02');
  });

  it('resolves a relative store setting against the root', () => {
    expect(storeFileFor('/repo', 'data/v.db')).toBe('/repo/data/v.db');
    expect(storeFileFor('/repo', '/elsewhere/v.db')).toBe('/elsewhere/v.db');
    expect(storeFileFor('/repo', undefined)).toBe('/repo/.vouch/vouch.db');
  });
});
