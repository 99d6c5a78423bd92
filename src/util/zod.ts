/**
 * zod, loaded on first use. Importing it costs ~200 ms of a fresh process, and a run that reads
 * only vouch's own data (validated by the build, shipped in dist/data/) never needs it: schemas
 * are built when there is something to check (a rule file edited since the build, vouch.yaml,
 * rules a user adds). Loaded as CommonJS so that synchronous callers can load it too.
 */
import type * as ZodModule from 'zod';
import { requireCommonJs } from './commonjs.js';

export type Zod = typeof ZodModule.z;

let loaded: Zod | undefined;

export function zod(): Zod {
  loaded ??= (requireCommonJs('zod') as typeof ZodModule).z;
  return loaded;
}

/** A schema (or a set of them) built with zod on the first call, then shared. */
export function lazySchema<S>(build: (z: Zod) => S): () => S {
  let built: S | undefined;
  return () => {
    built ??= build(zod());
    return built;
  };
}
