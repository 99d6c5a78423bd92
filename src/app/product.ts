/**
 * A product spread over several repositories (vouch.yaml `repositories:`) judged as one. Each
 * repository is walked, its facts collected and its probes run on its own; then the findings are
 * labelled with their repository and combined per probe, as the probe's `combine` says
 * (probe.yaml), before the claims are judged once for the product:
 *
 * - `every-repository` (the default: tests in CI, pinned dependencies, build audits ...): every
 *   finding counts as it is, so a failure in any repository refutes, and a repository that cannot
 *   be seen (unknown) keeps the probe, and the claims it decides, from passing.
 * - `any-repository` (a disclosure policy, a support statement: one serves the product): a pass
 *   in one repository serves the product, and the failures and unknowns of the others become
 *   observations; failures stand only when every repository the probe applies to fails, and while
 *   a repository cannot be seen they are observations too (the fact may be there).
 */
import { createHash } from 'node:crypto';
import { probeOf, probeStatus } from '../assessment/judge.js';
import { type CompositionScan, mergeResults } from '../composition/scan.js';
import type { Finding, Location, ProbeDefinition } from '../probes/types.js';
import type { ProductRepository } from '../repository/product-repositories.js';

function prefixed(loc: Location, name: string): Location {
  return { ...loc, path: `${name}/${loc.path}` };
}

/**
 * The findings of one repository as the product's report shows them: each names its repository,
 * and outside the primary its paths start with the repository's name and its fingerprint covers
 * the name (two repositories' identical files stay two findings).
 */
export function labelFindings(findings: readonly Finding[], repository: ProductRepository): Finding[] {
  // A finding with no file says which repository in its message, since no path can.
  const named = (f: Finding) => (f.location ? f.message : `${repository.name}: ${f.message}`);
  if (repository.primary)
    return findings.map((f) => ({ ...f, message: named(f), repository: repository.name }));
  return findings.map((f) => ({
    ...f,
    message: named(f),
    repository: repository.name,
    ...(f.location ? { location: prefixed(f.location, repository.name) } : {}),
    ...(f.related ? { related: f.related.map((r) => prefixed(r, repository.name)) } : {}),
    fingerprint: createHash('sha256')
      .update(`${repository.name}\0${f.fingerprint}`)
      .digest('hex')
      .slice(0, 16),
  }));
}

/** The product's findings from each repository's (labelled) findings, combined per probe. */
export function combineFindings(
  perRepository: readonly { repository: ProductRepository; findings: readonly Finding[] }[],
  definitions: readonly Pick<ProbeDefinition, 'id' | 'combine'>[],
): Finding[] {
  // Why the findings of an any-repository probe that are not passes do not count, by probe:
  // failures and unknowns when another repository serves the product, failures while one cannot be seen.
  const notDecisive = new Map<string, { why: string; outcomes: ReadonlySet<Finding['outcome']> }>();
  for (const d of definitions) {
    if (d.combine !== 'any-repository') continue;
    const statuses = perRepository.map(({ repository, findings }) => ({
      repository,
      status: probeStatus(findings.filter((f) => probeOf(f.rule) === d.id)),
    }));
    const serving = statuses.find((s) => s.status.kind === 'pass')?.repository;
    const unseen = statuses.filter((s) => s.status.kind === 'blind').map((s) => s.repository.name);
    if (serving)
      notDecisive.set(d.id, {
        why: `repository ${serving.name} shows it for the product`,
        outcomes: new Set(['fail', 'unknown', 'error']),
      });
    else if (unseen.length > 0)
      notDecisive.set(d.id, {
        why: `not decisive for the product while ${unseen.join(', ')} cannot be seen`,
        outcomes: new Set(['fail']),
      });
  }
  return perRepository.flatMap(({ findings }) =>
    findings.map((f) => {
      const aside = notDecisive.get(probeOf(f.rule));
      if (!aside?.outcomes.has(f.outcome)) return f;
      return {
        ...f,
        outcome: 'observation' as const,
        severity: 'info' as const,
        message: `${f.message} (${aside.why}: one repository serves the whole product)`,
      };
    }),
  );
}

/**
 * One composition for the product: every repository's extraction results, their paths prefixed
 * with the repository's name outside the primary, merged as if read from one tree (a package
 * found in two repositories is one component with an occurrence in each).
 */
export function combineCompositions(
  perRepository: readonly { repository: ProductRepository; scan: CompositionScan }[],
): CompositionScan {
  const at = (repository: ProductRepository, path: string) =>
    repository.primary ? path : `${repository.name}/${path}`;
  const results = perRepository.flatMap(({ repository, scan }) =>
    scan.results.map((r) => ({
      ...r,
      path: at(repository, r.path),
      components: r.components.map((c) => ({
        ...c,
        location: { ...c.location, path: at(repository, c.location.path) },
      })),
    })),
  );
  const coverage = perRepository.flatMap(({ repository, scan }) =>
    scan.coverage.map((c) => ({
      ...c,
      path: at(repository, c.path),
      ...(c.coveredBy ? { coveredBy: at(repository, c.coveredBy) } : {}),
    })),
  );
  return { ...mergeResults(results), results, coverage };
}
