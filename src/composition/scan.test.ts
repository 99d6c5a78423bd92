import { posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryInventory } from '../inventory/memory.js';
import type { Component, Ecosystem, Extractor } from './component.js';
import { purlFor } from './purl.js';
import { scanComposition } from './scan.js';

/**
 * A toy format so the scan can be tested without depending on the real extractors: one
 * "name@version" per line; a line "!" makes the extractor fail, "!!" makes it throw.
 */
function toyExtractor(
  id: string,
  base: string,
  kind: 'lockfile' | 'manifest',
  ecosystem: Ecosystem = 'npm',
): Extractor {
  return {
    id,
    ecosystem,
    format: base,
    kind,
    matches: (p) => posix.basename(p) === base,
    async extract({ path, text, readSibling }) {
      const components: Component[] = [];
      let error: string | undefined;
      const lines = text.split('\n');
      for (let i = 0; i < lines.length; i++) {
        const line = lines[i]!.trim();
        if (!line) continue;
        if (line === '!!') throw new Error('boom');
        if (line === '!') {
          error = `${path}:${i + 1}: bad line`;
          break;
        }
        if (line.startsWith('include ')) {
          const sib = await readSibling(line.slice(8));
          components.push(
            ...(sib ?? 'MISSING@0')
              .split('\n')
              .filter(Boolean)
              .map((l) => mk(l, i)),
          );
          continue;
        }
        components.push(mk(line, i));
      }
      function mk(line: string, i: number): Component {
        const [name, version = ''] = line.split('@');
        const pinned = kind === 'lockfile' && !version.startsWith('^');
        return {
          ecosystem,
          name: name!,
          version,
          pinned,
          purl: purlFor(ecosystem, name!, version),
          scope: 'prod',
          source: 'registry',
          direct: true,
          location: { path, line: i + 1 },
        };
      }
      return { path, extractor: id, components, ...(error ? { error } : {}) };
    },
  };
}

const lock = toyExtractor('toy/lock', 'toy.lock', 'lockfile');
const manifest = toyExtractor('toy/manifest', 'toy.json', 'manifest');
const workspaceLock = toyExtractor('toy/wslock', 'package-lock.json', 'lockfile');
const extractors = [lock, workspaceLock, manifest];

