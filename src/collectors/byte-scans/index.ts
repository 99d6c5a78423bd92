/**
 * The byte scanners of a run (secrets, secure defaults) in one keyword pass: each file either
 * reads is read once and walked once (src/inventory/keyword-pass.ts). The `secrets` and
 * `secure-defaults` collectors hand on their part. A secret configuration that cannot be used
 * (an unknown rule id in vouch.yaml) fails the secrets part only; the secure-default scan still runs.
 */
import { keywordPass } from '../../inventory/keyword-pass.js';
import { MAX_BASELINE_BYTES, parseBaseline } from '../../secrets/baseline.js';
import { SecretTreeScan, type TreeScanResult } from '../../secrets/tree.js';
import { type SecureDefaultScan, SecureDefaultTreeScan } from '../../secure-defaults/scan.js';
import { manifestFact } from '../manifest/index.js';
import { type Collector, defineFact } from '../types.js';

export type SecretsFact = TreeScanResult & {
  /** Why the vouch.yaml baseline could not be used, when it could not. */
  baselineProblem?: string;
};

export interface ByteScansFact {
  /** The secret scan, or why it could not run. */
  secrets: SecretsFact | { error: string };
  secureDefaults: SecureDefaultScan;
}

export const byteScansFact = defineFact<ByteScansFact>('byte-scans');

export const byteScansCollector: Collector<ByteScansFact> = {
  fact: byteScansFact,
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
    let secrets: SecretTreeScan | { error: string };
    try {
      secrets = new SecretTreeScan(inventory, {
        ...(config
          ? { add: config.rules, disable: config.disable, enable: config.enable, allow: config.allow }
          : {}),
        ...(baseline ? { baseline } : {}),
      });
    } catch (e) {
      secrets = { error: (e as Error).message };
    }
    const secureDefaults = new SecureDefaultTreeScan();
    await keywordPass(
      inventory,
      secrets instanceof SecretTreeScan ? [secrets, secureDefaults] : [secureDefaults],
    );
    return {
      secrets:
        secrets instanceof SecretTreeScan
          ? { ...secrets.finish(), ...(baselineProblem ? { baselineProblem } : {}) }
          : secrets,
      secureDefaults: secureDefaults.finish(),
    };
  },
};
