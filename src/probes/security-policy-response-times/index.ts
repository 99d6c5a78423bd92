import { securityPolicyFact } from '../../collectors/security-policy/index.js';
import type { Facts } from '../../collectors/types.js';
import { factsFor, undecidedByTree, withoutReadablePolicy } from '../common.js';
import { definitionFor } from '../definitions.js';
import { finding } from '../finding.js';
import { list, oneLine } from '../text.js';
import type { Finding, Probe } from '../types.js';

const definition = definitionFor(import.meta.url);

function run(facts: Facts): Finding[] {
  const got = factsFor(facts, definition, securityPolicyFact);
  if (!got.ok) return got.findings;
  const policy = got.value;
  const times = policy.responseTimes;
  if (times.length > 0) {
    const first = times[0]!;
    const described = times.slice(0, 4).map((t) => `${t.kind}: ${t.duration}`);
    return [
      finding(definition, {
        outcome: 'pass',
        message: `${oneLine(first.file)} states timescales (${list(described, 4)})`,
        location: { path: first.file, line: first.line, column: first.column },
        key: 'stated',
      }),
    ];
  }
  const none = withoutReadablePolicy(definition, policy, 'no response timescales are stated');
  if (none) return none;
  const undecided = undecidedByTree(definition, policy, 'response timescales');
  if (undecided) return undecided;
  const readable = policy.files.filter((f) => !f.error && !f.empty);
  const prose = readable.find((f) => f.kind === 'policy') ?? readable[0]!;
  return [
    finding(definition, {
      outcome: 'fail',
      message: `${oneLine(prose.path)} states no response, fix or disclosure timescale`,
      location: { path: prose.path },
      key: 'not-stated',
    }),
  ];
}

export const probe: Probe = { definition, run };
