/**
 * Every probe vouch runs: one per folder holding a probe.yaml (see definitions.ts), each folder's
 * index module exporting `probe`. The assessment maps their findings to claims via
 * catalogue/evidence.yaml.
 */
import { probeIds } from './definitions.js';
import type { Probe } from './types.js';

// Run from source (tsx, vitest) the folders hold index.ts; built, index.js.
const moduleExtension = import.meta.url.slice(import.meta.url.lastIndexOf('.'));

async function loadProbes(): Promise<Probe[]> {
  const ids = probeIds();
  const modules = await Promise.all(
    ids.map((id) => {
      const url = new URL(`./${id}/index${moduleExtension}`, import.meta.url).href;
      return import(/* @vite-ignore */ url) as Promise<{ probe?: Probe }>;
    }),
  );
  return modules.map((module, i) => {
    const probe = module.probe;
    if (probe === undefined || probe.definition.id !== ids[i]) {
      throw new Error(`src/probes/${ids[i]}/index.ts must export the probe of its folder as \`probe\``);
    }
    return probe;
  });
}

export const probes: readonly Probe[] = await loadProbes();
