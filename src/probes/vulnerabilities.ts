/**
 * What the vulnerability probes share: the store's state said once (absent, never imported,
 * stale), the severity a priority carries, and a match named in one line. Advisory data is as
 * hostile as the repository: every id and name goes through oneLine.
 */
import type { StoreState, TimedMatch } from '../app/vulns.js';
import type { VulnerabilityFacts } from '../collectors/vulnerabilities/index.js';
import type { Priority } from '../vulnerabilities/priority.js';
import { oneLine, plural } from './text.js';
import type { Severity } from './types.js';

export const SEVERITY_OF_PRIORITY: Record<Priority, Severity> = {
  'known-exploited': 'critical',
  high: 'high',
  medium: 'medium',
  low: 'low',
};

/** Why the store cannot vouch for the absence of vulnerabilities, or undefined when it can. */
export function storeBlindness(facts: VulnerabilityFacts): { why: string; decide: string } | undefined {
  if (facts.store === 'absent')
    return {
      why: `no advisory store at ${oneLine(facts.shown, 200)}`,
      decide:
        'Import advisories (`vouch db import <OSV files or zips>`, or `vouch db update` online) into ' +
        '.vouch/vouch.db, or name the store with `vouch assess --db FILE`.',
    };
  return staleness(facts.report.store, facts.shown);
}

function staleness(s: StoreState, shown: string): { why: string; decide: string } | undefined {
  if (!s.stale) return undefined;
  return {
    why:
      s.importedAt === undefined
        ? `the advisory store ${oneLine(shown, 200)} holds no imported advisories`
        : `the advisory store was last imported ${s.importedAt.slice(0, 10)}, ${plural(s.ageDays ?? 0, 'day')} before this run, beyond the limit of ${plural(s.maxAgeDays, 'day')} (vulnerabilities.maxDatabaseAge)`,
    decide:
      'Refresh the store (`vouch db update`, or `vouch db import` of current OSV data) and assess again.',
  };
}

/** "lodash@4.17.20 is affected by GHSA-… (CVE-…)" */
export function matchName(m: TimedMatch): string {
  const aliases =
    m.aliases.length > 0
      ? ` (${m.aliases
          .slice(0, 3)
          .map((a) => oneLine(a, 60))
          .join(', ')})`
      : '';
  return `${oneLine(`${m.component.name}@${m.component.version}`, 100)} is affected by ${oneLine(m.id, 60)}${aliases}`;
}

export function fixAdvice(m: TimedMatch): string {
  return m.fix
    ? `Upgrade ${oneLine(m.component.name, 100)} to ${oneLine(m.fix, 40)} or later`
    : `No fixed version of ${oneLine(m.component.name, 100)} is known: replace or mitigate it`;
}
