/** SSCoP 4.1.2 (supporting only): where the update policy is published, as vouch.yaml names it. */
import { declaredSupport } from '../common.js';
import { definitionFor } from '../definitions.js';
import { finding } from '../finding.js';
import { oneLine } from '../text.js';
import type { Probe } from '../types.js';

const definition = definitionFor(import.meta.url);

export const probe: Probe = {
  definition,
  run(facts) {
    const declared = declaredSupport(
      facts,
      definition,
      'Whether an update policy is published',
      'sscop:4.1.2',
    );
    if (!declared.ok) return declared.findings;
    const policy = declared.support.policy;
    return [
      policy
        ? finding(definition, {
            outcome: 'pass',
            message: `update policy named: ${oneLine(policy, 200)}`,
            location: { path: 'vouch.yaml', route: 'support.policy' },
            key: 'named',
          })
        : finding(definition, {
            outcome: 'unknown',
            message: 'vouch.yaml declares release lines but names no update policy (support.policy)',
            location: declared.lineLocation(0),
            key: 'unnamed',
          }),
    ];
  },
};
