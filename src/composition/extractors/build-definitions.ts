/**
 * Build step (`npm run build`, after tsc): validates every extractor.yaml below
 * src/composition/extractors and writes them, in id order, to
 * dist/composition/extractors/definitions.json, which built vouch reads instead of the YAML.
 * An invalid extractor.yaml fails the build.
 */
import { writeFileSync } from 'node:fs';
import { DEFINITIONS_FILE, DEFINITIONS_VERSION, type GeneratedDefinitions } from './definition.js';
import { readExtractorDefinitions } from './read-definitions.js';

const generated: GeneratedDefinitions = {
  version: DEFINITIONS_VERSION,
  extractors: readExtractorDefinitions(new URL('../../../src/composition/extractors/', import.meta.url)),
};
const out = new URL(DEFINITIONS_FILE, import.meta.url);
writeFileSync(out, `${JSON.stringify(generated)}\n`);
console.log(`wrote ${out.pathname} (${generated.extractors.length} extractors)`);
