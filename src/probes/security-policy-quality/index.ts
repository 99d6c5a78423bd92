/**
 * How complete the security policy is: seven parts, each found from the collector's facts
 * (contacts, signals, response times). An observation, never pass or fail: phrase detection can
 * miss a part written in other words, so the grade informs and supports 3.2 but decides nothing.
 */
import type { PolicySignal, SecurityPolicyFacts } from '../../collectors/security-policy/index.js';
import { securityPolicyFact } from '../../collectors/security-policy/index.js';
import type { Facts } from '../../collectors/types.js';
import { factsFor } from '../common.js';
import { definitionFor } from '../definitions.js';
import { finding } from '../finding.js';
import { list, oneLine } from '../text.js';
import type { Finding, Probe } from '../types.js';

const definition = definitionFor(import.meta.url);

export const POLICY_PARTS = [
  'contact',
  'how to report',
  'what happens next',
  'response times',
  'scope',
  'safe harbour',
  'supported versions',
] as const;
export type PolicyPart = (typeof POLICY_PARTS)[number];

const SIGNAL_PART: Record<PolicySignal['category'], PolicyPart> = {
  report: 'how to report',
  handling: 'what happens next',
  scope: 'scope',
  'safe-harbour': 'safe harbour',
  'supported-versions': 'supported versions',
};

/** The parts the policy facts show. */
export function policyParts(policy: SecurityPolicyFacts): Set<PolicyPart> {
  const found = new Set<PolicyPart>();
  if (policy.contacts.some((c) => c.reporting)) found.add('contact');
  for (const s of policy.signals) found.add(SIGNAL_PART[s.category]);
  if (policy.responseTimes.length > 0) found.add('response times');
  return found;
}

/** A for all seven parts, B for five or six, C for three or four, D for fewer. */
export function grade(found: number): 'A' | 'B' | 'C' | 'D' {
  return found === POLICY_PARTS.length ? 'A' : found >= 5 ? 'B' : found >= 3 ? 'C' : 'D';
}

function run(facts: Facts): Finding[] {
  const got = factsFor(facts, definition, securityPolicyFact);
  if (!got.ok) return got.findings;
  const policy = got.value;
  const prose = policy.files.find((f) => f.kind === 'policy' && !f.error && !f.empty);
  if (!prose)
    return [
      finding(definition, {
        outcome: 'unknown',
        message: 'no readable security policy in the tree to grade',
        key: 'no-policy',
      }),
    ];
  const found = policyParts(policy);
  const missing = POLICY_PARTS.filter((p) => !found.has(p));
  const present = POLICY_PARTS.filter((p) => found.has(p));
  return [
    finding(definition, {
      outcome: 'observation',
      message: `${oneLine(prose.path)}: grade ${grade(found.size)} (${found.size} of ${POLICY_PARTS.length} parts)${
        present.length ? `; has ${list(present, 7)}` : ''
      }${missing.length ? `; missing ${list(missing, 7)}` : ''}${
        // A policy page elsewhere may hold the missing parts; vouch does not fetch it.
        missing.length && policy.delegations.length
          ? `; it links a policy page outside the tree (${oneLine(policy.delegations[0]?.url ?? '', 120)}), not read`
          : ''
      }`,
      location: { path: prose.path },
      key: 'graded',
    }),
  ];
}

export const probe: Probe = { definition, run };
