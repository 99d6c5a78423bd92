/**
 * SSCoP 4.3.2: for each incident vouch.yaml records, was the first customer notice within the
 * window the vendor commits to? Measured from detection to the first notice, as instants (a bare
 * date is that day at 00:00 UTC), against the run's clock for incidents with no notice yet.
 */
import type { Incident } from '../../manifest/schema.js';
import { declaredIncidents } from '../common.js';
import { definitionFor } from '../definitions.js';
import { finding } from '../finding.js';
import { oneLine } from '../text.js';
import type { Finding, Probe } from '../types.js';

const definition = definitionFor(import.meta.url);
const DAY_MS = 86_400_000;

const instant = (value: string) =>
  Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const days = (ms: number) => Math.round((ms / DAY_MS) * 10) / 10;

/** A low-severity incident's late notice caps the claim at partial instead of refuting it. */
const findingSeverity = (i: Incident) => (i.severity === 'low' ? ('low' as const) : undefined);

export const probe: Probe = {
  definition,
  run(facts) {
    const declared = declaredIncidents(
      facts,
      definition,
      'Whether customers were told of incidents promptly',
      'sscop:4.3.2',
    );
    if (!declared.ok) return declared.findings;
    const { records, noticeWithinDays } = declared.section;
    if (records.length === 0)
      return [
        finding(definition, {
          outcome: 'unknown',
          message:
            'vouch.yaml records no incidents: there is no notice to measure (if none happened, a person attests sscop:4.3.2)',
          location: { path: 'vouch.yaml', route: 'incidents.records' },
          key: 'no-records',
        }),
      ];
    const now = facts.run.now.getTime();
    const windowMs = noticeWithinDays * DAY_MS;
    const out: Finding[] = [];
    records.forEach((incident, i) => {
      const id = oneLine(incident.id, 60);
      const detected = instant(incident.detected);
      const location = declared.itemLocation(i);
      const first = incident.notices.map((n) => instant(n.date)).sort((a, b) => a - b)[0];
      const key = incident.id;
      if (first === undefined) {
        if (now - detected <= windowMs) {
          out.push(
            finding(definition, {
              outcome: 'unknown',
              message: `${id} was detected on ${day(detected)}; its ${noticeWithinDays}-day notice window is still open and no notice is recorded yet`,
              location,
              key,
            }),
          );
          return;
        }
        out.push(
          finding(definition, {
            outcome: 'fail',
            ...(findingSeverity(incident) ? { severity: findingSeverity(incident) } : {}),
            message: `${id} (${incident.severity}) was detected on ${day(detected)} and no customer notice is recorded; the ${noticeWithinDays}-day window ended on ${day(detected + windowMs)}`,
            location,
            key,
          }),
        );
        return;
      }
      const took = first - detected;
      out.push(
        finding(definition, {
          outcome: took <= windowMs ? 'pass' : 'fail',
          ...(took > windowMs && findingSeverity(incident) ? { severity: findingSeverity(incident) } : {}),
          message:
            took <= windowMs
              ? `${id}: first notice on ${day(first)}, ${days(Math.max(took, 0))} days after detection (window ${noticeWithinDays} days)`
              : `${id} (${incident.severity}): first notice on ${day(first)}, ${days(took)} days after detection on ${day(detected)}; the window is ${noticeWithinDays} days`,
          location,
          key,
        }),
      );
    });
    return out;
  },
};
