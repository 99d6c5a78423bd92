/**
 * Reads and validates every src/probes/<id>/probe.yaml: at build time (build-definitions.ts),
 * and in place of the generated JSON when vouch runs from source (tsx, tests).
 */
import { existsSync, readdirSync } from 'node:fs';
import { readDefinitionFile } from '../util/definition-file.js';
import { probeFileSchema } from './schema.js';
import type { ProbeDefinition } from './types.js';

export const PROBE_FILE = 'probe.yaml';
// Our own files, but a bound keeps a corrupted checkout from exhausting memory.
const MAX_PROBE_FILE_BYTES = 64 * 1024;

export class ProbeDefinitionError extends Error {
  override name = 'ProbeDefinitionError';
}

/** The probe folders below `dir` (those holding a probe.yaml), sorted by name. */
export function probeFolders(dir: URL): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const folder = new URL(`${entry.name}/`, dir);
    if (existsSync(new URL(PROBE_FILE, folder))) out.push(entry.name);
    else if (existsSync(new URL('index.ts', folder)) || existsSync(new URL('index.js', folder))) {
      throw new ProbeDefinitionError(`src/probes/${entry.name}/ has code but no ${PROBE_FILE}`);
    }
  }
  return out.sort();
}

/** Every probe definition below `dir`, validated; throws ProbeDefinitionError naming each problem. */
export function readProbeDefinitions(dir: URL): ProbeDefinition[] {
  const problems: string[] = [];
  const definitions: ProbeDefinition[] = [];
  for (const name of probeFolders(dir)) {
    const where = `src/probes/${name}/${PROBE_FILE}`;
    const file = new URL(`${name}/${PROBE_FILE}`, dir);
    const def = readDefinitionFile(file, where, probeFileSchema, MAX_PROBE_FILE_BYTES, problems);
    if (!def) continue;
    if (def.id !== name) problems.push(`${where}: id ${def.id} differs from its folder name`);
    definitions.push(def);
  }
  if (problems.length > 0)
    throw new ProbeDefinitionError(`invalid probe definitions:\n  ${problems.join('\n  ')}`);
  return definitions;
}
