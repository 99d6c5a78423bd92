/**
 * `uses:` of an action at a release an advisory in the local store says is vulnerable (zizmor's
 * known-vulnerable-actions, offline). A tag that is a full version is matched; a commit SHA, a
 * moving tag or a branch with an advisory for its action is `unknown` (no tag-to-commit map
 * offline); without a store, or with one holding no GitHub Actions advisories, the whole audit is
 * `unknown`: silence from an empty store proves nothing.
 */
import { type ActionAdvisoryFacts, actionAdvisoriesFact } from '../../collectors/action-advisories/index.js';
import type { Facts } from '../../collectors/types.js';
import { positionIn, usesOf } from '../../models/github-actions/index.js';
import {
  type ActionAdvisories,
  type ActionAdvisory,
  actionNames,
  matchActionRef,
} from '../../vulnerabilities/actions.js';
import {
  type ActionsAuditProbe,
  type ActionsFileModel,
  type AuditHit,
  actionsAuditProbe,
  actionsFiles,
} from '../actions-audit.js';
import { factsFor } from '../common.js';
import { definitionFor } from '../definitions.js';
import { finding } from '../finding.js';
import { oneLine, quote } from '../text.js';
import type { Finding } from '../types.js';

const definition = definitionFor(import.meta.url);

const IMPORT_HINT =
  'import the GitHub Advisory Database\'s GitHub Actions records (OSV ecosystem "GitHub Actions") with `vouch db import`, or name a store that holds them with `--db`';

function ids(a: ActionAdvisory): string {
  return a.aliases.length > 0 ? `${a.id} (${a.aliases.join(', ')})` : a.id;
}

/** The audit over files, given the advisories the store holds for the actions they use. */
export function knownVulnerableAudit(advisories: Pick<ActionAdvisories, 'byName'>) {
  return (file: ActionsFileModel): AuditHit[] => {
    const out: AuditHit[] = [];
    for (const uses of usesOf(file)) {
      if (uses.kind !== 'repository') continue;
      const ref = uses.ref ?? '';
      const found = actionNames(uses).flatMap((n) => advisories.byName.get(n.toLowerCase()) ?? []);
      const value = uses.raw.value.trim();
      const at = {
        ...positionIn(uses.raw, uses.raw.value.length - uses.raw.value.trimStart().length),
        route: uses.raw.route,
      };
      for (const m of matchActionRef(found, ref)) {
        const a = m.advisory;
        const about = a.summary ? `: ${a.summary}` : '';
        if (m.status === 'affected') {
          out.push({
            message: `${quote(value)} is ${a.name} ${m.version}, affected by ${ids(a)}${about}; ${m.fixed ? `fixed in ${m.fixed}` : 'no fixed release is known'}`,
            at,
            key: `${value}|${a.id}`,
            ...(a.severity ? { severity: a.severity } : {}),
            remediation: m.fixed
              ? `Update ${a.name} to ${m.fixed} or later, pinned by its full commit SHA.`
              : `No release of ${a.name} fixes ${a.id}: replace the action or remove it.`,
          });
        } else {
          out.push({
            message: `${quote(value)} may be affected by ${ids(a)}${about}: the ref is ${m.reason}`,
            at,
            key: `${value}|${a.id}`,
            outcome: 'unknown',
            remediation: `Check which release of ${a.name} ${quote(ref)} is against ${a.id}; a tag that is a full version (or a \`# vX.Y.Z\` tag pinned by SHA and checked by hand) decides it.`,
          });
        }
      }
    }
    return out;
  };
}

function withoutData(facts: ActionAdvisoryFacts | undefined): Finding {
  const message =
    facts === undefined
      ? 'no advisory data was given, so known vulnerabilities in the actions used cannot be checked'
      : facts.store === 'absent'
        ? `there is no advisory store (${oneLine(facts.shown, 200)}), so known vulnerabilities in the actions used cannot be checked`
        : `the advisory store (${facts.file}) holds no GitHub Actions advisories, so known vulnerabilities in the actions used cannot be checked`;
  return finding(definition, {
    outcome: 'unknown',
    message,
    key: 'no-advisory-data',
    remediation: `To decide it, ${IMPORT_HINT}.`,
  });
}

function auditFiles(files: readonly ActionsFileModel[], advisories?: ActionAdvisoryFacts): Finding[] {
  if (advisories?.store !== 'present' || !advisories.holdsEcosystem) {
    const readable = actionsAuditProbe(definition, () => []).auditFiles(files);
    // nothing to audit stays not-applicable; otherwise the verdict waits on advisory data
    if (readable.some((f) => f.outcome === 'not-applicable')) return readable;
    // files that use no published action have nothing an advisory could name
    const used = files.some((file) => usesOf(file).some((u) => u.kind === 'repository'));
    if (!used)
      return [
        finding(definition, {
          outcome: 'not-applicable',
          message: 'the GitHub Actions files use no published action, so no advisory can name one',
          key: 'no-actions-used',
        }),
      ];
    return [withoutData(advisories)];
  }
  return actionsAuditProbe(definition, knownVulnerableAudit(advisories)).auditFiles(files);
}

export const probe: ActionsAuditProbe & {
  auditFiles(files: readonly ActionsFileModel[], advisories?: ActionAdvisoryFacts): Finding[];
} = {
  definition,
  auditFiles,
  run(facts: Facts): Finding[] {
    const files = actionsFiles(facts, definition);
    if (files.length > 0 && !('kind' in files[0]!)) return files as Finding[];
    const advisories = factsFor(facts, definition, actionAdvisoriesFact);
    if (!advisories.ok) return advisories.findings;
    return auditFiles(files as ActionsFileModel[], advisories.value);
  },
};
