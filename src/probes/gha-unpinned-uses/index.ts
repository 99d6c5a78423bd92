/**
 * `uses:` of a remote action or reusable workflow must name a full commit SHA. Owners trusted to move their own tags can be listed in
 * rules/github-actions-audits.yaml (none by default).
 */
import { positionIn, type Uses, usesOf } from '../../models/github-actions/index.js';
import { type ActionsFileModel, type AuditHit, actionsAuditProbe } from '../actions-audit.js';
import { auditRules } from '../actions-audit-rules.js';
import { definitionFor } from '../definitions.js';
import { quote } from '../text.js';

const definition = definitionFor(import.meta.url);
const COMMIT_SHA = /^[0-9a-f]{40}$/i;
const VALID_OWNER = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const NO_REF = /^[A-Za-z0-9][A-Za-z0-9_.-]*\/[A-Za-z0-9_.-]+(?:\/[^@\s]*)?$/;

function check(uses: Uses): string | undefined {
  if (uses.kind === 'repository') {
    // not a name GitHub accepts (`$/x@y`): nothing is fetched, nothing to pin
    if (!VALID_OWNER.test(uses.owner ?? '')) return undefined;
    const owner = (uses.owner ?? '').toLowerCase();
    const ref = uses.ref ?? '';
    if (COMMIT_SHA.test(ref)) return undefined;
    if (auditRules().refPinnedOwners.includes(owner)) return undefined;
    return `is pinned to ${quote(ref)}, a tag or branch that can move`;
  }
  // `owner/repo` without `@ref`: GitHub rejects it, and nothing says which code was meant
  if (uses.kind === 'invalid' && NO_REF.test(uses.raw.value.trim())) return 'names no ref at all';
  // docker:// images are gha-unpinned-images' concern
  return undefined;
}

function audit(file: ActionsFileModel): AuditHit[] {
  const out: AuditHit[] = [];
  for (const uses of usesOf(file)) {
    const why = check(uses);
    if (!why) continue;
    const at = positionIn(uses.raw, uses.raw.value.length - uses.raw.value.trimStart().length);
    out.push({
      message: `${quote(uses.raw.value.trim())} ${why}`,
      at: { ...at, route: uses.raw.route },
      key: uses.raw.value.trim(),
    });
  }
  return out;
}

export const probe = actionsAuditProbe(definition, audit);
