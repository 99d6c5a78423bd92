/**
 * mayClaimBase is a pre-test in front of matches: it may let a base name through that matches
 * then refuses, never the other way round, or a scan would miss files.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { extractors } from './index.js';

/** The peer suites' files (lockfiles, workflows, manifests of real projects), as relative paths. */
const peerPaths = readdirSync(fileURLToPath(new URL('../../../../shared/peer-suites/', import.meta.url)), {
  recursive: true,
  encoding: 'utf8',
}).map((p) => p.split('\\').join('/'));

/** Paths that some extractor claims or nearly claims: every known name in odd places and cases. */
function samplePaths(): string[] {
  const bases = new Set<string>([
    'index.ts',
    'README.md',
    'Dockerfile',
    'dockerfile.dev',
    'app.Dockerfile',
    'Containerfile.md',
    'Dockerfile.bak',
    'web.csproj',
    'Lib.FSPROJ',
    'lib-1.0.pom',
    '.pom',
    'requirements.txt',
    'requirements-dev.txt',
    'base.txt',
    'dev.in',
    'pylock.toml',
    'pylock.dev.toml',
    'ci.yml',
    'release.yaml',
    'action.yml',
    'action.yaml',
  ]);
  for (const e of extractors)
    for (const b of [e.id.split('/')[1]!, `${e.format.split(' ')[0]}`]) bases.add(b);
  const names = [
    'package.json',
    'package-lock.json',
    'npm-shrinkwrap.json',
    'pnpm-lock.yaml',
    'yarn.lock',
    'bun.lock',
    'bun.lockb',
    'go.mod',
    'Cargo.toml',
    'Cargo.lock',
    'Gemfile.lock',
    'gems.locked',
    'composer.json',
    'composer.lock',
    'Pipfile',
    'Pipfile.lock',
    'poetry.lock',
    'pdm.lock',
    'uv.lock',
    'pyproject.toml',
    'setup.cfg',
    'setup.py',
    'pom.xml',
    'gradle.lockfile',
    'buildscript-gradle.lockfile',
    'packages.lock.json',
  ];
  for (const n of names) {
    bases.add(n);
    bases.add(n.toUpperCase());
  }
  const folders = [
    '',
    'web/',
    'node_modules/x/',
    '.github/workflows/',
    '.github/',
    'requirements/',
    'a/requirements/',
  ];
  return [...[...bases].flatMap((b) => folders.map((f) => `${f}${b}`)), ...peerPaths];
}

describe('mayClaimBase', () => {
  const paths = samplePaths();

  it('lets through the base name of every path an extractor claims', () => {
    let claimed = 0;
    for (const e of extractors) {
      for (const path of paths) {
        if (!e.matches(path)) continue;
        claimed++;
        const base = path.slice(path.lastIndexOf('/') + 1);
        expect(e.mayClaimBase?.(base) ?? true, `${e.id} claims ${path}`).toBe(true);
      }
    }
    // The sample really exercises the extractors.
    expect(claimed).toBeGreaterThan(300);
  });

  it('rules out ordinary source files for all but the extractors that test whole paths', () => {
    const left = extractors.filter((e) => e.mayClaimBase?.('index.ts') ?? true).map((e) => e.id);
    expect(left).toEqual(['actions/workflow', 'python/requirements']);
    expect(extractors.find((e) => e.id === 'docker/dockerfile')?.mayClaimBase?.('Dockerfile.md')).toBe(false);
  });
});
