/**
 * vouch.yaml as a fact, so probes can compare what the vendor declares with what they see.
 */
import { loadManifestFromInventory, type ManifestResult } from '../../manifest/load.js';
import { type Collector, defineFact } from '../types.js';

export type ManifestFacts = ManifestResult;

export const manifestFact = defineFact<ManifestFacts>('manifest');

export const manifestCollector: Collector<ManifestFacts> = {
  fact: manifestFact,
  collect: ({ inventory }) => loadManifestFromInventory(inventory),
};
