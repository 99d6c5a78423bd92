/**
 * Committed secrets as a fact: the secret scanner (src/secrets/) over the inventory, with
 * vouch.yaml's `secrets` section (rules added, disabled, enabled, allowlist, baseline) applied.
 */
import { MAX_BASELINE_BYTES, parseBaseline } from '../../secrets/baseline.js';
import { scanInventory, type TreeScanResult } from '../../secrets/tree.js';
import { manifestFact } from '../manifest/index.js';
import { type Collector, defineFact } from '../types.js';

export type SecretsFact = TreeScanResult & {
  /** Why the vouch.yaml baseline could not be used, when it could not. */
  baselineProblem?: string;
};

export const secretsFact = defineFact<SecretsFact>('secrets');

export const secretsCollector: Collector<SecretsFact> = {
  fact: secretsFact,
  needs: [manifestFact],
  async collect({ inventory, need }) {
    const config = (await need(manifestFact)).manifest?.secrets;
    let baseline: Map<string, string> | undefined;
    let baselineProblem: string | undefined;
    if (config?.baseline) {
      // The baseline is a file of the repository: read through the inventory (root-confined).
      try {
        if (!inventory.has(config.baseline)) throw new Error('no such file in the repository');
        const text = await inventory.readText(config.baseline, MAX_BASELINE_BYTES);
        baseline = parseBaseline(text, config.baseline);
      } catch (e) {
        baselineProblem = `${config.baseline}: ${(e as Error).message}`;
      }
    }
    const result = await scanInventory(inventory, {
      ...(config
        ? { add: config.rules, disable: config.disable, enable: config.enable, allow: config.allow }
        : {}),
      ...(baseline ? { baseline } : {}),
    });
    return { ...result, ...(baselineProblem ? { baselineProblem } : {}) };
  },
};
