/** The GitHub Actions peer suite (zizmor and OpenSSF Scorecard test data) in ../shared. */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SHARED } from './lockfile-peer-suite.js';

export const GHA_SUITE = join(SHARED, 'peer-suites/gha');

/** Every .yml / .yaml file under `dir`, sorted. */
export function yamlFiles(dir: string = GHA_SUITE): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...yamlFiles(p));
    else if (/\.ya?ml$/.test(name)) out.push(p);
  }
  return out.sort();
}
