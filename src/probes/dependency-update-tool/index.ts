/**
 * Passes when an active dependency update tool is configured. When the tool lists what it
 * covers (Dependabot `updates`, Renovate `enabledManagers`), package ecosystems found in the
 * repository but not covered are reported as a low-severity sub-rule.
 */
import { type CiFacts, ciFact } from '../../collectors/ci/index.js';
import { dependencyUpdatesFact, type UpdateTool } from '../../collectors/dependency-updates/index.js';
import { hostFact } from '../../collectors/host/index.js';
import { type PackageManifestFacts, packageManifestsFact } from '../../collectors/package-manifests/index.js';
import type { Facts } from '../../collectors/types.js';
import { factsFor } from '../common.js';
import { definitionFor } from '../definitions.js';
import { finding } from '../finding.js';
import { libraryExcuse, type ProductKind, productKindOf } from '../product-kind.js';
import { list, oneLine } from '../text.js';
import type { Finding, Probe } from '../types.js';

const definition = definitionFor(import.meta.url);

interface Need {
  /** Dependabot name used in messages and suggested entries. */
  dependabot: string;
  /** Every Dependabot name that updates these manifests (pip and uv both update pyproject.toml). */
  accepted: Set<string>;
  renovate: Set<string>;
  ecosystem: string;
  paths: string[];
  dirs: Set<string>;
  /**
   * Every manifest of the ecosystem is a package for a registry with no lockfile here: its users'
   * resolvers pick the versions, so whether an update tool is owed depends on the product's kind.
   */
  librariesOnly: boolean;
}

/** Ecosystems the repository needs updates for, keyed by their first Dependabot name. */
function needs(manifests: PackageManifestFacts | undefined, ci: CiFacts | undefined): Map<string, Need> {
  const out = new Map<string, Need>();
  const add = (
    dependabot: string[],
    renovate: string[],
    ecosystem: string,
    path: string,
    dir: string,
    library: boolean,
  ) => {
    const key = dependabot[0]!;
    let n = out.get(key);
    if (!n) {
      n = {
        dependabot: key,
        accepted: new Set(),
        renovate: new Set(),
        ecosystem,
        paths: [],
        dirs: new Set(),
        librariesOnly: true,
      };
      out.set(key, n);
    }
    for (const d of dependabot) n.accepted.add(d);
    for (const r of renovate) n.renovate.add(r);
    if (!n.paths.includes(path)) n.paths.push(path);
    n.dirs.add(`/${dir}`);
    n.librariesOnly &&= library;
  };
  for (const m of manifests?.manifests ?? []) {
    if (m.tracked === false || m.declaresDependencies === false || m.sample || m.dependabot.length === 0)
      continue;
    add(m.dependabot, m.renovate, m.ecosystem, m.path, m.dir, !!m.published && !m.coveredBy);
  }
  // Workflows that use published actions need updates for those too.
  for (const f of ci?.files ?? []) {
    if (f.system !== 'github-actions' || f.role !== 'pipeline') continue;
    const published = f.uses.some(
      (u) =>
        u.key === 'uses' && u.ref.includes('/') && !u.ref.startsWith('./') && !u.ref.startsWith('docker://'),
    );
    if (published) add(['github-actions'], ['github-actions'], 'github-actions', f.path, '', false);
  }
  return out;
}

/** Whether a tool's coverage can be read: true (covers all), a predicate, or undefined (cannot tell). */
function coverageOf(t: UpdateTool): true | ((need: Need) => boolean) | undefined {
  if (t.config === 'dependabot') {
    const names = new Set((t.updates ?? []).filter((u) => !u.disabled).map((u) => u.ecosystem));
    return (need) => [...need.accepted].some((a) => names.has(a));
  }
  if (t.config === 'renovate') {
    const managers = t.enabledManagers;
    return managers ? (need) => managers.some((m) => need.renovate.has(m)) : true;
  }
  if (t.coversAll) return true;
  const ecosystems = t.ecosystems;
  return ecosystems ? (need) => ecosystems.includes(need.ecosystem) : undefined;
}

function dependabotEntry(need: Need): string {
  const dirs = [...need.dirs].sort();
  const where =
    dirs.length === 1 ? `directory: "${dirs[0]}"` : `directories: [${dirs.map((d) => `"${d}"`).join(', ')}]`;
  return `- { package-ecosystem: "${need.dependabot}", ${where}, schedule: { interval: "weekly" } }`;
}

