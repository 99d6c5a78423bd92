/**
 * Extractor folders describe themselves: adding an extractor touches its own folder and nothing
 * else (no registry list, no known-files entry, no format table). Shown on a copy of the tree, by
 * running `vouch sbom` from source (tsx) on a project with a deno.lock, a file vouch knew by name
 * but had no extractor for.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { copySourceTree, hashTree } from '../../../test/helpers/source-tree.js';
import { extractorDefinitions } from './definitions.js';
import { readExtractorDefinitions } from './read-definitions.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'vouch-extractor-tree-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const FOLDER = 'src/composition/extractors/javascript/denolock';
const NEW_EXTRACTOR = {
  [`${FOLDER}/extractor.yaml`]: `id: javascript/denolock
ecosystem: npm
purlType: npm
format: deno.lock (npm packages)
kind: lockfile
export: denoLockExtractor
reads:
  names: [deno.lock]
cannotSee:
  - jsr and remote URL imports (only the npm section is read)
`,
  [`${FOLDER}/index.ts`]: `import type { ExtractionResult, Extractor } from '../../../component.js';
import { purlFor } from '../../../purl.js';
import { infoFor } from '../../definitions.js';

const info = infoFor(import.meta.url);

function extract(input: { path: string; text: string }): ExtractionResult {
  const result: ExtractionResult = { path: input.path, extractor: info.id, components: [] };
  const npm = (JSON.parse(input.text) as { npm?: Record<string, unknown> }).npm ?? {};
  for (const key of Object.keys(npm)) {
    const at = key.lastIndexOf('@');
    const name = key.slice(0, at);
    const version = key.slice(at + 1);
    result.components.push({
      ecosystem: 'npm',
      name,
      version,
      pinned: true,
      purl: purlFor('npm', name, version),
      scope: 'prod',
      source: 'registry',
      location: { path: input.path },
    });
  }
  return result;
}

export const denoLockExtractor: Extractor = { ...info, extract };
`,
};

function sbomComponents(tree: string, target: string): { name: string; version: string }[] {
  const out = join(scratch, `sbom-${Math.random().toString(36).slice(2)}.json`);
  execFileSync(
    process.execPath,
    [
      join(repoRoot, 'node_modules/tsx/dist/cli.mjs'),
      'src/cli/run.ts',
      'sbom',
      target,
      '--format',
      'cyclonedx',
      '--output',
      out,
    ],
    { cwd: tree, stdio: 'pipe', timeout: 120_000 },
  );
  return (
    (JSON.parse(readFileSync(out, 'utf8')) as { components?: { name: string; version: string }[] })
      .components ?? []
  );
}

describe('adding an extractor', () => {
  it('touches only its own folder, and vouch sbom then reads the new format', () => {
    const tree = join(scratch, 'tree');
    copySourceTree(tree);
    const target = join(scratch, 'target');
    mkdirSync(target);
    writeFileSync(
      join(target, 'deno.lock'),
      JSON.stringify({ version: '4', npm: { 'left-pad@1.3.0': { integrity: 'sha512-x' } } }),
    );
    // Before: deno.lock is a known file without an extractor, so nothing comes out of it.
    expect(sbomComponents(tree, target).map((c) => c.name)).not.toContain('left-pad');

    const before = hashTree(tree);
    mkdirSync(join(tree, FOLDER));
    for (const [path, text] of Object.entries(NEW_EXTRACTOR)) writeFileSync(join(tree, path), text);
    const after = hashTree(tree);
    const changed = [...after.keys()].filter((p) => before.get(p) !== after.get(p)).sort();
    const removed = [...before.keys()].filter((p) => !after.has(p));
    expect(changed).toEqual(Object.keys(NEW_EXTRACTOR).sort());
    expect(removed).toEqual([]);

    expect(sbomComponents(tree, target)).toContainEqual(
      expect.objectContaining({ name: 'left-pad', version: '1.3.0' }),
    );
  });
});

describe('extractor.yaml', () => {
  it('is read for every extractor folder, its id being the folder', () => {
    const folders = readdirSync(new URL('./', import.meta.url), { withFileTypes: true, recursive: true })
      .filter((e) => e.name === 'index.ts' && /extractors\/[a-z]+\/[a-z0-9]+$/.test(e.parentPath))
      .map((e) => relative(fileURLToPath(new URL('./', import.meta.url)), e.parentPath))
      .sort();
    expect(extractorDefinitions.map((d) => d.id)).toEqual(folders);
  });

  it('fails validation naming the file and the problem: missing file, bad id, bad pattern, wrong purl type', () => {
    const dir = join(scratch, 'defs');
    const write = (path: string, text: string) => {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), text);
    };
    write('go/nofile/index.ts', '');
    write(
      'go/badid/extractor.yaml',
      'id: go/other\necosystem: golang\npurlType: golang\nformat: x\nkind: lockfile\nexport: x\nreads:\n  names: [x]\ncannotSee: [y]\n',
    );
    write(
      'go/badpattern/extractor.yaml',
      "id: go/badpattern\necosystem: golang\npurlType: golang\nformat: x\nkind: lockfile\nexport: x\nreads:\n  namePattern: '(['\ncannotSee: [y]\n",
    );
    write(
      'go/badpurl/extractor.yaml',
      'id: go/badpurl\necosystem: golang\npurlType: go\nformat: x\nkind: lockfile\nexport: x\nreads:\n  names: [x]\ncannotSee: [y]\n',
    );
    let message = '';
    try {
      readExtractorDefinitions(new URL(`file://${dir}/`));
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('go/nofile/extractor.yaml: missing');
    expect(message).toContain('go/badid/extractor.yaml: id go/other differs from its folder go/badid');
    expect(message).toContain(
      'go/badpattern/extractor.yaml: reads.namePattern: not a valid regular expression',
    );
    expect(message).toContain('go/badpurl/extractor.yaml: purlType go, but golang package URLs use golang');
  });
});
