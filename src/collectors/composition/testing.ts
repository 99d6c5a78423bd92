/**
 * For probe tests: facts from the composition collector over an in-memory repository, with an
 * optional vouch.yaml result standing in for the manifest collector (which reads from disk).
 */
import { memoryInventory } from '../../inventory/memory.js';
import type { GitFacts } from '../../inventory/types.js';
import type { ManifestResult } from '../../manifest/load.js';
import { manifestFact } from '../manifest/index.js';
import { packageManifestsCollector } from '../package-manifests/index.js';
import { collectFacts } from '../run.js';
import type { Collector, Facts } from '../types.js';
import { compositionCollector, sbomGenerationCollector } from './index.js';

export async function compositionFacts(
  files: Record<string, string | Buffer>,
  opts: { manifest?: ManifestResult['manifest']; failing?: string; git?: Partial<GitFacts> } = {},
): Promise<Facts> {
  const collectors: Collector[] = (
    [
      compositionCollector,
      sbomGenerationCollector,
      packageManifestsCollector,
      {
        fact: manifestFact,
        collect: async (): Promise<ManifestResult> => ({
          found: opts.manifest !== undefined,
          errors: [],
          positions: new Map(),
          ...(opts.manifest ? { manifest: opts.manifest } : {}),
        }),
      },
    ] as Collector[]
  ).map((c) =>
    c.fact.id === opts.failing
      ? {
          fact: c.fact,
          collect: async () => {
            throw new Error('boom');
          },
        }
      : c,
  );
  return collectFacts(memoryInventory(files, opts.git), collectors);
}

/** A vouch.yaml manifest with just what the composition probes read. */
export function manifestWith(product: {
  name?: string;
  license?: string;
  kind?: NonNullable<ManifestResult['manifest']>['product']['kind'];
}): NonNullable<ManifestResult['manifest']> {
  return {
    schemaVersion: 1,
    product: {
      name: product.name ?? 'Acme',
      ...(product.license ? { license: product.license } : {}),
      ...(product.kind ? { kind: product.kind } : {}),
    },
    vendor: { name: 'Acme Ltd' },
    vendorRole: 'developer-and-distributor',
    ai: { uses: false, roles: [] },
    repositories: [],
    attestations: {},
    suppressions: [],
  } as NonNullable<ManifestResult['manifest']>;
}
