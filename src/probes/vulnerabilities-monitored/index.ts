/**
 * Passes only when the store can vouch for the product: it exists, is within the user's age
 * limit, and every unsuppressed match has a window (vouch.yaml) that has not passed. Anything the
 * tool could not see is `unknown` with what would decide it; overdue matches fail it.
 */
import type { Facts } from '../../collectors/types.js';
import { vulnerabilitiesFact } from '../../collectors/vulnerabilities/index.js';
import { priorities } from '../../vulnerabilities/priority.js';
import { factsFor } from '../common.js';
import { definitionFor } from '../definitions.js';
import { finding } from '../finding.js';
import { list, plural } from '../text.js';
import type { Finding, Probe } from '../types.js';
import { storeBlindness } from '../vulnerabilities.js';

const definition = definitionFor(import.meta.url);

function run(facts: Facts): Finding[] {
  const got = factsFor(facts, definition, vulnerabilitiesFact);
  if (!got.ok) return got.findings;
  const v = got.value;
  const blind = storeBlindness(v);
  if (v.store === 'absent' || blind)
    return [
      finding(definition, {
        outcome: 'unknown',
        message: `Components cannot be shown monitored: ${blind!.why}`,
        key: v.store === 'absent' ? 'no-store' : 'stale-store',
        remediation: blind!.decide,
      }),
    ];
  const { report } = v;
  if (report.checked === 0)
    return [
      finding(definition, {
        outcome: 'not-applicable',
        message: 'No pinned component in an ecosystem with advisories to monitor',
        key: 'nothing-checked',
      }),
    ];
  const overdue = report.matches.filter((m) => m.overdue);
  if (overdue.length > 0)
    return [
      finding(definition, {
        outcome: 'fail',
        message: `${plural(overdue.length, 'known vulnerability', 'known vulnerabilities')} past the remediation window (see vulnerabilities-overdue)`,
        key: 'overdue',
      }),
    ];
  const windowless = priorities.filter((p) => report.matches.some((m) => m.priority === p && !m.due));
  if (windowless.length > 0)
    return [
      finding(definition, {
        outcome: 'unknown',
        message: `Matches of priority ${list(windowless)} have no remediation window, so whether they are handled in time cannot be said`,
        key: 'no-window',
        remediation: `Set vulnerabilities.windows.${windowless[0]} (days) in vouch.yaml for each priority: ${list(windowless)}.`,
      }),
    ];
  const due = report.matches.map((m) => m.due!).sort();
  return [
    finding(definition, {
      outcome: 'pass',
      message:
        `Advisory store imported ${report.store.importedAt!.slice(0, 10)} (limit ${plural(report.store.maxAgeDays, 'day')}); ` +
        `${plural(report.checked, 'component')} checked; ` +
        (due.length === 0
          ? 'no unsuppressed match'
          : `${plural(due.length, 'unsuppressed match', 'unsuppressed matches')}, each inside its window (earliest due ${due[0]})`) +
        `; ${report.suppressed.length} suppressed by VEX`,
      key: 'monitored',
    }),
  ];
}

export const probe: Probe = { definition, run };
