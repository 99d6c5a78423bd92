/**
 * Where the build puts every probe.yaml as one JSON (dist/probes/definitions.json), shared by the
 * writer (build-definitions.ts) and the reader (definitions.ts), which cannot import each other.
 */
import type { ProbeDefinition } from './types.js';

export const DEFINITIONS_FILE = 'definitions.json';
export const DEFINITIONS_VERSION = 1;

export interface GeneratedDefinitions {
  version: number;
  probes: ProbeDefinition[];
}
