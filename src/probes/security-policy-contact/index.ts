/**
 * Passes when a policy names a reporting contact: an email address, a reporting URL or channel,
 * or a security.txt Contact. Whether a security.txt is valid is security-txt-valid's question.
 */
import type { Contact } from '../../collectors/security-policy/index.js';
import { securityPolicyFact } from '../../collectors/security-policy/index.js';
import type { Facts } from '../../collectors/types.js';
import {
  delegatedFinding,
  factsFor,
  pointerOnlyPolicy,
  undecidedByTree,
  withoutReadablePolicy,
} from '../common.js';
import { definitionFor } from '../definitions.js';
import { finding } from '../finding.js';
import { list, oneLine, quote } from '../text.js';
import type { Finding, Probe } from '../types.js';

const definition = definitionFor(import.meta.url);

const preference: Record<Contact['kind'], number> = { email: 0, url: 1, channel: 2 };

function run(facts: Facts): Finding[] {
  const got = factsFor(facts, definition, securityPolicyFact);
  if (!got.ok) return got.findings;
  const policy = got.value;
  const none = withoutReadablePolicy(definition, policy, 'no reporting contact is published');
  if (none) return none;
  const pointer = pointerOnlyPolicy(policy);
  if (pointer) return [delegatedFinding(definition, pointer, 'the reporting channel')];
  // The channel the policy tells reporters to use comes before addresses it merely mentions.
  const reporting = policy.contacts
    .filter((c) => c.reporting)
    .sort(
      (a, b) =>
        Number(b.fromSecurityTxt) - Number(a.fromSecurityTxt) ||
        Number(b.instructed) - Number(a.instructed) ||
        preference[a.kind] - preference[b.kind],
    );
  if (reporting.length > 0) {
    const c = reporting[0]!;
    const others = reporting.length - 1;
    return [
      finding(definition, {
        outcome: 'pass',
        message: `${oneLine(c.file)} names a reporting contact: ${quote(c.value)}${others > 0 ? ` (and ${others} more)` : ''}`,
        location: { path: c.file, line: c.line, column: c.column },
        key: 'contact',
      }),
    ];
  }
  const undecided = undecidedByTree(definition, policy, 'the reporting channel');
  if (undecided) return undecided;
  const links = policy.contacts.filter((c) => c.kind === 'url');
  const where = policy.files.find((f) => !f.error && !f.empty)!.path;
  return [
    finding(definition, {
      outcome: 'fail',
      message:
        links.length > 0
          ? `${oneLine(where)} links to ${list(
              links.map((l) => l.value),
              2,
            )} but names no reporting email, form or private reporting channel`
          : `${oneLine(where)} names no reporting contact (no email address, reporting URL or private reporting channel)`,
      location: { path: where },
      key: 'no-contact',
    }),
  ];
}

export const probe: Probe = { definition, run };
