/**
 * Passes when the CODEOWNERS file the platform reads has rules with owners. Fails when there is
 * none, or (sub-rule) when no rule names an owner. Owners that are not valid names are reported,
 * at low severity, where they are written.
 */
import { codeownersFact } from '../../collectors/codeowners/index.js';
import type { Facts } from '../../collectors/types.js';
import { factsFor } from '../common.js';
import { definitionFor } from '../definitions.js';
import { finding } from '../finding.js';
import { oneLine, plural } from '../text.js';
import type { Finding, Probe } from '../types.js';

const definition = definitionFor(import.meta.url);

const MAX_PROBLEM_FINDINGS = 10;

function run(facts: Facts): Finding[] {
  const got = factsFor(facts, definition, codeownersFact);
  if (!got.ok) return got.findings;
  const file = got.value.files.find((f) => f.effective);
  if (!file) {
    return [
      finding(definition, {
        outcome: 'fail',
        message: 'No CODEOWNERS file (.github/, root, docs/ or .gitlab/)',
        key: 'absent',
      }),
    ];
  }
  if (file.error) {
    return [
      finding(definition, {
        outcome: 'unknown',
        message: `${oneLine(file.path)} could not be read: ${oneLine(file.error)}`,
        location: { path: file.path },
        key: 'unreadable',
      }),
    ];
  }
  const owned = file.rules.filter((r) => r.owners.length > 0);
  const out: Finding[] = [];
  if (owned.length === 0) {
    out.push(
      finding(definition, {
        outcome: 'fail',
        sub: 'no-owners',
        message: `${oneLine(file.path)} has ${plural(file.rules.length, 'rule')} but none names an owner`,
        location: { path: file.path },
        key: 'no-owners',
        remediation: `Give rules in ${file.path} owners (@user, @org/team or an email address), starting with a catch-all such as \`* @your-org/maintainers\`.`,
      }),
    );
  } else {
    const unowned = file.rules.length - owned.length;
    const catchAll = file.catchAll;
    out.push(
      finding(definition, {
        outcome: 'pass',
        message: `${oneLine(file.path)} assigns owners in ${owned.length} of ${plural(file.rules.length, 'rule')}${unowned ? ` (${unowned} without owners)` : ''}; ${catchAll ? `catch-all ${oneLine(catchAll.pattern)} → ${oneLine(catchAll.owners.join(' '), 80)}` : 'no catch-all rule, so some files may have no owner'}`,
        location: { path: file.path, ...(catchAll ? { line: catchAll.line, column: catchAll.column } : {}) },
        key: 'present',
      }),
    );
  }
  for (const p of file.problems.slice(0, MAX_PROBLEM_FINDINGS)) {
    out.push(
      finding(definition, {
        outcome: 'fail',
        sub: 'invalid-entry',
        severity: 'low',
        message: `${oneLine(file.path)}:${p.line}: ${oneLine(p.message)}`,
        location: { path: file.path, line: p.line, column: p.column },
        key: p.message,
        remediation:
          'GitHub ignores a CODEOWNERS line with an invalid owner or pattern: use @user, @org/team or an email address, and gitignore-style patterns without `!` or `[...]`.',
      }),
    );
  }
  return out;
}

export const probe: Probe = { definition, run };
