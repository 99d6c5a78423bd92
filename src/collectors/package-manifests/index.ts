/**
 * Package manifests and the lockfiles that lock them, found with rules/package-managers.yaml.
 * For each manifest: does it declare dependencies at all, which lockfile covers it (beside it, a
 * workspace root's lockfile above it, or the file itself when fully pinned), and whether git
 * tracks those files when the inventory knows.
 */

import { classify, limitFor } from '../../inventory/scope.js';
import type { Inventory } from '../../inventory/types.js';
import { baseOf, dirOf, globMatch, joinPath, matchesAny } from '../../util/glob.js';
import { parseYamlSafely } from '../../util/yaml.js';
import { type ManifestRule, ruleRegex, rules } from '../rules.js';
import { type Collector, defineFact } from '../types.js';
import { errorText, filesMatching, MAX_CONFIG_BYTES, readBounded } from '../util.js';

export interface FileRef {
  path: string;
  /** undefined when git facts are not available. */
  tracked?: boolean;
}

export interface Coverage extends FileRef {
  /** sibling: a lockfile beside the manifest; workspace: the lockfile of a workspace root above it;
   * pinned-requirements: a fully pinned requirements file beside it; self: the file pins everything. */
  how: 'sibling' | 'workspace' | 'pinned-requirements' | 'self';
}

export interface ManifestFact {
  path: string;
  /** Directory, "" for the root. */
  dir: string;
  ecosystem: string;
  ecosystemName: string;
  /** Rule id in package-managers.yaml (package.json, pyproject.toml, ...). */
  kind: string;
  /** undefined when the manifest could not be read or parsed (see parseError). */
  declaresDependencies?: boolean;
  /** False when every dependency it declares is development-only (rules: `dependencies.development`). */
  runtimeDependencies?: boolean;
  parseError?: string;
  tracked?: boolean;
  coveredBy?: Coverage;
  /** Lockfiles beside the manifest (tracked or not). */
  lockfiles: FileRef[];
  /** Requirements files: names of requirements that are not pinned exactly (first few). */
  unpinned?: string[];
  /**
   * Requirements files pinned with `==` throughout but with requirements that carry no `--hash`
   * (first few): not a lockfile, since without hash-checking pip still resolves the transitive
   * dependencies and accepts any file for a version.
   */
  unhashed?: string[];
  noStandardLockfile: boolean;
  /**
   * Dependency versions the build resolves anew each time (ranges, `+`, latest; rules:
   * `dynamicVersions`), first few: an ecosystem without a standard lockfile still needs one then.
   */
  dynamicVersions?: string[];
  /** Under an examples / demo directory. */
  sample: boolean;
  /** Tooling the repository's CI installs for itself (under .github/), not the product's dependencies. */
  ciTooling: boolean;
  dependabot: string[];
  /** Renovate managers that update it. */
  renovate: string[];
  remediation: string;
  /** Member globs when this manifest declares a workspace. */
  workspace?: { patterns: string[]; excludes: string[] };
  /**
   * Set when the manifest looks like a library published to a registry (rules: `published`), or
   * is the root or a member of a workspace without a lockfile that publishes such libraries:
   * `packages` names the published manifests. Whether that makes a lockfile unnecessary depends
   * on the product's kind (vouch.yaml product.kind).
   */
  published?: {
    packages: string[] /** This manifest's own registry name, when the rules say where it is. */;
    name?: string;
  };
}

