/**
 * commander: from the bundle the build writes beside this module (commander-bundle.ts), through
 * its code cache; otherwise (running from source, or a commander installed after the build)
 * through `require` (see util/commonjs.ts).
 */
import { existsSync, type Stats, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CacheUse, runCachedScript } from '../util/cached-script.js';
import { requireCommonJs } from '../util/commonjs.js';

export type CommanderModule = typeof import('commander');

/** Where the build puts the bundle and its code cache (dist/cli unless told otherwise). */
export function commanderBundlePaths(dir = dirname(fileURLToPath(import.meta.url))): {
  bundle: string;
  cache: string;
} {
  return { bundle: resolve(dir, 'commander.bundle.js'), cache: resolve(dir, 'commander.v8-cache') };
}

/** What tells one installed commander from another without reading it: its package.json's size and time. */
export function packageStamp(st: Stats): string {
  return `${st.size}:${Math.trunc(st.mtimeMs)}`;
}

const PACKAGE_LINE = /\n\/\/ package: (\S+) (\d+:\d+)\n/;

/**
 * commander from the bundle at `paths`, or undefined when there is none or the installed
 * commander is not the one bundled (its package.json has changed since the build).
 */
export function loadCommanderBundle(
  paths = commanderBundlePaths(),
): { module: CommanderModule; cache: CacheUse } | undefined {
  if (!existsSync(paths.bundle)) return undefined;
  const compiled = runCachedScript(paths.bundle, paths.cache);
  const m = PACKAGE_LINE.exec(compiled.source.slice(0, 512));
  if (!m) return undefined;
  try {
    if (packageStamp(statSync(resolve(dirname(paths.bundle), m[1] as string))) !== m[2]) return undefined;
  } catch {
    return undefined;
  }
  const factory = compiled.value as (require: NodeJS.Require) => CommanderModule;
  return { module: factory(createRequire(paths.bundle)), cache: compiled.cache };
}

export const { Command, Option } = (loadCommanderBundle()?.module ??
  requireCommonJs('commander')) as CommanderModule;
export type Command = InstanceType<CommanderModule['Command']>;
