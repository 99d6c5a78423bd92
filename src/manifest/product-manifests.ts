/**
 * What a repository's root project manifests (package.json, pyproject.toml, Cargo.toml,
 * composer.json, go.mod) say the product is, read without running anything. Used by `vouch init`
 * and by outputs made without a vouch.yaml.
 */
import { basename } from 'node:path';
import type { Inventory } from '../inventory/types.js';

const SMALL = 256 * 1024;

async function readJson(inv: Inventory, path: string): Promise<Record<string, unknown> | undefined> {
  if (!inv.has(path)) return undefined;
  try {
    const v = JSON.parse(await inv.readText(path, SMALL));
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

async function readToml(inv: Inventory, path: string): Promise<Record<string, unknown> | undefined> {
  if (!inv.has(path)) return undefined;
  try {
    // Loaded only for a root pyproject.toml or Cargo.toml: most products have neither.
    const { parse: parseToml } = await import('smol-toml');
    return parseToml(await inv.readText(path, SMALL)) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

export const str = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() ? v.trim() : undefined;
/** A manifest's licence field when it is an SPDX expression (npm's UNLICENSED means proprietary). */
function spdxLicence(v: unknown): string | undefined {
  const s = str(v);
  if (!s) return undefined;
  if (s === 'UNLICENSED') return 'proprietary';
  return /^[A-Za-z0-9.+-]+( +(AND|OR|WITH) +[A-Za-z0-9.+()-]+| *[()])*$/.test(s) ? s : undefined;
}

/** The last segment of a Go module path that names the product (not a /vN major-version suffix). */
export function goModuleName(path: string): string {
  const segments = path.split('/').filter(Boolean);
  while (segments.length > 1 && /^v\d+$/.test(segments[segments.length - 1]!)) segments.pop();
  return segments[segments.length - 1] ?? path;
}

/** The repository name in a git remote (https, ssh or scp-like), without `.git`. */
function remoteName(remote: string | undefined): string | undefined {
  const m = remote ? /([^/:]+?)(?:\.git)?\/?$/.exec(remote) : null;
  return m?.[1] && m[1] !== '.' ? m[1] : undefined;
}

export interface ProductManifests {
  pkg?: Record<string, unknown>;
  py?: Record<string, unknown>;
  cargo?: Record<string, unknown>;
  /** A [package] field of Cargo.toml, following `field.workspace = true` to [workspace.package]. */
  cargoField: (k: string) => string | undefined;
  name: string;
  version?: string;
  /** The licence a manifest declares as an SPDX expression. */
  declaredLicense?: string;
}

/**
 * What the root's project manifests say the product is: its name (a Go module path's last
 * segment without a /vN suffix, else the repository's or folder's name), version and licence.
 */
export async function readManifests(inv: Inventory): Promise<ProductManifests> {
  const pkg = await readJson(inv, 'package.json');
  const composer = await readJson(inv, 'composer.json');
  const py = (await readToml(inv, 'pyproject.toml'))?.project as Record<string, unknown> | undefined;
  const cargoToml = await readToml(inv, 'Cargo.toml');
  const cargo = cargoToml?.package as Record<string, unknown> | undefined;
  const cargoWorkspace = (cargoToml?.workspace as Record<string, unknown> | undefined)?.package as
    | Record<string, unknown>
    | undefined;
  const cargoField = (k: string) => str(cargo?.[k]) ?? (cargo?.[k] ? str(cargoWorkspace?.[k]) : undefined);
  let goModule: string | undefined;
  if (inv.has('go.mod')) {
    goModule = /^module\s+(\S+)/m.exec(await inv.readText('go.mod', SMALL))?.[1];
  }
  const name =
    str(pkg?.name) ??
    str(py?.name) ??
    str(cargo?.name) ??
    str(composer?.name)?.replace(/^.*\//, '') ??
    (goModule ? goModuleName(goModule) : undefined) ??
    remoteName(inv.git.remote) ??
    basename(inv.root);
  const version = str(pkg?.version) ?? str(py?.version) ?? cargoField('version');
  const declaredLicense =
    spdxLicence(pkg?.license) ??
    spdxLicence(py?.license) ??
    spdxLicence(cargoField('license')) ??
    spdxLicence(Array.isArray(composer?.license) ? composer.license.join(' OR ') : composer?.license);
  return {
    ...(pkg ? { pkg } : {}),
    ...(py ? { py } : {}),
    ...(cargo ? { cargo } : {}),
    cargoField,
    name,
    ...(version ? { version } : {}),
    ...(declaredLicense ? { declaredLicense } : {}),
  };
}

/** The product as its manifests name it, for outputs made without a vouch.yaml. */
export async function productFromManifests(
  inv: Inventory,
): Promise<{ name: string; version?: string; license?: string }> {
  const m = await readManifests(inv);
  return {
    name: m.name,
    ...(m.version ? { version: m.version } : {}),
    ...(m.declaredLicense ? { license: m.declaredLicense } : {}),
  };
}