export interface PackageManifestFacts {
  manifests: ManifestFact[];
  /** True when git facts list tracked files, so `tracked` flags are meaningful. */
  gitKnown: boolean;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Values at a dotted key path; "*" matches every key of a table. */
function valuesAt(data: unknown, path: string): unknown[] {
  let current: unknown[] = [data];
  for (const part of path.split('.')) {
    const next: unknown[] = [];
    for (const v of current) {
      if (v === null || typeof v !== 'object' || Array.isArray(v)) continue;
      const obj = v as Record<string, unknown>;
      if (part === '*') next.push(...Object.values(obj));
      else if (Object.hasOwn(obj, part)) next.push(obj[part]);
    }
    current = next;
  }
  return current;
}

function nonEmpty(value: unknown, ignore: readonly RegExp[]): boolean {
  if (Array.isArray(value)) {
    return value.some((item) => {
      if (typeof item !== 'string') return true;
      // PEP 508 strings: the name is what comes before any version / marker / extra.
      const name = item.trim().split(/[\s<>=!~;[(@]/, 1)[0] ?? '';
      return !ignore.some((re) => re.test(name));
    });
  }
  if (value !== null && typeof value === 'object') {
    return Object.keys(value).some((k) => !ignore.some((re) => re.test(k)));
  }
  return false;
}

function stringList(values: unknown[]): string[] {
  const out: string[] = [];
  for (const v of values) {
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) for (const s of v) if (typeof s === 'string') out.push(s);
  }
  return out;
}

interface Parsed {
  json?: unknown;
  toml?: unknown;
  text: string;
}

/** smol-toml, loaded by the first manifest whose rule reads TOML (most trees have none). */
let toml: typeof import('smol-toml') | undefined;

async function parseManifest(text: string, rule: ManifestRule): Promise<Parsed> {
  const needJson =
    rule.dependencies?.json ||
    rule.workspace?.json ||
    rule.workspace?.rootMarker?.json ||
    rule.published?.json;
  const needToml =
    rule.dependencies?.toml ||
    rule.workspace?.toml ||
    rule.workspace?.rootMarker?.toml ||
    rule.published?.toml;
  const parsed: Parsed = { text };
  if (needJson) parsed.json = JSON.parse(text) as Json;
  if (needToml) {
    toml ??= await import('smol-toml');
    parsed.toml = toml.parse(text, { maxDepth: 100, unsafeKeyBehaviour: 'drop' });
  }
  return parsed;
}

function declaresDependencies(parsed: Parsed, rule: ManifestRule, runtimeOnly = false): boolean {
  const dep = rule.dependencies;
  if (!dep) return true;
  const ignore = (dep.ignore ?? []).map((s) => ruleRegex(s));
  const keys = (list: string[] | undefined) =>
    runtimeOnly ? list?.filter((k) => !dep.development?.includes(k)) : list;
  if (keys(dep.json)?.some((k) => valuesAt(parsed.json, k).some((v) => nonEmpty(v, ignore)))) return true;
  if (keys(dep.toml)?.some((k) => valuesAt(parsed.toml, k).some((v) => nonEmpty(v, ignore)))) return true;
  if (runtimeOnly && !dep.regex) return false;
  if (dep.regex && ruleRegex(dep.regex, 'm').test(parsed.text)) return true;
  return false;
}

/** The first few distinct dynamic version declarations (rules: `dynamicVersions`) in a manifest. */
function dynamicVersionsIn(text: string, pattern: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(new RegExp(pattern, 'gm'))) {
    found.add(m[0].trim().slice(0, 80));
    if (found.size === 5) break;
  }
  return [...found];
}

/** Does the manifest describe a library package for a registry (rules: `published`)? */
function looksPublished(parsed: Parsed, rule: ManifestRule, hasBeside: (name: string) => boolean): boolean {
  const pub = rule.published;
  if (!pub) return false;
  const data = pub.json ? parsed.json : parsed.toml;
  const keys = pub.json ?? pub.toml ?? [];
  if (keys.length === 0 || !keys.every((k) => valuesAt(data, k).length > 0)) return false;
  for (const [k, v] of Object.entries(pub.unlessEquals ?? {})) {
    if (valuesAt(data, k).includes(v)) return false;
  }
  if ((pub.unlessKeys ?? []).some((k) => valuesAt(data, k).length > 0)) return false;
  return !(pub.unlessFiles ?? []).some(hasBeside);
}

/** The registry name a published manifest gives itself (rules: `published.name`). */
function publishedName(parsed: Parsed, rule: ManifestRule): { name?: string } {
  const key = rule.published?.name;
  if (!key) return {};
  const value = valuesAt(rule.published?.json ? parsed.json : parsed.toml, key)[0];
  return typeof value === 'string' && value.trim() !== '' ? { name: value.trim() } : {};
}

/**
 * TODO(scope): a minimal hook until the scope policy (src/inventory/scope.ts, rules/scope.yaml)
 * classifies CI tooling; then ask it instead. Everything under .github/ is GitHub's configuration
 * of the repository (workflows, their helper scripts), never code the product ships.
 */
function isCiTooling(path: string): boolean {
  return path.startsWith('.github/');
}

export interface RequirementsScan {
  requirements: number;
  unpinned: string[];
  /** Requirements without a `--hash`. */
  unhashed: string[];
}

/** A requirements file that locks: every requirement pinned, each with a hash (pip's hash-checking mode). */
function locksItself(scan: RequirementsScan): boolean {
  return scan.requirements > 0 && scan.unpinned.length === 0 && scan.unhashed.length === 0;
}

/**
 * Reads a pip requirements file: a requirement is pinned when it names one exact version
 * (`==` / `===`, no wildcard) or carries a `--hash`. Includes (-r/-c), options and local paths
 * are not requirements of this file.
 */
export function scanRequirements(text: string): RequirementsScan {
  const joined = text.replace(/\\\r?\n/g, ' ');
  let requirements = 0;
  const unpinned: string[] = [];
  const unhashed: string[] = [];
  for (const raw of joined.split('\n')) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (line === '' || line.startsWith('-r') || line.startsWith('-c') || line.startsWith('--requirement'))
      continue;
    if (line.startsWith('--constraint')) continue;
    if (/^-e\s+(?:\.|\/|file:)/.test(line) || /^(?:\.|\/|file:)/.test(line)) continue;
    if (line.startsWith('-') && !line.startsWith('-e')) continue;
    const spec = line.replace(/^-e\s+/, '');
    requirements++;
    const hasHash = /--hash[=\s]/.test(spec);
    const requirement = spec.split(/\s+--/, 1)[0]!.split(';', 1)[0]!.trim();
    const exact = /^[A-Za-z0-9][A-Za-z0-9._-]*(?:\[[^\]]*\])?\s*===?\s*[^\s,*<>=!~]+$/.test(requirement);
    const name = requirement.split(/[\s<>=!~;[(@]/, 1)[0] || requirement;
    if (!exact && !hasHash) unpinned.push(name);
    if (!hasHash) unhashed.push(name);
  }
  return { requirements, unpinned, unhashed };
}

function workspaceOf(parsed: Parsed, rule: ManifestRule, sideFiles: Record<string, unknown>) {
  const ws = rule.workspace;
  if (!ws) return undefined;
  const patterns = [
    ...stringList((ws.json ?? []).flatMap((k) => valuesAt(parsed.json, k))),
    ...stringList((ws.toml ?? []).flatMap((k) => valuesAt(parsed.toml, k))),
    ...stringList(Object.values(sideFiles)),
  ];
  const excludes = stringList((ws.tomlExclude ?? []).flatMap((k) => valuesAt(parsed.toml, k)));
  // pnpm and npm write exclusions as "!pattern" in the same list.
  const positive = patterns.filter((p) => !p.startsWith('!'));
  excludes.push(...patterns.filter((p) => p.startsWith('!')).map((p) => p.slice(1)));
  const isRoot =
    positive.length > 0 ||
    (ws.rootMarker?.toml ?? []).some((k) => valuesAt(parsed.toml, k).length > 0) ||
    (ws.rootMarker?.json ?? []).some((k) => valuesAt(parsed.json, k).length > 0);
  return isRoot ? { patterns: positive, excludes } : undefined;
}

function relativeTo(dir: string, path: string): string | undefined {
  if (dir === '') return path;
  return path.startsWith(`${dir}/`) ? path.slice(dir.length + 1) : undefined;
}

function isMember(memberDir: string, root: ManifestFact, covers: 'members' | 'descendants'): boolean {
  const rel = relativeTo(root.dir, memberDir);
  if (rel === undefined || rel === '') return false;
  const ws = root.workspace;
  if (!ws) return false;
  const clean = (p: string) => p.replace(/^\.\//, '').replace(/\/+$/, '');
  if (ws.excludes.some((p) => globMatch(clean(p), rel))) return false;
  if (covers === 'descendants') return true;
  return ws.patterns.some((p) => globMatch(clean(p), rel));
}

async function collectManifests(inventory: Inventory): Promise<PackageManifestFacts> {
  const pm = rules().packageManagers;
  // Manifests are read with the bound the SBOM reads them with, so both see the same files.
  const manifestBytes = limitFor('composition');
  const tracked = inventory.git.tracked;
  const isTracked = (p: string) => (tracked ? tracked.has(p) : undefined);
  const withTracking = (path: string): FileRef => {
    const t = isTracked(path);
    return t === undefined ? { path } : { path, tracked: t };
  };
  const filesByDir = new Map<string, string[]>();
  for (const f of inventory.files) {
    const d = dirOf(f.path);
    const list = filesByDir.get(d);
    if (list) list.push(f.path);
    else filesByDir.set(d, [f.path]);
  }
  // Lockfile globs are relative to the manifest's directory; their directory part (if any) is
  // literal (gradle/dependency-locks/*.lockfile), so only that one directory is listed.
  const lockfilesNear = (dir: string, globs: readonly string[]): string[] => {
    const out: string[] = [];
    for (const g of globs) {
      const sub = dirOf(g);
      const base = baseOf(g);
      const where = sub === '' ? dir : joinPath(dir, sub);
      const wild = /[*?{]/.test(sub);
      const candidates = wild
        ? inventory.files.map((f) => f.path).filter((p) => relativeTo(dir, p) !== undefined)
        : (filesByDir.get(where) ?? []);
      for (const p of candidates) {
        const ok = wild ? globMatch(g, relativeTo(dir, p)!) : globMatch(base, baseOf(p));
        if (ok && !out.includes(p)) out.push(p);
      }
    }
    return out;
  };
  const preferTracked = (paths: string[]): string | undefined =>
    paths.find((p) => isTracked(p) !== false) ?? paths[0];

  const manifests: ManifestFact[] = [];
  const requirementsCache = new Map<string, RequirementsScan | { error: string }>();
  const scanRequirementsFile = async (path: string) => {
    let cached = requirementsCache.get(path);
    if (!cached) {
      const read = await readBounded(inventory, path, MAX_CONFIG_BYTES, 'refuse');
      cached = 'error' in read ? { error: read.error } : scanRequirements(read.text);
      requirementsCache.set(path, cached);
    }
    return cached;
  };

  // One pass over the inventory with every manifest pattern; each rule then tests only these.
  const allPatterns = pm.ecosystems.flatMap((e) => e.manifests.flatMap((m) => m.files));
  // Installed, vendored and fixture folders are out of scope here exactly as for the SBOM.
  const candidates = filesMatching(inventory, allPatterns, { outOfScopeFor: 'composition' });
  for (const eco of pm.ecosystems) {
    for (const rule of eco.manifests) {
      const found = candidates.filter((f) => matchesAny(rule.files, f.path));
      for (const file of found) {
        const dir = dirOf(file.path);
        const fact: ManifestFact = {
          path: file.path,
          dir,
          ecosystem: eco.id,
          ecosystemName: eco.name,
          kind: rule.id,
          lockfiles: [],
          noStandardLockfile: rule.noStandardLockfile ?? false,
          sample: classify(file.path)?.class === 'sample',
          ciTooling: isCiTooling(file.path),
          dependabot: rule.dependabot,
          renovate: rule.renovate,
          remediation: rule.remediation.replaceAll('{dir}', dir === '' ? '.' : dir),
        };
        const t = isTracked(file.path);
        if (t !== undefined) fact.tracked = t;
        manifests.push(fact);

        if (rule.selfLock === 'pinned-requirements') {
          const scan = await scanRequirementsFile(file.path);
          if ('error' in scan) {
            fact.parseError = scan.error;
          } else {
            fact.declaresDependencies = scan.requirements > 0;
            if (scan.unpinned.length > 0) fact.unpinned = scan.unpinned.slice(0, 10);
            else if (locksItself(scan)) fact.coveredBy = { ...withTracking(file.path), how: 'self' };
            else if (scan.requirements > 0) fact.unhashed = scan.unhashed.slice(0, 10);
          }
          continue;
        }

        const read = await readBounded(inventory, file.path, manifestBytes, 'refuse');
        let parsed: Parsed | undefined;
        if ('error' in read) {
          fact.parseError = read.error;
        } else {
          try {
            parsed = await parseManifest(read.text, rule);
            fact.declaresDependencies = declaresDependencies(parsed, rule);
            if (rule.dynamicVersions) {
              const dynamic = dynamicVersionsIn(read.text, rule.dynamicVersions);
              if (dynamic.length > 0) fact.dynamicVersions = dynamic;
            }
            if (fact.declaresDependencies && rule.dependencies?.development)
              fact.runtimeDependencies = declaresDependencies(parsed, rule, true);
            // An example project is a demonstration, never the package users install.
            if (!fact.sample && looksPublished(parsed, rule, (name) => inventory.has(joinPath(dir, name))))
              fact.published = { packages: [file.path], ...publishedName(parsed, rule) };
          } catch (e) {
            fact.parseError = `cannot parse ${baseOf(file.path)}: ${errorText(e).split('\n', 1)[0]}`;
          }
        }
        if (parsed && rule.workspace) {
          const side: Record<string, unknown> = {};
          for (const sf of rule.workspace.sideFiles ?? []) {
            const sp = joinPath(dir, sf.name);
            if (!inventory.has(sp)) continue;
            const sr = await readBounded(inventory, sp, MAX_CONFIG_BYTES, 'refuse');
            if ('error' in sr) continue;
            try {
              const parsed = parseYamlSafely(sr.text);
              if (parsed.error) continue;
              const doc = parsed.value;
              side[sf.name] = valuesAt(doc, sf.yamlKey)[0];
            } catch {
              // A broken side file declares no members; the manifest's own list still counts.
            }
          }
          const ws = workspaceOf(parsed, rule, side);
          if (ws) {
            fact.workspace = ws;
            // A workspace root locks its members even when it declares nothing itself.
            fact.declaresDependencies = true;
          }
        }

        const locks = lockfilesNear(dir, rule.lockfiles);
        fact.lockfiles = locks.map(withTracking);
        const lock = preferTracked(locks);
        if (lock) {
          fact.coveredBy = { ...withTracking(lock), how: 'sibling' };
          continue;
        }
        for (const candidate of lockfilesNear(dir, rule.pinnedLockfiles ?? [])) {
          const scan = await scanRequirementsFile(candidate);
          if (!('error' in scan) && locksItself(scan)) {
            fact.coveredBy = { ...withTracking(candidate), how: 'pinned-requirements' };
            break;
          }
        }
      }
    }
  }

  // Workspace coverage: the nearest workspace root above a manifest that lists it as a member
  // and has a lockfile of its own covers it.
  for (const eco of pm.ecosystems) {
    for (const rule of eco.manifests) {
      const covers = rule.workspace?.covers;
      if (!covers) continue;
      const ofKind = manifests.filter((m) => m.ecosystem === eco.id && m.kind === rule.id);
      const roots = ofKind.filter((m) => m.workspace).sort((a, b) => b.dir.length - a.dir.length);
      for (const m of ofKind) {
        if (m.coveredBy || m.workspace) continue;
        const root = roots.find((r) => isMember(m.dir, r, covers));
        if (root?.coveredBy && root.coveredBy.how === 'sibling') {
          m.coveredBy = {
            path: root.coveredBy.path,
            how: 'workspace',
            ...(root.coveredBy.tracked !== undefined ? { tracked: root.coveredBy.tracked } : {}),
          };
        }
      }
    }
  }
  markLibraryWorkspaces(manifests);
  return { manifests, gitKnown: tracked !== undefined };
}

/**
 * A workspace without a lockfile whose members publish libraries is a library workspace: its root
 * and its unpublished members (benches, test crates) share that answer, since the one lockfile the
 * workspace could have would sit at the root.
 */
function markLibraryWorkspaces(manifests: ManifestFact[]): void {
  const pm = rules().packageManagers;
  for (const eco of pm.ecosystems) {
    for (const rule of eco.manifests) {
      const covers = rule.workspace?.covers;
      if (!covers) continue;
      const ofKind = manifests.filter((m) => m.ecosystem === eco.id && m.kind === rule.id);
      for (const root of ofKind) {
        if (!root.workspace || root.coveredBy) continue;
        const members = ofKind.filter((m) => isMember(m.dir, root, covers) && !m.coveredBy && !m.workspace);
        const packages = [root, ...members].filter((m) => m.published).map((m) => m.path);
        if (packages.length === 0) continue;
        for (const m of [root, ...members]) if (!m.published) m.published = { packages };
      }
    }
  }
}

export const packageManifestsFact = defineFact<PackageManifestFacts>('package-manifests');

export const packageManifestsCollector: Collector<PackageManifestFacts> = {
  fact: packageManifestsFact,
  collect: ({ inventory }) => collectManifests(inventory),
};
