/**
 * Every real-world lockfile in the shared corpus, put in a directory under its conventional name,
 * scanned through the real inventory walk and emitted in both formats: each SBOM must validate
 * against its official schema, and deterministic output must be byte-identical across runs.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SHARED } from '../../../test/helpers/lockfile-peer-suite.js';
import { extractors } from '../../composition/extractors/index.js';
import { scanComposition } from '../../composition/scan.js';
import { buildInventory } from '../../inventory/walk.js';
import { buildSpdx, serializeSpdx } from '../spdx/build.js';
import { validateSpdx } from '../spdx/validate.js';
import { buildCycloneDx, serializeCycloneDx } from './build.js';
import { validateCycloneDx } from './validate.js';

const REAL = join(SHARED, 'peer-suites/real-lockfiles');

/** Conventional file name for a corpus file, from its folder and name. */
function conventionalName(folder: string, file: string): string | undefined {
  if (file.endsWith('.cdx.json')) return undefined; // an SBOM, tested by ingest
  switch (folder) {
    case 'npm':
      return 'package-lock.json';
    case 'pnpm':
      return 'pnpm-lock.yaml';
    case 'yarn':
      return 'yarn.lock';
    case 'bun':
      return 'bun.lock';
    case 'cargo':
      return 'Cargo.lock';
    case 'ruby':
      return 'Gemfile.lock';
    case 'php':
      return 'composer.lock';
    case 'maven':
      return 'pom.xml';
    case 'go':
      return file.endsWith('go.sum') ? 'go.sum' : 'go.mod';
    case 'python':
      if (file.endsWith('uv.lock')) return 'uv.lock';
      if (file.endsWith('poetry.lock') || file.endsWith('poetry1.lock')) return 'poetry.lock';
      if (file.endsWith('.txt')) return 'requirements.txt';
      return undefined;
    default:
      return undefined;
  }
}

interface Case {
  label: string;
  /** Files to place: corpus path -> name in the temp dir. */
  files: [string, string][];
  /** The file whose extraction is checked. */
  main: string;
}

function cases(): Case[] {
  const out: Case[] = [];
  for (const folder of readdirSync(REAL).sort()) {
    const dir = join(REAL, folder);
    if (!statSync(dir).isDirectory() || folder === 'fixtures-osv-scanner') continue;
    for (const file of readdirSync(dir).sort()) {
      const path = join(dir, file);
      if (statSync(path).isDirectory()) {
        // A tree kept with its layout (maven/zeppelin-server): copied as is.
        out.push({ label: `${folder}/${file}/`, files: [[path, '']], main: 'pom.xml' });
        continue;
      }
      const name = conventionalName(folder, file);
      if (!name || name === 'go.sum') continue;
      const files: [string, string][] = [[path, name]];
      if (folder === 'go') files.push([path.replace(/go\.mod$/, 'go.sum'), 'go.sum']);
      out.push({ label: `${folder}/${file}`, files, main: name });
    }
  }
  return out;
}

const tmp = mkdtempSync(join(tmpdir(), 'vouch-real-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('SBOMs of real lockfiles validate against the official schemas', () => {
  const all = cases();

  it('found the corpus', () => {
    expect(all.length).toBeGreaterThanOrEqual(30);
  });

  it.each(all.map((c) => [c.label, c] as const))('%s', async (_label, c) => {
    if (!extractors.some((e) => e.matches(c.main))) {
      console.log(`NOTE: skipped ${c.label}: no extractor registered for ${c.main} yet`);
      return;
    }
    const dir = join(tmp, c.label.replace(/[^A-Za-z0-9.-]/g, '_'));
    mkdirSync(dir, { recursive: true });
    for (const [from, to] of c.files) cpSync(from, to ? join(dir, to) : dir, { recursive: true });

    const inventory = await buildInventory(dir, { maxFileBytes: 64 * 1024 * 1024 });
    const scan = await scanComposition(inventory);
    const main = scan.coverage.find((e) => e.path === c.main)!;
    expect(main, `${c.main} in coverage`).toBeDefined();
    expect(main.error ?? '').toBe('');
    // Counts are the extractors' tests' business (a reactor root pom may declare only managed
    // versions, so zero is possible); here every SBOM must be valid whatever was found.

    const input = {
      components: scan.components,
      rootDependsOn: scan.rootDependsOn,
      coverage: scan.coverage,
      product: { name: basename(c.label), version: '1.0.0' },
      deterministic: true,
      sourceDate: '2024-01-01T00:00:00Z',
      toolVersion: '0.0.0-test',
    };
    const cdx = buildCycloneDx(input);
    const cdxResult = await validateCycloneDx(cdx);
    expect(cdxResult.errors).toEqual([]);
    const spdx = buildSpdx(input);
    const spdxResult = await validateSpdx(spdx);
    expect(spdxResult.errors).toEqual([]);

    // Deterministic: a second scan and build give the same bytes.
    const again = await scanComposition(await buildInventory(dir, { maxFileBytes: 64 * 1024 * 1024 }));
    const input2 = {
      ...input,
      components: again.components,
      rootDependsOn: again.rootDependsOn,
      coverage: again.coverage,
    };
    expect(serializeCycloneDx(buildCycloneDx(input2))).toBe(serializeCycloneDx(cdx));
    expect(serializeSpdx(buildSpdx(input2))).toBe(serializeSpdx(spdx));
    console.log(`${c.label}: ${scan.components.length} components, both SBOMs valid`);
  });
});
