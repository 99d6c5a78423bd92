/**
 * The composition probes, for registration. They read the 'composition' and 'sbom-generation'
 * collectors (src/collectors/composition) and, for license-concerns, 'manifest'.
 */
import { probe as compositionKnown } from './composition-known/index.js';
import { probe as dependenciesPinned } from './dependencies-pinned/index.js';
import { probe as licenseConcerns } from './license-concerns/index.js';
import { probe as sbomPublished } from './sbom-published/index.js';
import type { Probe } from './types.js';
import { probe as unusualSources } from './unusual-sources/index.js';

export const compositionProbes: Probe[] = [
  compositionKnown,
  sbomPublished,
  dependenciesPinned,
  licenseConcerns,
  unusualSources,
];
