#!/usr/bin/env node
// Runs the compiled CLI; in a checkout without a build, runs the TypeScript source through tsx.
import { existsSync } from 'node:fs';
import module from 'node:module';
import { join } from 'node:path';

// Node 22.1+ keeps the code it compiles for vouch's modules on disk and reuses it on the next
// run; older versions lack the call and compile as usual. Set before any vouch module loads.
const xdgCache = process.env.XDG_CACHE_HOME;
module.enableCompileCache?.(xdgCache ? join(xdgCache, 'vouch', 'node-compile-cache') : undefined);

const dist = new URL('../dist/cli/run.js', import.meta.url);
if (existsSync(dist)) {
  await import(dist.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('../src/cli/run.ts', import.meta.url).href);
}
