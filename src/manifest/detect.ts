/**
 * What `vouch init` can learn about the product from the repository itself, to pre-fill
 * vouch.yaml. Every value is a suggestion the vendor confirms.
 */
import { aiSignalsFrom } from '../collectors/ai-usage/index.js';
import { securityPolicyFact } from '../collectors/security-policy/index.js';
import type { Facts } from '../collectors/types.js';
import type { Inventory } from '../inventory/types.js';
import { type LicenceFromFiles, licenceFromFiles } from './licence.js';
import { readManifests, str } from './product-manifests.js';
import type { ProductKind } from './schema.js';

export interface DetectedProduct {
  name: string;
  version?: string;
  license?: string;
  description?: string;
  vendor?: string;
  remote?: string;
  securityContact?: string;
  /** Why securityContact is absent though the policy names a channel (the channel, to review). */
  securityChannel?: string;
  /** Why `license` is absent, or what was checked against it (a comment for the vendor). */
  licenseNote?: string;
  /** A conservative guess at what the product is, with what it was guessed from (to review). */
  kind?: ProductKind;
  kindBasis?: string;
  /** Evidence of AI use (library or model file), when seen. */
  aiSignals: string[];
}

/**
 * The channel the policy tells reporters to use (a security.txt Contact, or a contact in a
 * sentence that instructs reporters), as a URI. Any other address in the policy (a packager's
 * list, a questions address) is not the vendor's security contact.
 */
function securityContactFrom(facts: Facts): { uri?: string; channel?: string } {
  const contacts = (facts.get(securityPolicyFact)?.contacts ?? []).filter(
    (x) => x.fromSecurityTxt || x.instructed,
  );
  const c =
    contacts.find((x) => x.fromSecurityTxt && x.kind !== 'channel') ??
    contacts.find((x) => x.kind === 'email') ??
    contacts.find((x) => x.kind === 'url');
  if (!c) {
    const channel = contacts.find((x) => x.kind === 'channel');
    return channel ? { channel: `${channel.file}:${channel.line}: ${channel.value}` } : {};
  }
  return { uri: c.kind === 'email' && !/^mailto:/i.test(c.value) ? `mailto:${c.value}` : c.value };
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

/**
 * A manifest's declared licence wins (it states the expression, e.g. a choice of two); the files
 * then only check it. Without one, the files' text decides, or nothing does.
 */
function chooseLicence(
  declared: string | undefined,
  files: LicenceFromFiles,
): { license?: string; licenseNote?: string } {
  const seen = files.files.filter((f) => f.match).map((f) => `${f.path} is ${f.match!.id}`);
  if (declared) {
    const missing = files.files.filter(
      (f) => f.match && !declared.split(/[\s()]+/).includes(f.match.id) && !f.match.ask,
    );
    return {
      license: declared,
      ...(missing.length > 0
        ? { licenseNote: `REVIEW: the manifests say ${declared}, but ${seen.join(', ')}` }
        : {}),
    };
  }
  if (files.expression)
    return { license: files.expression, licenseNote: `from the licence text: ${seen.join(', ')}` };
  return { licenseNote: files.reason ?? 'no licence found' };
}

export async function detectProduct(facts: Facts): Promise<DetectedProduct> {
  const inv = facts.inventory;
  const aiSignals = aiSignalsFrom(facts);
  const security = securityContactFrom(facts);
  const { pkg, py, cargo, cargoField, name, version, declaredLicense: declared } = await readManifests(inv);
  const author = pkg?.author;
  const vendor = str(
    typeof author === 'object' && author ? (author as { name?: unknown }).name : author,
  )?.replace(/\s*[<(].*$/, '');
  const fromFiles = await licenceFromFiles(inv);
  const { license, licenseNote } = chooseLicence(declared, fromFiles);
  const description = str(pkg?.description) ?? str(py?.description) ?? cargoField('description');
  const kind = guessKind(inv, pkg, py, cargo);
  return {
    name,
    ...(kind ? { kind: kind.kind, kindBasis: kind.basis } : {}),
    ...(version ? { version } : {}),
    ...(license ? { license } : {}),
    ...(licenseNote ? { licenseNote } : {}),
    ...(description ? { description } : {}),
    ...(vendor ? { vendor } : {}),
    ...(inv.git.remote ? { remote: inv.git.remote } : {}),
    ...(security.uri ? { securityContact: security.uri } : {}),
    ...(security.channel ? { securityChannel: security.channel } : {}),
    aiSignals,
  };
}
