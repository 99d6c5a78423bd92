/**
 * The SBOM use case: scan a repository's lockfiles and manifests and build a CycloneDX 1.6 or
 * SPDX 2.3 document, validated against the official schema on request. Returns data and
 * problems; `vouch sbom` prints them and `vouch publish` writes them beside the trust page.
 *
 * Validation is optional because the document is vouch's own construction, checked against the
 * official schemas by the tests; on a run it cost about a tenth of `vouch sbom`'s CPU time (30
 * lockfiles, 12,663 components), so `vouch sbom` validates only with --validate. Conversions of
 * a supplier's SBOM and `vouch publish` keep validating (the default here).
 *
 * Everything beyond the types is imported lazily: start-up time is part of what users feel.
 */
import type { MergedComponent } from '../composition/merge.js';
import type { CoverageEntry } from '../composition/scan.js';
import type { ProductInfo } from '../formats/cyclonedx/sbom-input.js';
import type { Inventory } from '../inventory/types.js';
import type { ProductRepository } from '../repository/product-repositories.js';

export type SbomFormat = 'cyclonedx' | 'spdx';

export interface EmitOptions {
  deterministic?: boolean;
  sourceDate?: string;
  coverage?: readonly CoverageEntry[];
  pretty: boolean;
  /** CycloneDX components of the AI assets (models, datasets, prompts): the AI-BOM. */
  aiComponents?: readonly Record<string, unknown>[];
  /** Check the document against the official schema before returning it (default true). */
  validate?: boolean;
}

export type Emitted =
  | { ok: true; text: string; label: string; validated: boolean }
  /** Our own output failed its schema: a vouch bug; nothing may be written. */
  | { ok: false; schema: string; errors: { path: string; message: string }[] };

/** Builds, validates (unless `validate: false`) and serialises one SBOM document. */
export async function emitSbom(
  format: SbomFormat,
  components: readonly MergedComponent[],
  rootDependsOn: readonly string[],
  product: ProductInfo,
  opts: EmitOptions,
): Promise<Emitted> {
  const input = {
    components,
    rootDependsOn,
    product,
    ...(opts.coverage ? { coverage: opts.coverage } : {}),
    ...(opts.aiComponents ? { aiComponents: opts.aiComponents } : {}),
    ...(opts.deterministic ? { deterministic: true, sourceDate: opts.sourceDate } : {}),
  };
  const validate = opts.validate ?? true;
  let text: string;
  let result: { valid: boolean; errors: { path: string; message: string }[]; schema: string } | undefined;
  if (format === 'spdx') {
    const { buildSpdx, serializeSpdx } = await import('../formats/spdx/build.js');
    const doc = buildSpdx(input);
    if (validate) result = await (await import('../formats/spdx/validate.js')).validateSpdx(doc);
    text = serializeSpdx(doc, { pretty: opts.pretty });
  } else {
    const { buildCycloneDx, serializeCycloneDx } = await import('../formats/cyclonedx/build.js');
    const doc = buildCycloneDx(input);
    if (validate)
      result = await (await import('../formats/cyclonedx/validate.js')).validateCycloneDx(doc, '1.6');
    text = serializeCycloneDx(doc, { pretty: opts.pretty });
  }
  if (result && !result.valid) return { ok: false, schema: result.schema, errors: result.errors };
  return { ok: true, text, label: format === 'spdx' ? 'SPDX 2.3' : 'CycloneDX 1.6', validated: validate };
}

/**
 * Product facts for the SBOM: vouch.yaml's when it is usable, else what the manifests say (name,
 * version, licence) or the directory name. `warnings` says why vouch.yaml was not used.
 */
