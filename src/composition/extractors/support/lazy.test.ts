import { describe, expect, it, vi } from 'vitest';
import { parseJson } from './json-keys.js';
import { lazyExtractor } from './lazy.js';
import { parseTomlDocument } from './toml.js';
import { parseXml } from './xml.js';

// A broken install: every parser library fails to load.
vi.mock('smol-toml', () => {
  throw new Error('smol-toml missing');
});
vi.mock('saxes', () => {
  throw new Error('saxes missing');
});
vi.mock('jsonc-parser', () => {
  throw new Error('jsonc-parser missing');
});

describe('a parser library that cannot be loaded', () => {
  it('gives error values, not exceptions', async () => {
    expect(await parseTomlDocument('a.toml', 'a = 1')).toEqual({
      ok: false,
      error: expect.stringMatching(/^could not extract a\.toml: the smol-toml library could not be loaded: /),
    });
    expect(await parseXml('<a/>')).toEqual({
      error: expect.stringMatching(/^the saxes library could not be loaded: /),
    });
    // valid JSON never needs jsonc-parser
    expect(await parseJson('[1]')).toEqual({ value: [1] });
    expect((await parseJson('[1')).error).toMatch(
      /^invalid JSON: .*\(the jsonc-parser library could not be loaded: /,
    );
  });
});

describe('lazyExtractor', () => {
  const info = {
    id: 'test/x',
    ecosystem: 'npm',
    format: 'x',
    kind: 'lockfile',
    matches: () => true,
  } as const;
  const input = { path: 'a/x', text: '', readSibling: async () => undefined };

  it('loads the extractor once, on the first extract', async () => {
    let loads = 0;
    const ex = lazyExtractor(info, async () => {
      loads++;
      return { ...info, extract: (i) => ({ path: i.path, extractor: info.id, components: [] }) };
    });
    expect(loads).toBe(0);
    expect(ex.matches('a/x')).toBe(true);
    await ex.extract(input);
    await ex.extract(input);
    expect(loads).toBe(1);
  });

  it('turns a module that cannot be loaded into an error value', async () => {
    const ex = lazyExtractor(info, () => Promise.reject(new Error('no such module\nstack')));
    expect(await ex.extract(input)).toEqual({
      path: 'a/x',
      extractor: 'test/x',
      components: [],
      error: 'the test/x extractor could not be loaded: no such module',
    });
  });
});
