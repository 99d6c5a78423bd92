import { definitionFor } from '../definitions.js';
/**
 * Passes when a readable, non-empty security policy or security.txt exists.
 */

import { securityPolicyFact } from '../../collectors/security-policy/index.js';
import type { Facts } from '../../collectors/types.js';
import { factsFor, noPolicyFinding, unreadablePolicy } from '../common.js';
import { finding } from '../finding.js';
import { list, oneLine, quote } from '../text.js';
import type { Finding, Probe } from '../types.js';

const definition = definitionFor(import.meta.url);

function run(facts: Facts): Finding[] {
  const got = factsFor(facts, definition, securityPolicyFact);
  if (!got.ok) return got.findings;
  const { files } = got.value;
  if (files.length === 0) {
    return [
      noPolicyFinding(
        definition,
        got.value.host,
        'so reporters are not told how to reach you (looked for SECURITY.md in the root, .github/ or docs/, and security.txt)',
      ),
    ];
  }
  const usable = files.filter((f) => !f.error && !f.empty);
  if (usable.length > 0) {
    const first = usable[0]!;
    const named = usable.map((f) =>
      f.section
        ? `${f.path} (${f.section.heading ? `section ${quote(f.section.heading)}, ` : ''}lines ${f.section.line}-${f.section.endLine})`
        : f.path,
    );
    return [
      finding(definition, {
        outcome: 'pass',
        message: `Security policy present: ${list(named)}`,
        location: { path: first.path, line: first.section?.line ?? 1 },
        key: 'present',
      }),
    ];
  }
  const unreadable = files.find((f) => f.error);
  if (unreadable) return [unreadablePolicy(definition, unreadable)];
  const empty = files[0]!;
  return [
    finding(definition, {
      outcome: 'fail',
      sub: 'empty',
      message: `Security policy ${oneLine(empty.path)} is empty`,
      location: { path: empty.path },
      key: 'empty',
      remediation: `Write the policy in ${empty.path}: how to report a vulnerability privately, what happens next and how quickly you respond.`,
    }),
  ];
}

export const probe: Probe = { definition, run };
