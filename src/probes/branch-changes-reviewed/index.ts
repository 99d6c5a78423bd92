/**
 * Reads the default branch's rules from the host: rulesets and classic protection together. Only
 * the host knows them, so without it the answer is unknown.
 */
import type { Facts } from '../../collectors/types.js';
import { hostFactFor } from '../common.js';
import { definitionFor } from '../definitions.js';
import { finding } from '../finding.js';
import { list, oneLine } from '../text.js';
import type { Finding, Probe } from '../types.js';

const definition = definitionFor(import.meta.url);

function run(facts: Facts): Finding[] {
  const got = hostFactFor(facts, definition, 'branchRules', "The default branch's rules");
  if (!got.ok) return got.findings;
  const rules = got.value;
  const branch = oneLine(rules.branch);
  const from =
    rules.sources.length > 0
      ? ` (from ${list(
          rules.sources.map((s) => oneLine(s)),
          3,
        )})`
      : '';
  if (!rules.requiredApprovals) {
    return [
      finding(definition, {
        outcome: 'fail',
        message: `Changes can reach ${branch} without an approving review${from}`,
        key: 'no-review',
      }),
    ];
  }
  if (!rules.forcePushBlocked) {
    return [
      finding(definition, {
        outcome: 'fail',
        sub: 'force-push',
        message: `${branch} needs ${rules.requiredApprovals} approving review(s), but force-pushes are allowed, so reviewed history can be rewritten${from}`,
        key: 'force-push',
      }),
    ];
  }
  return [
    finding(definition, {
      outcome: 'pass',
      message: `${branch} needs ${rules.requiredApprovals} approving review(s)${rules.codeOwnerReview ? ', from code owners,' : ''} and blocks force-pushes${from}`,
      key: 'reviewed',
    }),
  ];
}

export const probe: Probe = { definition, run };
