/**
 * Insecure defaults as a fact: the secure-default scan (src/secure-defaults/) over the
 * inventory, once per run for both probes that read it.
 */
import { type SecureDefaultScan, scanSecureDefaults } from '../../secure-defaults/scan.js';
import { type Collector, defineFact } from '../types.js';

export const secureDefaultsFact = defineFact<SecureDefaultScan>('secure-defaults');

export const secureDefaultsCollector: Collector<SecureDefaultScan> = {
  fact: secureDefaultsFact,
  collect: ({ inventory }) => scanSecureDefaults(inventory),
};
