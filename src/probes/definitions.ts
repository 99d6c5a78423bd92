/**
 * The probe definitions (src/probes/<id>/probe.yaml) and with them the list of probes: the probe
 * folders are the registry, and nothing else lists probe ids.
 *
 * Built vouch reads dist/probes/definitions.json, which `npm run build` writes after validating
 * every probe.yaml (build-definitions.ts), so a run parses JSON and validates nothing. Run from
 * source (tsx, vitest), this module's URL ends in .ts and the folders are read and validated here.
 */
import { readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFINITIONS_FILE, DEFINITIONS_VERSION, type GeneratedDefinitions } from './definitions-file.js';
import type { ProbeDefinition } from './types.js';

const PROBES_DIR = new URL('./', import.meta.url);

async function load(): Promise<ProbeDefinition[]> {
  if (!import.meta.url.endsWith('.js')) {
    const { readProbeDefinitions } = await import('./read-definitions.js');
    return readProbeDefinitions(PROBES_DIR);
  }
  let generated: GeneratedDefinitions;
  try {
    generated = JSON.parse(
      readFileSync(new URL(DEFINITIONS_FILE, PROBES_DIR), 'utf8'),
    ) as GeneratedDefinitions;
  } catch (error) {
    throw new Error(
      `dist/probes/${DEFINITIONS_FILE} cannot be read (${(error as Error).message}): run npm run build`,
    );
  }
  if (generated.version !== DEFINITIONS_VERSION) {
    throw new Error(`dist/probes/${DEFINITIONS_FILE} is from another vouch build: run npm run build`);
  }
  return generated.probes;
}

/** Every probe's definition, sorted by id. */
export const probeDefinitions: readonly ProbeDefinition[] = await load();
const byId = new Map(probeDefinitions.map((d) => [d.id, d]));

/** Every probe id, sorted: the folder names under src/probes that hold a probe.yaml. */
export function probeIds(): string[] {
  return probeDefinitions.map((d) => d.id);
}

/** The definition of the probe whose module is at `moduleUrl` (its import.meta.url): named by its folder. */
export function definitionFor(moduleUrl: string): ProbeDefinition {
  const id = basename(dirname(fileURLToPath(moduleUrl)));
  const def = byId.get(id);
  if (!def) throw new Error(`src/probes/${id}/ has no probe.yaml among the probe definitions`);
  return def;
}
