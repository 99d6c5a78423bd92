/**
 * What a lockfile check asks depends on the product's kind (vouch.yaml product.kind): a library's
 * users resolve its dependency ranges themselves, so a lockfile in its repository would not reach
 * them; an application ships what its lockfile fixes. Shared by lockfile-committed and
 * dependencies-pinned.
 */
import { manifestFact } from '../collectors/manifest/index.js';
import type { ManifestFact } from '../collectors/package-manifests/index.js';
import type { Facts } from '../collectors/types.js';
import type { VouchManifest } from '../manifest/schema.js';
import { finding } from './finding.js';
import { list, oneLine } from './text.js';
import type { Finding, ProbeDefinition } from './types.js';

export type ProductKind = NonNullable<VouchManifest['product']['kind']>;

const LIBRARY_KINDS: ReadonlySet<ProductKind> = new Set<ProductKind>(['library', 'framework']);

export function productKindOf(facts: Facts): ProductKind | undefined {
  return facts.get(manifestFact)?.manifest?.product.kind;
}

/**
 * What a product's kind makes of a registry package without a lockfile: not-applicable for a
 * declared library or framework, unknown when no kind is declared, undefined (no excuse) for an
 * application or service.
 */
export function libraryExcuse(kind: ProductKind | undefined): 'not-applicable' | 'unknown' | undefined {
  if (!kind) return 'unknown';
  return LIBRARY_KINDS.has(kind) ? 'not-applicable' : undefined;
}

/**
 * For a manifest that has no lockfile: not-applicable when it is a published package with only
 * development dependencies, or one of a declared library or framework, unknown when it looks like one and no kind is declared;
 * undefined when the kind does not excuse it (the caller fails it).
 */
export function publishedLibraryFinding(
  def: ProbeDefinition,
  kind: ProductKind | undefined,
  manifest: Pick<ManifestFact, 'path' | 'kind' | 'published' | 'runtimeDependencies'>,
): Finding | undefined {
  const published = manifest.published;
  if (!published) return undefined;
  const where = oneLine(manifest.path);
  if (manifest.runtimeDependencies === false) {
    // Library or application, what users install through it brings no third-party packages.
    return finding(def, {
      outcome: 'not-applicable',
      sub: 'no-runtime-dependencies',
      message: `${where} describes a package for a registry whose declared dependencies are all development-only: users who install it get no third-party packages through it, so there is nothing for a lockfile here to fix for them`,
      location: { path: manifest.path },
      key: manifest.kind,
    });
  }
  const own = published.packages.length === 1 && published.packages[0] === manifest.path;
  const what = own
    ? `${where} describes a package for a registry`
    : `${where} belongs to a workspace of packages for a registry (${list(published.packages, 3)})`;
  const excuse = libraryExcuse(kind);
  if (excuse === 'not-applicable') {
    return finding(def, {
      outcome: 'not-applicable',
      sub: 'library',
      message: `${what}, and vouch.yaml declares product.kind ${kind}: its users' package managers resolve its dependency ranges, so a lockfile here would not reach them`,
      location: { path: manifest.path },
      key: manifest.kind,
    });
  }
  if (!excuse) return undefined;
  return finding(def, {
    outcome: 'unknown',
    sub: 'product-kind',
    message: `${what} and has no lockfile: a library needs none, an application or service does; declare product.kind in vouch.yaml to decide`,
    location: { path: manifest.path },
    key: manifest.kind,
    remediation:
      'Declare product.kind in vouch.yaml (library or framework when users install it from the registry; application or service when you ship or run it, then commit its lockfile).',
  });
}
