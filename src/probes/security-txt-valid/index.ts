/**
 * Each security.txt (RFC 9116) in the repository: fails when it has expired by the run's clock
 * (--today) or breaks the RFC's field rules; passes when it does neither. Whether it names a
 * contact is security-policy-contact's question, not this one's.
 */
import type { SecurityPolicyFacts } from '../../collectors/security-policy/index.js';
import { securityPolicyFact } from '../../collectors/security-policy/index.js';
import type { Facts } from '../../collectors/types.js';
import { factsFor } from '../common.js';
import { definitionFor } from '../definitions.js';
import { finding } from '../finding.js';
import { list, oneLine } from '../text.js';
import type { Finding, Probe } from '../types.js';

const definition = definitionFor(import.meta.url);

export function securityTxtFindings(policy: SecurityPolicyFacts, now: number): Finding[] {
  const out: Finding[] = [];
  for (const txt of policy.securityTxt) {
    const before = out.length;
    if (txt.expiresAt && Date.parse(txt.expiresAt) < now) {
      const field = txt.fields.find((f) => f.name.toLowerCase() === 'expires');
      out.push(
        finding(definition, {
          outcome: 'fail',
          sub: 'expired',
          message: `${oneLine(txt.path)} expired on ${txt.expiresAt.slice(0, 10)}; clients must ignore an expired security.txt`,
          location: { path: txt.path, ...(field ? { line: field.line } : {}) },
          key: 'expired',
          remediation: `Set a future date in the Expires field of ${txt.path} (less than a year ahead, RFC 3339, e.g. \`Expires: 2030-01-01T00:00:00Z\`) and renew it before it passes.`,
        }),
      );
    }
    if (txt.problems.length > 0) {
      const p = txt.problems[0]!;
      out.push(
        finding(definition, {
          outcome: 'fail',
          sub: 'invalid',
          message: `${oneLine(txt.path)} does not follow RFC 9116: ${list(
            txt.problems.map((x) => (x.line ? `${x.message} (line ${x.line})` : x.message)),
            3,
          )}`,
          location: { path: txt.path, ...(p.line ? { line: p.line } : {}) },
          key: 'invalid',
        }),
      );
    }
    if (out.length === before) {
      out.push(
        finding(definition, {
          outcome: 'pass',
          message: `${oneLine(txt.path)} follows RFC 9116${txt.expiresAt ? ` and is valid until ${txt.expiresAt.slice(0, 10)}` : ''}`,
          location: { path: txt.path },
          key: 'valid',
        }),
      );
    }
  }
  return out;
}

function run(facts: Facts): Finding[] {
  const got = factsFor(facts, definition, securityPolicyFact);
  if (!got.ok) return got.findings;
  const policy = got.value;
  const unreadable = policy.files.filter((f) => f.kind === 'security.txt' && f.error);
  const out = [
    ...securityTxtFindings(policy, facts.run.now.getTime()),
    ...unreadable.map((f) =>
      finding(definition, {
        outcome: 'unknown',
        message: `${oneLine(f.path)} could not be read: ${oneLine(f.error ?? '')}`,
        location: { path: f.path },
        key: 'unreadable',
      }),
    ),
  ];
  if (out.length > 0) return out;
  return [
    finding(definition, {
      outcome: 'not-applicable',
      message: 'No security.txt in the repository',
      key: 'none',
    }),
  ];
}

export const probe: Probe = { definition, run };