export async function sbomProduct(
  inventory: Inventory,
): Promise<{ product: ProductInfo; warnings: string[] }> {
  const { productFromManifests } = await import('../manifest/product-manifests.js');
  const fromManifests = await productFromManifests(inventory);
  const fallback: ProductInfo = { ...fromManifests, name: fromManifests.name || 'product' };
  // Only pay for the YAML and schema libraries when there is a vouch.yaml to read.
  if (!inventory.has('vouch.yaml')) return { product: fallback, warnings: [] };
  const { loadManifestFromInventory, formatManifestError } = await import('../manifest/load.js');
  // Through the inventory: bounded, and a vouch.yaml that links out of the tree is not read.
  const m = await loadManifestFromInventory(inventory);
  if (!m.manifest) {
    return {
      product: fallback,
      warnings: [
        ...m.errors.map((e) => formatManifestError(e)),
        'vouch.yaml not usable; the SBOM names the product as its manifests or directory do',
      ],
    };
  }
  const { product, vendor } = m.manifest;
  return {
    product: {
      name: product.name,
      // vouch.yaml may leave the version to the manifests, which give it per release.
      ...(product.version || fromManifests.version
        ? { version: product.version ?? fromManifests.version }
        : {}),
      ...(product.license ? { license: product.license } : {}),
      supplier: { name: vendor.name, ...(vendor.url ? { url: vendor.url } : {}) },
    },
    warnings: [],
  };
}

export interface RepositorySbom {
  emitted: Emitted;
  components: number;
  coverage: readonly CoverageEntry[];
  warnings: string[];
  /** With `ai`: how many models and data files the AI-BOM holds, and what could not be read. */
  ai?: { models: number; data: number; problems: { path: string; message: string }[] };
}

/** The AI-BOM components of the repository, and what could not be read. */
async function aiComponentsFor(inventory: Inventory) {
  const [{ collectAiBom }, { aiBomComponents }] = await Promise.all([
    import('./ai-bom.js'),
    import('../formats/cyclonedx/ai-bom.js'),
  ]);
  const collected = await collectAiBom(inventory);
  return {
    components: aiBomComponents(collected),
    models: collected.models.length,
    data: collected.data.length,
    problems: collected.problems,
  };
}

/** The SBOM of the repository at `root` (deterministic: identical bytes for identical input). */
export async function repositorySbom(
  root: string,
  opts: {
    format: SbomFormat;
    deterministic?: boolean;
    includeFixtures?: boolean;
    pretty?: boolean;
    ai?: boolean;
    /** The product's other repositories (vouch.yaml repositories:): their components join this SBOM. */
    others?: readonly ProductRepository[];
    /** Check the document against the official schema (default true; `vouch sbom` asks with --validate). */
    validate?: boolean;
  },
): Promise<RepositorySbom> {
  const [{ buildInventory }, { scanComposition }] = await Promise.all([
    import('../inventory/walk.js'),
    import('../composition/scan.js'),
  ]);
  const inventory = await buildInventory(root, { readGit: opts.deterministic ? true : 'if-needed' });
  let [scan, { product, warnings }] = await Promise.all([
    scanComposition(inventory, { includeFixtures: !!opts.includeFixtures }),
    sbomProduct(inventory),
  ]);
  if (opts.others && opts.others.length > 0) {
    const { combineCompositions } = await import('./product.js');
    const perRepository = [{ repository: { name: '', root, primary: true, declared: {} }, scan }];
    for (const repository of opts.others) {
      const walked = await buildInventory(repository.root, { readGit: 'if-needed' });
      perRepository.push({
        repository,
        scan: await scanComposition(walked, { includeFixtures: !!opts.includeFixtures }),
      });
    }
    scan = combineCompositions(perRepository);
  }
  let sourceDate: string | undefined;
  if (opts.deterministic) {
    const { deterministicDate } = await import('../formats/cyclonedx/sbom-input.js');
    sourceDate = deterministicDate(inventory.git.recentCommitDates);
  }
  const ai = opts.ai ? await aiComponentsFor(inventory) : undefined;
  const emitted = await emitSbom(opts.format, scan.components, scan.rootDependsOn, product, {
    deterministic: opts.deterministic,
    sourceDate,
    coverage: scan.coverage,
    pretty: !!opts.pretty,
    ...(ai ? { aiComponents: ai.components } : {}),
    ...(opts.validate === false ? { validate: false } : {}),
  });
  return {
    emitted,
    components: scan.components.length,
    coverage: scan.coverage,
    warnings,
    ...(ai ? { ai: { models: ai.models, data: ai.data, problems: ai.problems } } : {}),
  };
}
