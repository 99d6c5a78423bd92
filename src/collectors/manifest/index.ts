/**
 * vouch.yaml as a fact, so probes can compare what the vendor declares with what they see.
 */
import { loadManifestFromInventory, type ManifestResult } from '../../manifest/load.js';
import type { Collector } from '../types.js';

export type ManifestFacts = ManifestResult;

export const manifestCollector: Collector<ManifestFacts> = {
  id: 'manifest',
  collect: ({ inventory }) => loadManifestFromInventory(inventory),
};
