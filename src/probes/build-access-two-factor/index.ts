/**
 * Reads the host's statement of the organisation's two-factor requirement. Nothing in the tree can
 * show it, so without the host the answer is unknown, never a failure.
 */
import type { Facts } from '../../collectors/types.js';
import { hostFactFor } from '../common.js';
import { definitionFor } from '../definitions.js';
import { finding } from '../finding.js';
import { oneLine } from '../text.js';
import type { Finding, Probe } from '../types.js';

const definition = definitionFor(import.meta.url);

function run(facts: Facts): Finding[] {
  const got = hostFactFor(
    facts,
    definition,
    'organizationTwoFactorRequired',
    'Whether the organisation requires two-factor authentication',
  );
  if (!got.ok) return got.findings;
  const fact = got;
  const owner = got.host.repository?.split('/')[0] ?? 'the owner';
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
