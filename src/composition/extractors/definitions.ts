/**
 * The extractor definitions (`<language>/<format>/extractor.yaml`), and with them the list of
 * extractors: the folders are the registry (index.ts), and the metadata is written once, beside
 * each extractor's code.
 *
 * Built vouch reads dist/composition/extractors/definitions.json, which `npm run build` writes
 * after validating every extractor.yaml (build-definitions.ts), so a run parses JSON and validates
 * nothing. Run from source (tsx, vitest), this module's URL ends in .ts and the folders are read
 * and validated here.
 */
import { readFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  baseMatcher,
  DEFINITIONS_FILE,
  DEFINITIONS_VERSION,
  type ExtractorDefinition,
  type GeneratedDefinitions,
  pathMatcher,
} from './definition.js';
import type { ExtractorInfo } from './support/lazy.js';

const EXTRACTORS_DIR = new URL('./', import.meta.url);

async function load(): Promise<ExtractorDefinition[]> {
  if (!import.meta.url.endsWith('.js')) {
    const { readExtractorDefinitions } = await import('./read-definitions.js');
    return readExtractorDefinitions(EXTRACTORS_DIR);
  }
  let generated: GeneratedDefinitions;
  try {
    generated = JSON.parse(
      readFileSync(new URL(DEFINITIONS_FILE, EXTRACTORS_DIR), 'utf8'),
    ) as GeneratedDefinitions;
  } catch (error) {
    throw new Error(
      `dist/composition/extractors/${DEFINITIONS_FILE} cannot be read (${(error as Error).message}): run npm run build`,
    );
  }
  if (generated.version !== DEFINITIONS_VERSION) {
    throw new Error(
      `dist/composition/extractors/${DEFINITIONS_FILE} is from another vouch build: run npm run build`,
    );
  }
  return generated.extractors;
}

/** Every extractor's definition, sorted by id. */
export const extractorDefinitions: readonly ExtractorDefinition[] = await load();

const infos = new Map<string, ExtractorInfo>(
  extractorDefinitions.map((d) => {
    const mayClaimBase = baseMatcher(d.reads);
    const info: ExtractorInfo = {
      id: d.id,
      ecosystem: d.ecosystem,
      format: d.format,
      kind: d.kind,
      matches: pathMatcher(d.reads),
    };
    return [d.id, mayClaimBase ? { ...info, mayClaimBase } : info];
  }),
);

/** What the registry knows about the extractor with this id before its code loads. */
export function extractorInfo(id: string): ExtractorInfo {
  const info = infos.get(id);
  if (!info)
    throw new Error(`src/composition/extractors/${id}/ has no ${'extractor.yaml'} among the definitions`);
  return info;
}

/** The info of the extractor whose module is at `moduleUrl` (its import.meta.url): named by its folder. */
export function infoFor(moduleUrl: string): ExtractorInfo {
  const id = relative(fileURLToPath(EXTRACTORS_DIR), dirname(fileURLToPath(moduleUrl)))
    .split('\\')
    .join('/');
  return extractorInfo(id);
}
