/**
 * One failing finding per unsuppressed match past its remediation window, with the dates that
 * make it overdue, at the lockfile line that declares the component. Overdue matches are decided
 * facts even when the store is stale; the absence of them is not, so then it says `unknown`.
 */

import type { Facts } from '../../collectors/types.js';
import { vulnerabilitiesFact } from '../../collectors/vulnerabilities/index.js';
import { factsFor } from '../common.js';
import { definitionFor } from '../definitions.js';
import { finding } from '../finding.js';
import { plural } from '../text.js';
import type { Finding, Probe } from '../types.js';
import { fixAdvice, matchName, SEVERITY_OF_PRIORITY, storeBlindness } from '../vulnerabilities.js';

const definition = definitionFor(import.meta.url);
const DAY_MS = 86_400_000;

function run(facts: Facts): Finding[] {
  const got = factsFor(facts, definition, vulnerabilitiesFact);
  if (!got.ok) return got.findings;
  const v = got.value;
  const blind = storeBlindness(v);
  if (v.store === 'absent')
    return [
      finding(definition, {
        outcome: 'unknown',
        message: `Whether any known vulnerability is overdue cannot be said: ${blind!.why}`,
        key: 'no-store',
        remediation: blind!.decide,
      }),
    ];
  const { report } = v;
  const today = facts.run.today;
  const overdue = report.matches.filter((m) => m.overdue);
  if (overdue.length > 0)
    return overdue.map((m) => {
      const late = Math.round((Date.parse(today) - Date.parse(m.due!)) / DAY_MS);
      return finding(definition, {
        outcome: 'fail',
        severity: SEVERITY_OF_PRIORITY[m.priority],
        message:
          `${matchName(m)}; priority ${m.priority}, first seen ${m.firstSeen}, due ${m.due} ` +
          `(${plural(m.windowDays ?? 0, 'day')} window), ${plural(late, 'day')} overdue on ${today}`,
        location: { path: m.location.path, ...(m.location.line ? { line: m.location.line } : {}) },
        key: `${m.id}|${m.purl}`,
        remediation: `${fixAdvice(m)}; or, if the product is not affected, say why in a VEX statement with an expiry.`,
      });
    });
  if (report.checked === 0)
    return [
      finding(definition, {
        outcome: 'not-applicable',
        message: 'No pinned component in an ecosystem with advisories, so nothing could be overdue',
        key: 'nothing-checked',
      }),
    ];
  if (blind)
    return [
      finding(definition, {
        outcome: 'unknown',
        message: `No match is past its window, but ${blind.why}, so newer advisories may be missing`,
        key: 'stale-store',
        remediation: blind.decide,
      }),
    ];
  return [
    finding(definition, {
      outcome: 'pass',
      message:
        `No known vulnerability is past its window: ${plural(report.checked, 'component')} checked, ` +
        `${plural(report.matches.length, 'unsuppressed match', 'unsuppressed matches')}, ` +
        `${report.suppressed.length} suppressed by VEX`,
      key: 'none-overdue',
    }),
  ];
}

export const probe: Probe = { definition, run };
