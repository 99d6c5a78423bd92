import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ensureBuilt } from '../../../test/helpers/bin.js';
import { extractors } from './index.js';

// The built registry, as users run it: from source, the extractor.yaml files are read and
// validated in place of the build's JSON, which loads a YAML parser and zod.
const REGISTRY = fileURLToPath(new URL('../../../dist/composition/extractors/index.js', import.meta.url));

// Reports, on stderr and synchronously, every package the main thread resolves in node_modules and
// every extractor module (`<language>/<format>/index.ts`).
const HOOKS = `
import { writeSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  const pkg = /\\/node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(result.url);
  if (pkg) writeSync(2, 'LOAD ' + pkg[1] + '\\n');
  const ex = /\\/dist\\/composition\\/extractors\\/(\\w+\\/\\w+)\\/index\\.js$/.exec(result.url);
  if (ex) writeSync(2, 'LOAD ' + ex[1] + '\\n');
  return result;
}`;

// Imports the registry, then runs one extractor per parser library, marking each step on stderr.
const SCRIPT = `
import { register } from 'node:module';
import { writeSync } from 'node:fs';
register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(HOOKS)}));
import { createRequire } from 'node:module';
const { extractors } = await import(${JSON.stringify(REGISTRY)});
// Packages vouch requires as CommonJS on first use (yaml) pass no ESM hook: read them off the cache.
const cjs = createRequire(import.meta.url).cache;
const seen = new Set();
const cjsLoads = () => {
  for (const key of Object.keys(cjs)) {
    const m = /node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(key);
    if (m && !seen.has(m[1])) { seen.add(m[1]); writeSync(2, 'LOAD ' + m[1] + '\\n'); }
  }
};
cjsLoads();
writeSync(2, 'STEP registry\\n');
const run = async (id, path, text) => {
  const ex = extractors.find((e) => e.id === id);
  const r = await ex.extract({ path, text, readSibling: async () => undefined });
  cjsLoads();
  writeSync(2, 'STEP ' + id + ' ' + r.components.length + ' ' + (r.error ?? '') + '\\n');
};
await run('actions/workflow', '.github/workflows/ci.yml', 'jobs:\\n  a:\\n    steps:\\n      - uses: a/b@v1\\n');
await run('rust/cargolock', 'Cargo.lock', '[[package]]\\nname = "a"\\nversion = "1.0.0"\\n');
await run('java/pomxml', 'pom.xml', '<project><groupId>g</groupId><artifactId>x</artifactId><version>1</version><dependencies><dependency><groupId>g</groupId><artifactId>a</artifactId><version>1</version></dependency></dependencies></project>');
await run('php/composerjson', 'composer.json', '{"require": ');
`;

/** Each step's line (name, component count, error) with the modules first resolved during it. */
function loadsByStep(stderr: string): { step: string; loaded: string[] }[] {
  const steps: { step: string; loaded: string[] }[] = [];
  let pending: string[] = [];
  for (const line of stderr.split('\n')) {
    if (line.startsWith('LOAD ')) {
      const name = line.slice('LOAD '.length);
      if (!pending.includes(name)) pending.push(name);
    } else if (line.startsWith('STEP ')) {
      steps.push({ step: line.slice('STEP '.length).trimEnd(), loaded: pending.sort() });
      pending = [];
    }
  }
  return steps;
}

describe('extractor registry', () => {
  it('loads no extractor module or third-party package until an extractor runs', () => {
    ensureBuilt();
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', SCRIPT], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(child.status, child.stderr).toBe(0);
    // A fresh process pays for every module it loads; a scan should pay only for what it uses.
    expect(loadsByStep(child.stderr)).toEqual([
      { step: 'registry', loaded: [] },
      { step: 'actions/workflow 1', loaded: ['actions/workflow', 'yaml'] },
      { step: 'rust/cargolock 1', loaded: ['rust/cargolock', 'smol-toml'] },
      { step: 'java/pomxml 1', loaded: ['java/pomxml', 'saxes', 'xmlchars'] },
      // jsonc-parser only locates errors, so only a broken file loads it; composer.json shares
      // composer.lock's platform-package test
      {
        step: 'php/composerjson 0 could not extract: invalid JSON at 1:13: ValueExpected',
        loaded: ['jsonc-parser', 'php/composerjson', 'php/composerlock'],
      },
    ]);
  });

  it('has unique ids, and each entry loads the extractor with its own id', async () => {
    expect(new Set(extractors.map((e) => e.id)).size).toBe(extractors.length);
    for (const ex of extractors) {
      const r = await ex.extract({ path: 'empty', text: '', readSibling: async () => undefined });
      expect(r.extractor, ex.id).toBe(ex.id);
    }
  });
});
