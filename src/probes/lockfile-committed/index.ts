/**
 * One finding per manifest that declares dependencies but has no committed lockfile (beside it,
 * at a workspace root above it, or pinned in itself). A lockfile git does not track counts as not
 * committed when git facts are known. Ecosystems without a standard lockfile (Maven) are
 * reported as not-applicable, and manifests that could not be read as unknown. A published
 * library package is not asked for a lockfile when vouch.yaml declares the product a library or
 * framework, and is asked which it is when no kind is declared (product-kind.ts).
 */
import { type ManifestFact, packageManifestsFact } from '../../collectors/package-manifests/index.js';
import type { Facts } from '../../collectors/types.js';
import { classify } from '../../inventory/scope.js';
import { factsFor } from '../common.js';
import { definitionFor } from '../definitions.js';
import { finding } from '../finding.js';
import { productKindOf, publishedLibraryFinding } from '../product-kind.js';
import { list, oneLine, plural } from '../text.js';
import type { Finding, Probe } from '../types.js';

const definition = definitionFor(import.meta.url);

function missingMessage(m: ManifestFact): string {
  const where = oneLine(m.path);
  if (m.unpinned) {
    return `${where} has requirements not pinned to one version (${list(m.unpinned, 4)}) and no lockfile`;
  }
  if (m.dynamicVersions) {
    return `${where} declares versions the build resolves anew each time (${list(m.dynamicVersions, 3)}) and no lockfile fixes them`;
  }
  if (m.unhashed) {
    return `${where} pins its requirements with == but without --hash (${list(m.unhashed, 4)}), so it is not a lockfile: pip still resolves their dependencies and accepts any file for each version`;
  }
  return `${where} declares dependencies but no lockfile is committed beside it${m.kind === 'package.json' || m.kind === 'Cargo.toml' || m.kind === 'pyproject.toml' ? ' or at a workspace root' : ''}`;
}

function run(facts: Facts): Finding[] {
  const got = factsFor(facts, definition, packageManifestsFact);
  if (!got.ok) return got.findings;
  const { manifests, gitKnown } = got.value;
  const kind = productKindOf(facts);
  // Files git does not track are not part of the committed project.
  const committed = manifests.filter((m) => m.tracked !== false);
  const declaring = committed.filter((m) => m.declaresDependencies !== false);
  // What CI installs for its own jobs is not what the product ships.
  const ciTooling = declaring.filter((m) => m.ciTooling);
  const applicable = declaring.filter((m) => !m.ciTooling);
  const out: Finding[] = [];
  if (ciTooling.length > 0) {
    out.push(
      finding(definition, {
        outcome: 'not-applicable',
        sub: 'ci-tooling',
        message: `${plural(ciTooling.length, 'manifest')} under .github/ (${list(
          ciTooling.map((m) => m.path),
          3,
        )}) ${ciTooling.length === 1 ? 'lists' : 'list'} tooling CI installs for itself, not the product's dependencies`,
        location: { path: ciTooling[0]!.path },
        key: 'ci-tooling',
      }),
    );
  }
  let covered = 0;
  const noStandard = new Map<string, ManifestFact[]>();
  for (const m of applicable) {
    // Exact pins without hashes fix every named version; only integrity and what they pull in are open.
    const severity = m.unhashed ? ('low' as const) : undefined;
    if (m.coveredBy) {
      if (gitKnown && m.coveredBy.tracked === false) {
        out.push(
          finding(definition, {
            outcome: 'fail',
            sub: 'untracked',
            message: `${oneLine(m.coveredBy.path)} locks ${oneLine(m.path)} but git does not track it (ignored or never added)`,
            location: { path: m.coveredBy.path },
            key: m.kind,
            ...(severity ? { severity } : {}),
            remediation: `Commit ${m.coveredBy.path}: remove it from .gitignore if it is listed there, then \`git add ${m.coveredBy.path}\`.`,
          }),
        );
      } else {
        covered++;
      }
      continue;
    }
    if (m.noStandardLockfile && !m.dynamicVersions) {
      const group = noStandard.get(m.kind) ?? [];
      group.push(m);
      noStandard.set(m.kind, group);
      continue;
    }
    if (m.declaresDependencies === undefined) {
      out.push(
        finding(definition, {
          outcome: 'unknown',
          message: `${oneLine(m.path)} has no lockfile beside it and could not be read to tell whether it needs one: ${oneLine(m.parseError ?? 'unreadable', 120)}`,
          location: { path: m.path },
          key: m.kind,
        }),
      );
      continue;
    }
    if (m.sample) {
      // An example project is part of the repository, not the product its users install.
      out.push(
        finding(definition, {
          outcome: 'observation',
          sub: 'sample',
          message: `${missingMessage(m)}; it is an example project (${oneLine(classify(m.path)?.folder ?? m.dir)}/), not the product, so it is reported, not judged`,
          location: { path: m.path },
          key: m.kind,
          remediation: m.remediation,
        }),
      );
      continue;
    }
    const library = publishedLibraryFinding(definition, kind, m);
    if (library) {
      out.push(library);
      continue;
    }
    out.push(
      finding(definition, {
        outcome: 'fail',
        message: missingMessage(m),
        location: { path: m.path },
        key: m.kind,
        remediation: m.remediation,
        ...(severity ? { severity } : {}),
      }),
    );
  }
  for (const [kind, group] of noStandard) {
    const first = group[0]!;
    out.push(
      finding(definition, {
        outcome: 'not-applicable',
        sub: 'no-standard-lockfile',
        message: `${first.ecosystemName}: ${plural(group.length, kind)} (${list(
          group.map((g) => g.path),
          3,
        )}) without a lockfile; the ecosystem has no lockfile every build uses (locking is opt-in)`,
        location: { path: first.path },
        key: kind,
        remediation: first.remediation,
      }),
    );
  }
  if (applicable.length === 0) {
    if (ciTooling.length > 0) return out;
    const ignored = manifests.length - committed.length;
    out.push(
      finding(definition, {
        outcome: 'not-applicable',
        message:
          manifests.length === 0
            ? 'No package manifests found'
            : `No committed package manifest declares dependencies (${plural(committed.length, 'manifest')} without dependencies${ignored ? `, ${ignored} not tracked by git` : ''})`,
        key: 'no-manifests',
      }),
    );
    return out;
  }
  if (applicable.every((m) => m.sample && !m.coveredBy)) {
    out.push(
      finding(definition, {
        outcome: 'not-applicable',
        message: `Only example projects declare dependencies (${list(
          applicable.map((m) => m.path),
          3,
        )}); the product itself has no manifest that needs a lockfile`,
        key: 'only-samples',
      }),
    );
    return out;
  }
  if (covered > 0 && !out.some((f) => f.outcome === 'fail' || f.outcome === 'unknown')) {
    out.unshift(
      finding(definition, {
        outcome: 'pass',
        message: `Every package manifest that declares dependencies has a committed lockfile (${plural(covered, 'manifest')})`,
        key: 'all-covered',
      }),
    );
  }
  return out;
}

export const probe: Probe = { definition, run };
