/** SSCoP 4.3.1 (supporting only): where the incident support plan is published, as vouch.yaml names it. */
import { declaredIncidents } from '../common.js';
import { definitionFor } from '../definitions.js';
import { finding } from '../finding.js';
import { oneLine } from '../text.js';
import type { Probe } from '../types.js';

const definition = definitionFor(import.meta.url);

export const probe: Probe = {
  definition,
  run(facts) {
    const declared = declaredIncidents(
      facts,
      definition,
      'Whether an incident support plan is published',
      'sscop:4.3.1',
    );
    if (!declared.ok) return declared.findings;
    const plan = declared.section.plan;
    return [
      plan
        ? finding(definition, {
            outcome: 'pass',
            message: `incident support plan named: ${oneLine(plan, 200)}`,
            location: { path: 'vouch.yaml', route: 'incidents.plan' },
            key: 'named',
          })
        : finding(definition, {
            outcome: 'unknown',
            message:
              'vouch.yaml has an incidents section but names no incident support plan (incidents.plan)',
            location: { path: 'vouch.yaml', route: 'incidents' },
            key: 'unnamed',
          }),
    ];
  },
};
