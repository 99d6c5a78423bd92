#!/usr/bin/env node
// Runs the compiled CLI; in a checkout without a build, runs the TypeScript source through tsx.
import { existsSync } from 'node:fs';

const dist = new URL('../dist/cli/run.js', import.meta.url);
if (existsSync(dist)) {
  await import(dist.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('../src/cli/run.ts', import.meta.url).href);
}
