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

function run(facts: Facts): Finding[] {
  const got = factsFor(facts, definition, securityPolicyFact);
  if (!got.ok) return got.findings;
  const policy = got.value;
  const prose = policy.files.filter((f) => f.kind === 'policy' && !f.error && !f.empty);
  const report = policy.signals.filter((s) => s.category === 'report');
  const handling = policy.signals.filter((s) => s.category === 'handling');
  const pointer = pointerOnlyPolicy(policy);
  if (pointer) return [delegatedFinding(definition, pointer, 'the disclosure process')];
  // When the policy hands the process to a linked page, the tree's own text must still say what
  // happens to a report beyond triage; a phrase inside the handing-over sentence describes the page.
  const own = handling.filter(
    (s) =>
      s.id !== 'triage' &&
      !policy.delegations.some((d) => d.file === s.file && s.line >= d.fromLine && s.line <= d.toLine),
  );
  if (report.length > 0 && handling.length > 0 && policy.delegations.length > 0 && own.length === 0) {
    return [delegatedFinding(definition, policy.delegations[0]!, 'the disclosure process')];
  }
  if (report.length > 0 && handling.length > 0) {
    const r = report[0]!;
    const ids = [...new Set([...report, ...handling].map((s) => s.id))];
    return [
      finding(definition, {
        outcome: 'pass',
        message: `${oneLine(r.file)} describes how to report and what follows (${list(ids, 6)})`,
        location: { path: r.file, line: r.line, column: r.column },
        key: 'described',
      }),
    ];
  }
  const linked = policy.securityTxt.find((t) => t.policy.length > 0);
  if (linked) {
    const field = linked.fields.find((f) => f.name.toLowerCase() === 'policy');
    return [
      finding(definition, {
        outcome: 'pass',
        confidence: 'low',
        message: `${oneLine(linked.path)} links its disclosure policy: ${quote(linked.policy[0]!)} (not checked)`,
        location: { path: linked.path, ...(field ? { line: field.line } : {}) },
        key: 'linked',
      }),
    ];
  }
  const none = withoutReadablePolicy(definition, policy, 'no disclosure process is described');
  if (none) return none;
  const undecided = undecidedByTree(definition, policy, 'the disclosure process');
  if (undecided) return undecided;
  const first = prose[0] ?? policy.files.find((f) => !f.error && !f.empty)!;
  const missing =
    first.kind === 'security.txt'
      ? 'security.txt gives a contact but no Policy link and there is no SECURITY.md describing the process'
      : report.length === 0 && handling.length === 0
        ? 'says neither how to report a vulnerability nor what happens after a report'
        : report.length === 0
          ? 'says what happens after a report but not how to report a vulnerability privately'
          : 'says how to report a vulnerability but not what happens next (triage, fix, advisory, disclosure)';
  return [
    finding(definition, {
      outcome: 'fail',
      message: first.kind === 'security.txt' ? missing : `${oneLine(first.path)} ${missing}`,
      location: { path: first.path },
      key: report.length === 0 ? (handling.length === 0 ? 'neither' : 'no-report') : 'no-handling',
    }),
  ];
}

export const probe: Probe = { definition, run };
