import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { composerJsonExtractor } from './index.js';

describe('php/composerjson', () => {
  it('lists require and require-dev, skipping platform packages', async () => {
    const text = readFileSync(join(import.meta.dirname, 'testdata/composer.json'), 'utf8');
    const r = await composerJsonExtractor.extract({
      path: 'composer.json',
      text,
      readSibling: async () => undefined,
    });
    expect(r.error).toBeUndefined();
    expect(r.components.map((c) => [c.name, c.version, c.pinned, c.scope, c.purl, c.location.line])).toEqual([
      ['acme/http', '^2.1', false, 'prod', 'pkg:composer/acme/http', 6],
      ['acme/test-kit', '1.x-dev', false, 'dev', 'pkg:composer/acme/test-kit', 9],
      ['acme/fixed', 'v3.0.1', true, 'dev', 'pkg:composer/acme/fixed@v3.0.1', 10],
    ]);
    expect(r.components.every((c) => c.direct && c.constraint === c.version)).toBe(true);
    expect(r.rootDependsOn).toHaveLength(3);
  });

  it('matches composer.json only', () => {
    expect(composerJsonExtractor.matches('composer.json')).toBe(true);
    expect(composerJsonExtractor.matches('a/b/composer.json')).toBe(true);
    expect(composerJsonExtractor.matches('a/composer.json.bak')).toBe(false);
    expect(composerJsonExtractor.matches('a/package.json')).toBe(false);
  });

  it('reports malformed JSON as an error value', async () => {
    const r = await composerJsonExtractor.extract({
      path: 'composer.json',
      text: '{"require": {"a/b": "1.0",}}',
      readSibling: async () => undefined,
    });
    expect(r.error).toMatch(/^could not extract: invalid JSON at 1:/);
    expect(r.components).toEqual([]);
  });

  it('ignores a require section of the wrong type', async () => {
    const r = await composerJsonExtractor.extract({
      path: 'composer.json',
      text: '{"require": ["a/b"], "require-dev": {"c/d": 5}}',
      readSibling: async () => undefined,
    });
    expect(r.error).toBeUndefined();
    expect(r.components.map((c) => [c.name, c.version, c.pinned])).toEqual([['c/d', '', false]]);
  });
});
