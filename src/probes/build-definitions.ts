/**
 * Build step (`npm run build`, after tsc): validates every src/probes/<id>/probe.yaml and writes
 * them, in id order, to dist/probes/definitions.json, which built vouch reads instead of the YAML.
 * An invalid probe.yaml fails the build.
 */
import { writeFileSync } from 'node:fs';
import { DEFINITIONS_FILE, DEFINITIONS_VERSION, type GeneratedDefinitions } from './definitions-file.js';
import { readProbeDefinitions } from './read-definitions.js';

const generated: GeneratedDefinitions = {
  version: DEFINITIONS_VERSION,
  probes: readProbeDefinitions(new URL('../../src/probes/', import.meta.url)),
};
const out = new URL(DEFINITIONS_FILE, import.meta.url);
writeFileSync(out, `${JSON.stringify(generated)}\n`);
console.log(`wrote ${out.pathname} (${generated.probes.length} probes)`);
