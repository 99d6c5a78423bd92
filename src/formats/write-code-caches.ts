/**
 * Build step, after tsc (`npm run build`): writes V8 code caches for the precompiled validators
 * (see precompiled-validator.ts), warmed up on sample SBOMs so the functions a typical validation
 * runs are in them. A failure here only costs speed, so it warns and exits 0.
 */
import { sampleSbom } from './cyclonedx/test-components.js';
import { type PrecompiledName, type ValidateFn, writeCodeCache } from './precompiled-validator.js';

const names: PrecompiledName[] = ['cyclonedx-1.6', 'spdx-2.3'];

for (const name of names) {
  try {
    const path = writeCodeCache(name, (validate: ValidateFn) => {
      if (!validate(sampleSbom(name))) throw new Error(`the ${name} sample SBOM does not validate`);
    });
    console.log(`wrote ${path}`);
  } catch (e) {
    console.warn(`warning: no code cache for ${name} (${(e as Error).message}); it will compile on each run`);
  }
}
