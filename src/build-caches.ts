/**
 * Build step, after tsc (`npm run build`): V8 code caches for the scripts vouch runs through
 * util/cached-script.ts — the precompiled schema validators (warmed up on sample SBOMs, so the
 * functions a typical validation runs are in them) and the commander bundle. A failure here only
 * costs speed, so it warns and exits 0.
 */
import { writeCommanderBundle } from './cli/commander-bundle.js';
import { sampleSbom } from './formats/cyclonedx/test-components.js';
import { type PrecompiledName, type ValidateFn, writeCodeCache } from './formats/precompiled-validator.js';

const steps: [what: string, run: () => string][] = [
  ...(['cyclonedx-1.6', 'spdx-2.3'] as PrecompiledName[]).map((name): [string, () => string] => [
    `the ${name} validator`,
    () =>
      writeCodeCache(name, (validate: ValidateFn) => {
        if (!validate(sampleSbom(name))) throw new Error(`the ${name} sample SBOM does not validate`);
      }),
  ]),
  ['commander', () => Object.values(writeCommanderBundle()).join(', ')],
];

for (const [what, run] of steps) {
  try {
    console.log(`wrote ${run()}`);
  } catch (e) {
    console.warn(`warning: no code cache for ${what} (${(e as Error).message}); it will compile on each run`);
  }
}
