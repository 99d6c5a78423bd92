/**
 * The repository's composition as a fact: every package vouch could read from lockfiles and
 * manifests (merged), per-file results, and coverage of every package-manager file seen. Also
 * exports the SBOM-generation collector the sbom-published probe reads.
 */
import { type CompositionScan, scanComposition } from '../../composition/scan.js';
import { type Collector, defineFact } from '../types.js';
import { sbomGenerationCollector } from './sbom-generation.js';

export type CompositionFacts = CompositionScan;

export const compositionFact = defineFact<CompositionFacts>('composition');

export const compositionCollector: Collector<CompositionFacts> = {
  fact: compositionFact,
  collect: ({ inventory, documents }) => scanComposition(inventory, { documents }),
};

export {
  type SbomGenerationFacts,
  type SbomStep,
  sbomGenerationCollector,
  sbomGenerationFact,
} from './sbom-generation.js';

/** Both collectors of this folder, for registration. */
export const compositionCollectors: Collector[] = [compositionCollector, sbomGenerationCollector];