describe('scanComposition', () => {
  it('adds lockfile components and marks a manifest beside its lockfile as covered', async () => {
    const inv = memoryInventory({
      'toy.lock': 'a@1.0.0\nb@2.0.0\n',
      'toy.json': 'a@^1.0.0\n',
      'README.md': 'hello',
    });
    const scan = await scanComposition(inv, { extractors });
    expect(scan.components.map((c) => `${c.name}@${c.version}`).sort()).toEqual(['a@1.0.0', 'b@2.0.0']);
    expect(scan.coverage).toEqual([
      expect.objectContaining({ path: 'toy.json', status: 'covered', coveredBy: 'toy.lock' }),
      expect.objectContaining({ path: 'toy.lock', status: 'extracted', components: 2 }),
    ]);
    // Covered manifests are not read at all.
    expect(scan.results.map((r) => r.path)).toEqual(['toy.lock']);
  });

  it('adds an uncovered manifest best effort, with pinned=false and a note', async () => {
    const inv = memoryInventory({ 'app/toy.json': 'x@^1.2.0\n', 'other/toy.lock': 'y@1.0.0' });
    const scan = await scanComposition(inv, { extractors });
    const x = scan.components.find((c) => c.name === 'x')!;
    expect(x.pinned).toBe(false);
    const entry = scan.coverage.find((c) => c.path === 'app/toy.json')!;
    expect(entry.status).toBe('extracted');
    expect(entry.unpinned).toBe(1);
    expect(entry.notes?.join(' ')).toMatch(/best effort/);
  });

  it('lets a workspace lockfile in an ancestor cover nested manifests, but not a plain lockfile', async () => {
    const inv = memoryInventory({
      'package-lock.json': 'a@1.0.0',
      'packages/p/toy.json': 'a@^1\n',
      'sub/toy.lock': 'b@1.0.0',
      'sub/deeper/toy.json': 'c@^1\n',
    });
    const scan = await scanComposition(inv, { extractors });
    expect(scan.coverage.find((c) => c.path === 'packages/p/toy.json')).toMatchObject({
      status: 'covered',
      coveredBy: 'package-lock.json',
    });
    // toy.lock is not a workspace lockfile, yet the root package-lock.json (npm) covers it.
    expect(scan.coverage.find((c) => c.path === 'sub/deeper/toy.json')).toMatchObject({
      status: 'covered',
      coveredBy: 'package-lock.json',
    });
    const noRoot = await scanComposition(
      memoryInventory({ 'sub/toy.lock': 'b@1.0.0', 'sub/deeper/toy.json': 'c@^1\n' }),
      { extractors },
    );
    expect(noRoot.coverage.find((c) => c.path === 'sub/deeper/toy.json')?.status).toBe('extracted');
  });

  it('does not let a lockfile of another ecosystem cover a manifest', async () => {
    const pyLock = toyExtractor('toy/pylock', 'py.lock', 'lockfile', 'pypi');
    const inv = memoryInventory({ 'py.lock': 'p@1', 'toy.json': 'x@^1' });
    const scan = await scanComposition(inv, { extractors: [pyLock, manifest] });
    expect(scan.coverage.find((c) => c.path === 'toy.json')?.status).toBe('extracted');
  });

  it('keeps going when an extractor fails or throws, and does not let a failed lockfile cover', async () => {
    const inv = memoryInventory({
      'a/toy.lock': 'ok@1.0.0\n!\nlost@1',
      'a/toy.json': 'fallback@^1',
      'b/toy.lock': '!!',
      'c/toy.lock': 'fine@3.0.0',
    });
    const scan = await scanComposition(inv, { extractors });
    const a = scan.coverage.find((c) => c.path === 'a/toy.lock')!;
    expect(a.status).toBe('error');
    expect(a.error).toMatch(/a\/toy.lock:2/);
    expect(scan.coverage.find((c) => c.path === 'b/toy.lock')).toMatchObject({
      status: 'error',
      error: expect.stringMatching(/boom/),
    });
    // Partial components of a failed file are kept; the manifest is read since its lockfile failed.
    const names = scan.components.map((c) => c.name).sort();
    expect(names).toEqual(['fallback', 'fine', 'ok']);
  });

  it('lists known package-manager files without an extractor as unsupported, unless locked', async () => {
    const inv = memoryInventory({
      'ios/Podfile.lock': 'PODS:',
      'mobile/pubspec.yaml': 'name: x',
      'mobile/pubspec.lock': 'packages: {}',
      'lib/mix.exs': 'defmodule',
      'src/index.ts': '',
    });
    const scan = await scanComposition(inv, { extractors });
    const byPath = Object.fromEntries(scan.coverage.map((c) => [c.path, c]));
    expect(byPath['ios/Podfile.lock']).toMatchObject({ status: 'unsupported', kind: 'lockfile' });
    expect(byPath['lib/mix.exs']).toMatchObject({ status: 'unsupported', kind: 'manifest' });
    // pubspec.lock has no extractor either, so it cannot make pubspec.yaml known.
    expect(byPath['mobile/pubspec.yaml']).toMatchObject({ status: 'unsupported' });
    expect(byPath['mobile/pubspec.lock']).toMatchObject({ status: 'unsupported' });
    expect(byPath['src/index.ts']).toBeUndefined();
  });

  it('treats an unsupported manifest as covered when an extractor read its lockfile', async () => {
    // mix.exs is a known manifest without an extractor; a (toy) extractor for mix.lock covers it.
    const mixLock = toyExtractor('toy/mix', 'mix.lock', 'lockfile', 'cargo');
    const inv = memoryInventory({ 'apps/x/mix.lock': 'plug@1.0.0', 'apps/x/mix.exs': 'defmodule' });
    const scan = await scanComposition(inv, { extractors: [mixLock] });
    expect(scan.coverage.find((c) => c.path === 'apps/x/mix.exs')).toMatchObject({
      status: 'covered',
      coveredBy: 'apps/x/mix.lock',
    });
  });

  it('skips installed-package directories and marks fixture directories as excluded', async () => {
    const inv = memoryInventory({
      'node_modules/dep/toy.lock': 'nested@1',
      'test/fixtures/toy.lock': 'fixture@1',
      'toy.lock': 'real@1',
    });
    const scan = await scanComposition(inv, { extractors });
    expect(scan.components.map((c) => c.name)).toEqual(['real']);
    expect(scan.coverage.map((c) => [c.path, c.status])).toEqual([
      ['test/fixtures/toy.lock', 'excluded'],
      ['toy.lock', 'extracted'],
    ]);
    const withFixtures = await scanComposition(inv, { extractors, includeFixtures: true });
    expect(withFixtures.components.map((c) => c.name).sort()).toEqual(['fixture', 'real']);
  });

  it('reads siblings through the inventory and never outside the root', async () => {
    const inv = memoryInventory({
      'a/toy.lock': 'include shared.txt\ninclude ../etc/passwd\ninclude /etc/passwd',
      'shared.txt': 'shared@1.0.0',
    });
    const scan = await scanComposition(inv, { extractors });
    // Paths are repository-relative: "../" leaves the root and "/etc/passwd" is not in the inventory.
    expect(scan.components.map((c) => c.name).sort()).toEqual(['MISSING', 'shared']);
  });

  it('gives real extractors their siblings for files in subdirectories (go.sum beside a nested go.mod)', async () => {
    const { extractors: real } = await import('./extractors/index.js');
    const inv = memoryInventory({
      'svc/go.mod': 'module example.com/svc\n\ngo 1.21\n\nrequire github.com/BurntSushi/toml v1.0.0\n',
      'svc/go.sum':
        'github.com/BurntSushi/toml v1.0.0 h1:dtDWrepsVPfW9H/4y7dDgFc2MBUSeJhlaDtK13CxFlU=\n' +
        'github.com/BurntSushi/toml v1.0.0/go.mod h1:CxXYINrC8qIiEnFrOxCa7Jy5BFHlXnUU2pbicEuybxQ=\n',
    });
    const scan = await scanComposition(inv, { extractors: real });
    const toml = scan.components.find((c) => c.name === 'github.com/BurntSushi/toml');
    expect(toml?.hashes?.length).toBeGreaterThan(0);
  });

  it('reports over-large files without reading them', async () => {
    const inv = memoryInventory({ 'toy.lock': 'a@1.0.0\n'.repeat(100) });
    const scan = await scanComposition(inv, { extractors, maxFileBytes: 100 });
    expect(scan.coverage[0]).toMatchObject({ status: 'error', error: expect.stringMatching(/limit/) });
  });

  it('records root dependencies from direct components and is stable across concurrency levels', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 40; i++)
      files[`d${String(i).padStart(2, '0')}/toy.lock`] = `p${i}@1.0.0\nshared@1.0.0`;
    const inv = memoryInventory(files);
    const one = await scanComposition(inv, { extractors, concurrency: 1 });
    const many = await scanComposition(inv, { extractors, concurrency: 16 });
    expect(JSON.stringify(many)).toBe(JSON.stringify(one));
    expect(one.components.find((c) => c.name === 'shared')!.occurrences).toHaveLength(40);
    expect(one.rootDependsOn).toHaveLength(41);
  });
});
