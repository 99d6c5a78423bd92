/**
 * Known vulnerabilities in the product's components as a fact: the composition matched against
 * the advisory store (`vouch db import`), with VEX applied, first-seen dates and remediation
 * windows from vouch.yaml, judged on the run's clock. The store is read only when it exists
 * (`--db`, or `.vouch/vouch.db` under the root); this never creates one and never goes online.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import type { VulnsReport } from '../../app/vulns.js';
import { compositionFact } from '../composition/index.js';
import { manifestFact } from '../manifest/index.js';
import { type Collector, defineFact } from '../types.js';

export type VulnerabilityFacts =
  /** No store file: nothing can be said about known vulnerabilities. */
  /** `shown`: the store as reports name it, relative to the repository when it lies inside. */
  | { store: 'absent'; file: string; shown: string }
  | { store: 'present'; file: string; shown: string; report: VulnsReport };

export const vulnerabilitiesFact = defineFact<VulnerabilityFacts>('vulnerabilities');

/** The store file as reports name it: relative to the repository when inside it (no machine paths). */
export function shownStoreFile(root: string, file: string): string {
  const inside = relative(root, file);
  return inside && !inside.startsWith('..') && !isAbsolute(inside) ? inside : file;
}

/**
 * The store file a run reads: the one the run's settings name, else `.vouch/vouch.db` under the
 * root (store/db.ts defaultStorePath, not imported so a run without a store never loads kysely).
 */
export function storeFileFor(root: string, setting: string | undefined): string {
  if (setting !== undefined) return isAbsolute(setting) ? setting : join(root, setting);
  return join(root, '.vouch', 'vouch.db');
}

export const vulnerabilitiesCollector: Collector<VulnerabilityFacts> = {
  fact: vulnerabilitiesFact,
  needs: [compositionFact, manifestFact],
  async collect({ inventory, run, need }) {
    const file = storeFileFor(inventory.root, run.settings.vulnerabilityStore);
    const shown = shownStoreFile(inventory.root, file);
    if (!existsSync(file)) return { store: 'absent', file, shown };
    const [composition, manifest, { vulnerabilitiesOf }] = await Promise.all([
      need(compositionFact),
      need(manifestFact),
      import('../../app/vulns.js'),
    ]);
    const report = await vulnerabilitiesOf({
      storeFile: file,
      inventory,
      components: composition.components,
      ...(manifest.manifest ? { manifest: manifest.manifest } : {}),
      run,
    });
    return { store: 'present', file, shown, report };
  },
};
