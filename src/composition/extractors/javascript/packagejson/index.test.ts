import { describe, expect, it } from 'vitest';
import type { Component } from '../../../component.js';
import { isValidPurl } from '../../../purl-check.js';
import { fixtureInput, hugeSingleLine, inputFor, timed } from '../testdata/testkit.js';
import { packageJsonExtractor as extractor, sourceOfRange } from './index.js';

describe('javascript/packagejson', async () => {
  const r = await extractor.extract(fixtureInput('packagejson', 'testdata/package.json'));
  const byName = new Map<string, Component>(r.components.map((c) => [c.name, c]));

  it('is a manifest that claims package.json outside node_modules', () => {
    expect(extractor.kind).toBe('manifest');
    expect(extractor.matches('package.json')).toBe(true);
    expect(extractor.matches('apps/web/package.json')).toBe(true);
    expect(extractor.matches('node_modules/x/package.json')).toBe(false);
    expect(extractor.matches('package.json.bak')).toBe(false);
  });

  it('lists declared dependencies, never the project itself', () => {
    expect(r.error).toBeUndefined();
    expect([...byName.keys()].sort()).toEqual(
      [
        '@acme/real',
        'exact-eq',
        'express',
        'from-git',
        'fsevents',
        'left-pad',
        'local',
        'react',
        'short',
        'tarball',
        'vitest',
        'ws',
      ].sort(),
    );
    expect(r.components.every((c) => c.direct === true)).toBe(true);
    for (const c of r.components) expect(isValidPurl(c.purl), c.purl).toBe(true);
  });

  it('pins exact versions only; ranges stay as text with no version in the purl', () => {
    expect(byName.get('left-pad')).toMatchObject({
      version: '1.3.0',
      pinned: true,
      constraint: '1.3.0',
      purl: 'pkg:npm/left-pad@1.3.0',
    });
    expect(byName.get('exact-eq')).toMatchObject({ version: '2.0.0', pinned: true, constraint: '=2.0.0' });
    expect(byName.get('express')).toMatchObject({
      version: '^4.18.0',
      pinned: false,
      constraint: '^4.18.0',
      purl: 'pkg:npm/express',
    });
    expect(byName.get('@acme/real')).toMatchObject({
      version: '^2.0.0',
      constraint: 'npm:@acme/real@^2.0.0',
    });
  });

  it('maps sections to scope and groups; a name in two sections keeps the wider scope', () => {
    expect(byName.get('express')?.scope).toBe('prod');
    expect(byName.get('vitest')).toMatchObject({ scope: 'dev', groups: ['dev'] });
    expect(byName.get('fsevents')).toMatchObject({ scope: 'optional', groups: ['optional'] });
    expect(byName.get('react')).toMatchObject({ scope: 'peer', groups: ['peer'] });
  });

  it('recognises git, path, workspace and url sources; only a full hash pins git', () => {
    expect(byName.get('from-git')).toMatchObject({
      source: 'git',
      commit: '0123456789abcdef0123456789abcdef01234567',
      pinned: true,
    });
    expect(byName.get('short')).toMatchObject({ source: 'git', pinned: false });
    expect(byName.get('short')?.commit).toBeUndefined();
    expect(byName.get('local')?.source).toBe('path');
    expect(byName.get('ws')?.source).toBe('workspace');
    expect(byName.get('tarball')?.source).toBe('url');
    expect(sourceOfRange('git+ssh://git@github.com/a/b.git')).toBe('git');
    expect(sourceOfRange('^1.0.0 || ^2.0.0')).toBe('registry');
  });

  it('gives each declaration its own line, per section', () => {
    expect(byName.get('express')?.location.line).toBe(5);
    expect(byName.get('vitest')?.location.line).toBe(16);
    expect(byName.get('react')?.location.line).toBe(23);
    expect(r.rootDependsOn).toHaveLength(12);
  });

  it('survives hostile input', async () => {
    const [big, ms] = await timed(() => extractor.extract(inputFor('package.json', hugeSingleLine())));
    expect(big.error).toMatch(/above the 64 MiB limit/);
    expect(ms).toBeLessThan(1000);
    const trunc = await extractor.extract(inputFor('package.json', '{"dependencies": {"a": "1.0'));
    expect(trunc.error).toMatch(/^could not extract: invalid JSON at 1:\d+/);
    const deep = await extractor.extract(
      inputFor('package.json', `${'['.repeat(100_000)}${']'.repeat(100_000)}`),
    );
    expect(deep.error).toMatch(/not a JSON object/);
    const odd = await extractor.extract(
      inputFor('package.json', '{"dependencies": {"a": 1, "b": null, "__proto__": "1.0.0"}}'),
    );
    expect(odd.components.map((c) => c.name)).toEqual(['__proto__']);
  });
});
