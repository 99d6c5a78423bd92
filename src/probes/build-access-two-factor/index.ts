/**
 * Reads the host's statement of the organisation's two-factor requirement. Nothing in the tree can
 * show it, so without the host the answer is unknown, never a failure.
 */
import { hostFact } from '../../collectors/host/index.js';
import type { Facts } from '../../collectors/types.js';
import { factsFor } from '../common.js';
import { definitionFor } from '../definitions.js';
import { finding } from '../finding.js';
import { oneLine } from '../text.js';
import type { Finding, Probe } from '../types.js';

const definition = definitionFor(import.meta.url);

function run(facts: Facts): Finding[] {
  const got = factsFor(facts, definition, hostFact);
  if (!got.ok) return got.findings;
  const fact = got.value.organizationTwoFactorRequired;
  const owner = got.value.repository?.split('/')[0] ?? 'the owner';
  if (fact.status === 'unknown') {
    return [
      finding(definition, {
        outcome: 'unknown',
        message: `Whether ${oneLine(owner)} requires two-factor authentication is not known: ${oneLine(fact.reason, 200)}`,
        key: 'unknown',
      }),
    ];
  }
  return [
    finding(definition, {
      outcome: fact.value ? 'pass' : 'fail',
      message: fact.value
        ? `The organisation ${oneLine(owner)} requires two-factor authentication of every member (${fact.source})`
        : `The organisation ${oneLine(owner)} does not require two-factor authentication (${fact.source})`,
      key: 'two-factor',
    }),
  ];
}

export const probe: Probe = { definition, run };
