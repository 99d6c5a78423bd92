import { describe, expect, it } from 'vitest';
import { memoryInventory } from '../inventory/memory.js';
import { excludedFor, type ScopeUse } from '../inventory/scope.js';
import { globsToRegExp } from '../util/glob.js';
import { filesMatching, filesWithBase } from './util.js';

const tree = memoryInventory(
  Object.fromEntries(
    [
      'package.json',
      'packages/a/package.json',
      'packages/a/src/index.ts',
      'packages/b/PACKAGE.JSON',
      'node_modules/x/package.json',
      'vendor/y/package.json',
      'requirements.txt',
      'requirements-dev.txt',
      'requirements/base.txt',
      'api/App.csproj',
      'SECURITY.md',
      'docs/security.md',
      '.github/SECURITY.md',
      '.github/workflows/ci.yml',
      '.github/workflows/release.yaml',
      'README.md',
    ].map((p) => [p, 'x']),
  ),
);

function naive(patterns: string[], opts: { caseInsensitive?: boolean; outOfScopeFor?: ScopeUse } = {}) {
  const re = globsToRegExp(patterns, opts.caseInsensitive ?? false);
  return tree.files
    .filter((f) => !(opts.outOfScopeFor && excludedFor(opts.outOfScopeFor, f.path)) && re.test(f.path))
    .map((f) => f.path);
}

describe('filesMatching', () => {
  it.each([
    [['**/package.json']],
    [['**/package.json', 'requirements*.txt', 'requirements/*.txt', '**/*.csproj']],
    [['.github/workflows/*.{yml,yaml}']],
    [['SECURITY.md', '.github/SECURITY.md', 'docs/SECURITY.md']],
    [['packages/']],
    [['nothing-here.txt']],
    [[]],
  ])('finds what testing every file would, in inventory order: %j', (patterns) => {
    for (const caseInsensitive of [false, true]) {
      for (const outOfScopeFor of [undefined, 'configuration' as const]) {
        const opts = { caseInsensitive, ...(outOfScopeFor ? { outOfScopeFor } : {}) };
        expect(
          filesMatching(tree, patterns, opts).map((f) => f.path),
          JSON.stringify(opts),
        ).toEqual(naive(patterns, opts));
      }
    }
  });

  it('matches case-insensitively on request only', () => {
    expect(filesMatching(tree, ['**/package.json']).map((f) => f.path)).not.toContain(
      'packages/b/PACKAGE.JSON',
    );
    expect(filesMatching(tree, ['**/package.json'], { caseInsensitive: true }).map((f) => f.path)).toContain(
      'packages/b/PACKAGE.JSON',
    );
  });

  it('sees files added to the inventory after an earlier search', () => {
    const inventory = memoryInventory({ 'a/package.json': '{}' });
    expect(filesMatching(inventory, ['**/package.json'])).toHaveLength(1);
    inventory.files.push({ path: 'b/package.json', size: 2 });
    expect(filesMatching(inventory, ['**/package.json']).map((f) => f.path)).toEqual([
      'a/package.json',
      'b/package.json',
    ]);
  });
});

describe('filesWithBase', () => {
  it('tests each distinct base name once and returns the files in inventory order', () => {
    const seen: string[] = [];
    const found = filesWithBase(tree, (base) => {
      seen.push(base);
      return base.endsWith('.json') || base === 'SECURITY.md';
    });
    expect(found.map((f) => f.path)).toEqual([
      '.github/SECURITY.md',
      'SECURITY.md',
      'node_modules/x/package.json',
      'package.json',
      'packages/a/package.json',
      'vendor/y/package.json',
    ]);
    expect(seen.filter((b) => b === 'package.json')).toHaveLength(1);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('passes lower-cased names when case-insensitive', () => {
    const found = filesWithBase(tree, (base) => base === 'package.json' || base === 'security.md', true);
    expect(found.map((f) => f.path)).toEqual([
      '.github/SECURITY.md',
      'SECURITY.md',
      'docs/security.md',
      'node_modules/x/package.json',
      'package.json',
      'packages/a/package.json',
      'packages/b/PACKAGE.JSON',
      'vendor/y/package.json',
    ]);
  });
});
