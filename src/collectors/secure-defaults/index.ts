/**
 * Insecure defaults as a fact: the secure-default scan (src/secure-defaults/) over the
 * inventory, once per run for both probes that read it. It runs in the one keyword pass of the
 * byte scanners (../byte-scans).
 */
import type { SecureDefaultScan } from '../../secure-defaults/scan.js';
import { byteScansFact } from '../byte-scans/index.js';
import { type Collector, defineFact } from '../types.js';

export const secureDefaultsFact = defineFact<SecureDefaultScan>('secure-defaults');

export const secureDefaultsCollector: Collector<SecureDefaultScan> = {
  fact: secureDefaultsFact,
  needs: [byteScansFact],
  collect: async ({ need }) => (await need(byteScansFact)).secureDefaults,
};
