/**
 * The scope policy (rules/scope.yaml), loaded once: which folders are installed packages,
 * vendored code, fixtures, samples, build output or docs; how much of a file each purpose reads;
 * where CI and release configuration lives. Every stage asks here instead of keeping a list of
 * its own, so `vouch assess` and `vouch sbom` see the same files with the same limits.
 */
import { readFileSync } from 'node:fs';
import { shippedValues } from '../catalogue/shipped-data.js';
import { parseRuleYaml, RULES_DIR } from '../collectors/rules.js';
import { BoundedCache, globSet, matchesAny } from '../util/glob.js';
import type { Inventory, InventoryFile } from './types.js';

export const FOLDER_CLASSES = [
  'unwalked',
  'installed',
  'vendored',
  'fixture',
  'test',
  'sample',
  'build-output',
  'docs',
] as const;
export type FolderClass = (typeof FOLDER_CLASSES)[number];

export const USES = ['walk', 'composition', 'configuration', 'ai-assets'] as const;
export type ScopeUse = (typeof USES)[number];

export const PURPOSES = [
  'read',
  'composition',
  'configuration',
  'ci',
  'script',
  'prose',
  'project-manifest',
  'evidence',
  'gitignore',
] as const;
export type Purpose = (typeof PURPOSES)[number];

export interface Classification {
  class: FolderClass;
  /** The folder that decides, relative to the root ("testdata", "pkg/vendor"). */
  folder: string;
  /** For people: why the path is in that class. */
  reason: string;
}

interface ScopePolicy {
  folders: Map<string, FolderClass>;
  excluded: Record<ScopeUse, ReadonlySet<FolderClass>>;
  limits: Record<Purpose, number>;
  pipelines: ReadonlyMap<string, readonly string[]>;
  release: readonly string[];
  /** Every pipeline and release glob, one list (so its compiled form is cached by identity). */
  ciGlobs: readonly string[];
}

export const SCOPE_FILE = 'scope.yaml';

const REASONS: Record<FolderClass, string> = {
  unwalked: 'version-control metadata or a tool cache',
  installed: 'installed dependencies',
  vendored: 'vendored code: its package files describe the projects it copies',
  fixture: 'test fixtures: data for tests, not the product',
  test: 'tests: their manifests and configuration serve the tests, not the shipped product',
  sample: 'examples or demos',
  'build-output': 'build output',
  docs: 'documentation',
};

const UNITS: Record<string, number> = { B: 1, KiB: 1024, MiB: 1024 * 1024, GiB: 1024 * 1024 * 1024 };

function fail(message: string): never {
  throw new Error(`rules/${SCOPE_FILE}: ${message}`);
}

function record(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(`${where} must be a mapping`);
  return value as Record<string, unknown>;
}

function strings(value: unknown, where: string): string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v === ''))
    fail(`${where} must be a list of non-empty strings`);
  return value as string[];
}

function onlyKeys(obj: Record<string, unknown>, allowed: readonly string[], where: string): void {
  for (const k of Object.keys(obj))
    if (!allowed.includes(k)) fail(`${where}: unknown key ${JSON.stringify(k)}`);
  for (const k of allowed) if (!Object.hasOwn(obj, k)) fail(`${where}: missing ${JSON.stringify(k)}`);
}

function bytes(value: unknown, where: string): number {
  const m = typeof value === 'string' ? /^(\d+) ?(B|KiB|MiB|GiB)$/.exec(value) : null;
  if (!m) fail(`${where} must be a size such as "4 MiB"`);
  return Number(m[1]) * UNITS[m[2]!]!;
}

/** Validates the parsed scope.yaml; throws with the file name and the first problem. */
export function policyFrom(data: unknown): ScopePolicy {
  const top = record(data, '(root)');
  onlyKeys(top, ['version', 'folders', 'excludedFrom', 'limits', 'ci'], '(root)');
  if (top.version !== 1) fail('version must be 1');

  const foldersIn = record(top.folders, 'folders');
  onlyKeys(foldersIn, FOLDER_CLASSES, 'folders');
  const folders = new Map<string, FolderClass>();
  for (const cls of FOLDER_CLASSES) {
    for (const name of strings(foldersIn[cls], `folders.${cls}`)) {
      if (name.includes('/'))
        fail(`folders.${cls}: ${JSON.stringify(name)} must be a folder name, not a path`);
      const other = folders.get(name);
      if (other) fail(`folders: ${JSON.stringify(name)} is both ${other} and ${cls}`);
      folders.set(name, cls);
    }
  }

  const excludedIn = record(top.excludedFrom, 'excludedFrom');
  onlyKeys(excludedIn, USES, 'excludedFrom');
  const excluded = {} as Record<ScopeUse, ReadonlySet<FolderClass>>;
  for (const use of USES) {
    const list = strings(excludedIn[use], `excludedFrom.${use}`);
    for (const c of list) {
      if (!(FOLDER_CLASSES as readonly string[]).includes(c)) fail(`excludedFrom.${use}: unknown class ${c}`);
    }
    excluded[use] = new Set(list as FolderClass[]);
  }

  const limitsIn = record(top.limits, 'limits');
  onlyKeys(limitsIn, PURPOSES, 'limits');
  const limits = {} as Record<Purpose, number>;
  for (const p of PURPOSES) limits[p] = bytes(limitsIn[p], `limits.${p}`);
  for (const p of PURPOSES) {
    // A purpose allowed more than the inventory reads would see its files refused by the walk.
    if (limits[p] > limits.read) fail(`limits.${p} is over limits.read, the most the inventory reads`);
  }

  const ciIn = record(top.ci, 'ci');
  onlyKeys(ciIn, ['pipelines', 'release'], 'ci');
  const pipelines = new Map<string, string[]>();
  for (const [system, globs] of Object.entries(record(ciIn.pipelines, 'ci.pipelines'))) {
    pipelines.set(system, strings(globs, `ci.pipelines.${system}`));
  }
  const release = strings(ciIn.release, 'ci.release');
  const ciGlobs = [...new Set([...[...pipelines.values()].flat(), ...release])];
  return { folders, excluded, limits, pipelines, release, ciGlobs };
}

