/**
 * Committed secrets as a fact: the secret scanner (src/secrets/) over the inventory, with
 * vouch.yaml's `secrets` section (rules added, disabled, enabled, allowlist, baseline) applied.
 * The scan itself runs in the one keyword pass of the byte scanners (../byte-scans).
 */
import { byteScansFact, type SecretsFact } from '../byte-scans/index.js';
import { type Collector, defineFact } from '../types.js';

export type { SecretsFact };

export const secretsFact = defineFact<SecretsFact>('secrets');

export const secretsCollector: Collector<SecretsFact> = {
  fact: secretsFact,
  needs: [byteScansFact],
  async collect({ need }) {
    const { secrets } = await need(byteScansFact);
    if ('error' in secrets) throw new Error(secrets.error);
    return secrets;
  },
};
