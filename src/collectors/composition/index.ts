/**
 * The repository's composition as a fact: every package vouch could read from lockfiles and
 * manifests (merged), per-file results, and coverage of every package-manager file seen. Also
 * exports the SBOM-generation collector the sbom-published probe reads.
 */
import { type CompositionScan, scanComposition } from '../../composition/scan.js';
import type { Collector } from '../types.js';
import { sbomGenerationCollector } from './sbom-generation.js';

export const COMPOSITION_COLLECTOR_ID = 'composition';

export type CompositionFacts = CompositionScan;

export const compositionCollector: Collector<CompositionFacts> = {
  id: COMPOSITION_COLLECTOR_ID,
  collect: ({ inventory }) => scanComposition(inventory),
};

export {
  SBOM_GENERATION_COLLECTOR_ID,
  type SbomGenerationFacts,
  type SbomStep,
  sbomGenerationCollector,
} from './sbom-generation.js';

/** Both collectors of this folder, for registration. */
export const compositionCollectors: Collector[] = [compositionCollector, sbomGenerationCollector];
