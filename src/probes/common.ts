/**
 * What every probe does first: get its collector's facts, or turn a collector failure into an
 * `error` finding (never a false `fail`).
 */
import type { HostPolicy } from '../collectors/security-policy/index.js';
import type { Facts, FactToken } from '../collectors/types.js';
import { finding } from './finding.js';
import { oneLine } from './text.js';
import type { Finding, ProbeDefinition } from './types.js';

export type FactsOr<T> = { ok: true; value: T } | { ok: false; findings: Finding[] };

export function factsFor<T>(facts: Facts, def: ProbeDefinition, fact: FactToken<T>): FactsOr<T> {
  const collectorId = fact.id;
  const error = facts.error(fact);
  if (error !== undefined) {
    return {
      ok: false,
      findings: [
        finding(def, {
          outcome: 'error',
          message: `The ${collectorId} collector failed: ${oneLine(error, 200)}`,
          key: `collector-error:${collectorId}`,
          remediation: 'This is a vouch problem, not a repository problem: report it with the message above.',
        }),
      ],
    };
  }
  const value = facts.get(fact);
  if (value === undefined) {
    return {
      ok: false,
      findings: [
        finding(def, {
          outcome: 'error',
          message: `The ${collectorId} collector did not run, so ${def.id} cannot be evaluated`,
          key: `collector-missing:${collectorId}`,
          remediation: 'This is a vouch problem: the probe was run without the collector it needs.',
        }),
      ],
    };
  }
  return { ok: true, value };
}

/**
 * The finding for "the tree has no security policy": a failure only when the host could not supply
 * one either; `unknown`, naming what would decide it, when the host was not or could not be asked.
 */
export function noPolicyFinding(
  def: ProbeDefinition,
  host: HostPolicy,
  consequence: string,
  remediation?: string,
): Finding {
  if (host.status === 'unknown') {
    return finding(def, {
      outcome: 'unknown',
      message: `No security policy in the tree, ${consequence}; the host may show the owner's default policy instead, but ${oneLine(host.reason, 200)}`,
      key: 'no-policy',
      remediation:
        "Add a SECURITY.md to the repository, or let vouch ask the host (--github-token or GITHUB_TOKEN) whether the owner's .github repository supplies one.",
    });
  }
  return finding(def, {
    outcome: 'fail',
    message: `No security policy in the tree or as the owner's default on the host, ${consequence}`,
    key: 'no-policy',
    ...(remediation ? { remediation } : {}),
  });
}