/** Parses scope.yaml (the build ships the result; an edited file is parsed at run time). */
export function parseScopeYaml(text: string): unknown {
  return parseRuleYaml(SCOPE_FILE, text);
}

let policy: ScopePolicy | undefined;

function scope(): ScopePolicy {
  if (!policy) {
    const text = readFileSync(new URL(SCOPE_FILE, RULES_DIR), 'utf8');
    const shipped = shippedValues('rules', { [SCOPE_FILE]: text });
    policy = policyFrom(shipped ? shipped[SCOPE_FILE] : parseScopeYaml(text));
  }
  return policy;
}

/** The largest file read for `purpose`, in bytes. */
export function limitFor(purpose: Purpose): number {
  return scope().limits[purpose];
}

/** Folder names the walk never enters. */
export function unwalkedFolders(): string[] {
  const { folders, excluded } = scope();
  return [...folders].filter(([, c]) => excluded.walk.has(c)).map(([name]) => name);
}

const byDir = new BoundedCache<string, Classification | null>(10_000);

/** The directory classify answered last: files are asked in path order, so neighbours share it. */
let lastDir = '\0';
let lastClass: Classification | undefined;

/**
 * The class of a path: that of the highest-ranked classified folder among its directories (its
 * own base name is not looked at). Undefined when no folder on its way is classified.
 */
export function classify(path: string): Classification | undefined {
  const end = path.lastIndexOf('/');
  if (end < 0) return undefined;
  // Compared in place: slicing and hashing the directory per file cost more than the rest.
  if (end === lastDir.length && path.startsWith(lastDir)) return lastClass;
  const dir = path.slice(0, end);
  lastDir = dir;
  const known = byDir.get(dir);
  if (known !== undefined) {
    lastClass = known ?? undefined;
    return lastClass;
  }
  const { folders } = scope();
  let best: Classification | undefined;
  let rank: number = FOLDER_CLASSES.length;
  for (let start = 0; start <= dir.length; ) {
    let stop = dir.indexOf('/', start);
    if (stop < 0) stop = dir.length;
    const cls = folders.get(dir.slice(start, stop));
    if (cls !== undefined && FOLDER_CLASSES.indexOf(cls) < rank) {
      rank = FOLDER_CLASSES.indexOf(cls);
      best = {
        class: cls,
        folder: dir.slice(0, stop),
        reason: `under ${dir.slice(0, stop)}/ (${REASONS[cls]})`,
      };
    }
    start = stop + 1;
  }
  byDir.set(dir, best ?? null);
  lastClass = best;
  return best;
}

/** Why `use` leaves `path` out, or undefined when the path is in scope for it. */
export function excludedFor(use: ScopeUse, path: string): Classification | undefined {
  const c = classify(path);
  return c && scope().excluded[use].has(c.class) ? c : undefined;
}

/** The CI system ids scope.yaml knows pipeline locations for. */
export function ciSystemIds(): string[] {
  return [...scope().pipelines.keys()];
}

/** Where a CI system's pipelines live (globs from the root); empty for an unknown system. */
export function ciPipelineGlobs(system: string): readonly string[] {
  return scope().pipelines.get(system) ?? [];
}

/** True when `path` is a CI pipeline or release configuration file by location. */
export function isCiFile(path: string): boolean {
  return matchesAny(scope().ciGlobs, path);
}

/** The inventory's CI and release configuration files of the product, in inventory order. */
export function ciFiles(inventory: Inventory): InventoryFile[] {
  const set = globSet(scope().ciGlobs);
  return inventory.files.filter((f) => set.regex.test(f.path) && !excludedFor('configuration', f.path));
}