function run(facts: Facts): Finding[] {
  const got = factsFor(facts, definition, dependencyUpdatesFact);
  if (!got.ok) return got.findings;
  // Coverage is a refinement: without manifest or CI facts it is simply not checked.
  const manifests = facts.get<PackageManifestFacts>(packageManifestsFact);
  const ci = facts.get<CiFacts>(ciFact);
  const needed = needs(manifests, ci);
  const { tools } = got.value;
  const active = tools.filter((t) => !t.disabled);
  if (active.length === 0) {
    const disabled = tools[0];
    // Dependabot security updates are a host setting with nothing in the tree: only the host knows.
    const host = facts.get(hostFact)?.dependabotSecurityUpdates;
    if (!disabled && host?.status === 'known' && host.value) {
      return [
        finding(definition, {
          outcome: 'pass',
          confidence: 'medium',
          message: `No update tool is configured in the tree, but the host raises security updates for vulnerable dependencies (${host.source})`,
          key: 'host-security-updates',
        }),
      ];
    }
    if (!disabled && host?.status !== 'known') {
      return [
        finding(definition, {
          outcome: 'unknown',
          message: `No dependency update tool is configured in the tree; the host's Dependabot security updates need no file, but ${oneLine(host?.reason ?? 'the host facts are missing', 200)}`,
          key: 'absent',
          remediation:
            'Configure Dependabot or Renovate in the repository, or let vouch ask the host (--github-token or GITHUB_TOKEN) whether security updates are on.',
        }),
      ];
    }
    const entries = [...needed.values()].map(dependabotEntry);
    return [
      finding(definition, {
        outcome: 'fail',
        message: disabled
          ? `${disabled.name} is configured but disabled (${oneLine(disabled.evidence[0]?.path ?? '')}: "enabled": false)`
          : 'No dependency update tool configured (Dependabot, Renovate or similar)',
        ...(disabled?.evidence[0] ? { location: { path: disabled.evidence[0].path } } : {}),
        key: disabled ? 'disabled' : 'absent',
        ...(entries.length > 0 && !disabled
          ? {
              remediation: `Add .github/dependabot.yml with \`version: 2\` and \`updates:\` listing ${entries.join(' ')} (or configure Renovate instead).`,
            }
          : {}),
      }),
    ];
  }
  const usable = active.filter((t) => t.parsed);
  if (usable.length === 0) {
    const t = active[0]!;
    return [
      finding(definition, {
        outcome: 'unknown',
        message: `${t.name} is configured but its configuration could not be read: ${oneLine(t.error ?? '', 160)}`,
        ...(t.evidence[0] ? { location: { path: t.evidence[0].path } } : {}),
        key: 'unparsed',
        remediation: `Fix the ${t.name} configuration so it parses; a broken configuration means no update pull requests are opened.`,
      }),
    ];
  }
  const main = usable[0]!;
  const evidence = main.evidence[0]!;
  const out: Finding[] = [
    finding(definition, {
      outcome: 'pass',
      message: `Dependency updates automated by ${list(usable.map((t) => t.name))} (${oneLine(evidence.path)})`,
      location: {
        path: evidence.path,
        ...(evidence.line ? { line: evidence.line, column: evidence.column } : {}),
      },
      key: 'configured',
    }),
  ];
  // Gaps are judged only when every tool's coverage can be read, so a tool vouch cannot read
  // (updatecli) never produces a false gap.
  const coverage = usable.map(coverageOf);
  if (coverage.some((c) => c === true || c === undefined)) return out;
  const checks = coverage as ((need: Need) => boolean)[];
  const dependabot = usable.find((t) => t.config === 'dependabot');
  const configPath = dependabot?.evidence.find((e) => e.via === 'file')?.path ?? evidence.path;
  const kind = productKindOf(facts);
  for (const need of needed.values()) {
    if (checks.some((covers) => covers(need))) continue;
    const excuse = need.librariesOnly ? libraryExcuse(kind) : undefined;
    if (excuse) {
      out.push(libraryGap(need, excuse, kind, configPath, list(usable.map((t) => t.name))));
      continue;
    }
    out.push(
      finding(definition, {
        outcome: 'fail',
        sub: 'ecosystem-not-covered',
        severity: 'low',
        message: `${list(usable.map((t) => t.name))} does not cover ${need.dependabot} (${list(need.paths, 3)})`,
        location: { path: configPath },
        key: need.dependabot,
        remediation: dependabot
          ? `Add to \`updates:\` in ${configPath}: ${dependabotEntry(need)}`
          : `Add the ${[...need.renovate][0] ?? need.dependabot} manager to enabledManagers, or remove enabledManagers to let Renovate cover every ecosystem.`,
      }),
    );
  }
  return out;
}

/**
 * An uncovered ecosystem whose manifests are all registry packages without a lockfile: nothing
 * here is pinned for a tool to move, and users' resolvers pick the versions. Not owed by a declared
 * library or framework; undecided until the product's kind is declared.
 */
function libraryGap(
  need: Need,
  excuse: 'not-applicable' | 'unknown',
  kind: ProductKind | undefined,
  configPath: string,
  tools: string,
): Finding {
  const what = `${tools} does not cover ${need.dependabot} (${list(need.paths, 3)}), whose manifests describe packages for a registry with no lockfile here: their users' package managers pick the versions`;
  if (excuse === 'not-applicable') {
    return finding(definition, {
      outcome: 'not-applicable',
      sub: 'ecosystem-not-covered',
      message: `${what}, and vouch.yaml declares product.kind ${kind}`,
      location: { path: configPath },
      key: need.dependabot,
    });
  }
  return finding(definition, {
    outcome: 'unknown',
    sub: 'ecosystem-not-covered',
    message: `${what}; a library owes no update tool for them, an application or service does: declare product.kind in vouch.yaml to decide`,
    location: { path: configPath },
    key: need.dependabot,
    remediation: `Declare product.kind in vouch.yaml; for an application or service, add to \`updates:\` in ${configPath}: ${dependabotEntry(need)}`,
  });
}

export const probe: Probe = { definition, run };
