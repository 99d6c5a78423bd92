/**
 * What `vouch init` can learn about the product from the repository itself, to pre-fill
 * vouch.yaml. Every value is a suggestion the vendor confirms.
 */
import { basename } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { aiSignalsFrom } from '../collectors/ai-usage/index.js';
import { securityPolicyFact } from '../collectors/security-policy/index.js';
import type { Facts } from '../collectors/types.js';
import type { Inventory } from '../inventory/types.js';
import type { ProductKind } from './schema.js';

export interface DetectedProduct {
  name: string;
  version?: string;
  license?: string;
  description?: string;
  vendor?: string;
  remote?: string;
  securityContact?: string;
  /** A conservative guess at what the product is, with what it was guessed from (to review). */
  kind?: ProductKind;
  kindBasis?: string;
  /** Evidence of AI use (library or model file), when seen. */
  aiSignals: string[];
}

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
    return parseToml(await inv.readText(path, SMALL)) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/** The first reporting contact the security-policy collector found, as a URI. */
function securityContactFrom(facts: Facts): string | undefined {
  const contacts = facts.get(securityPolicyFact)?.contacts ?? [];
  const c =
    contacts.find((x) => x.reporting && x.kind === 'email') ??
    contacts.find((x) => x.reporting && x.kind === 'url');
  if (!c) return undefined;
  return c.kind === 'email' && !c.value.startsWith('mailto:') ? `mailto:${c.value}` : c.value;
}

/**
 * Only the unambiguous cases: a package published to a registry with no program entry point is
 * a library; a Rust crate with only a binary target is an application. Anything else (private
 * packages, services, monorepos) is left for the vendor to say.
 */
function guessKind(
  inv: Inventory,
  pkg: Record<string, unknown> | undefined,
  py: Record<string, unknown> | undefined,
  cargo: Record<string, unknown> | undefined,
): { kind: ProductKind; basis: string } | undefined {
  if (pkg && pkg.private !== true && str(pkg.name) && str(pkg.version)) {
    const entry = pkg.main ?? pkg.exports ?? pkg.module;
    if (
      entry &&
      !pkg.bin &&
      !(typeof pkg.scripts === 'object' && pkg.scripts !== null && 'start' in pkg.scripts)
    )
      return { kind: 'library', basis: 'package.json: published, with exports and no bin entry point' };
  }
  if (py && str(py.name) && !py.scripts && !py['gui-scripts'] && !inv.has('__main__.py'))
    return { kind: 'library', basis: 'pyproject.toml: a project with no scripts entry point' };
  if (cargo && str(cargo.name)) {
    const lib = inv.has('src/lib.rs');
    const bin = inv.has('src/main.rs');
    if (lib && !bin)
      return { kind: 'library', basis: 'Cargo.toml: a crate with src/lib.rs and no src/main.rs' };
    if (bin && !lib) return { kind: 'application', basis: 'Cargo.toml: a crate with src/main.rs only' };
  }
  return undefined;
}

export async function detectProduct(facts: Facts): Promise<DetectedProduct> {
  const inv = facts.inventory;
  const aiSignals = aiSignalsFrom(facts);
  const securityContact = securityContactFrom(facts);
  const pkg = await readJson(inv, 'package.json');
  const py = (await readToml(inv, 'pyproject.toml'))?.project as Record<string, unknown> | undefined;
  const cargo = (await readToml(inv, 'Cargo.toml'))?.package as Record<string, unknown> | undefined;
  let goModule: string | undefined;
  if (inv.has('go.mod')) {
    goModule = /^module\s+(\S+)/m.exec(await inv.readText('go.mod', SMALL))?.[1];
  }
  const author = pkg?.author;
  const vendor = str(
    typeof author === 'object' && author ? (author as { name?: unknown }).name : author,
  )?.replace(/\s*[<(].*$/, '');
  const name =
    str(pkg?.name) ??
    str(py?.name) ??
    str(cargo?.name) ??
    (goModule ? basename(goModule) : undefined) ??
    basename(inv.root);
  const version = str(pkg?.version) ?? str(py?.version) ?? str(cargo?.version);
  const license = str(pkg?.license) ?? str(py?.license) ?? str(cargo?.license);
  const description = str(pkg?.description) ?? str(py?.description) ?? str(cargo?.description);
  const kind = guessKind(inv, pkg, py, cargo);
  return {
    name,
    ...(kind ? { kind: kind.kind, kindBasis: kind.basis } : {}),
    ...(version ? { version } : {}),
    ...(license ? { license } : {}),
    ...(description ? { description } : {}),
    ...(vendor ? { vendor } : {}),
    ...(inv.git.remote ? { remote: inv.git.remote } : {}),
    ...(securityContact ? { securityContact } : {}),
    aiSignals,
  };
}
