import { describe, expect, it } from 'vitest';
import { extractors } from '../index.js';

describe('Python, Go and Rust extractor registration', () => {
  const all = extractors.filter((e) => /^(python|go|rust)\//.test(e.id));

  it('registers each format once under its osv-scalibr style id, in folder order', () => {
    expect(all.map((e) => e.id)).toEqual([
      'go/gomod',
      'python/pdmlock',
      'python/pipfile',
      'python/pipfilelock',
      'python/poetrylock',
      'python/pylock',
      'python/pyprojecttoml',
      'python/requirements',
      'python/setupcfg',
      'python/setuppy',
      'python/uvlock',
      'rust/cargolock',
      'rust/cargotoml',
    ]);
  });

  it('claims each well-known file name with exactly one extractor', () => {
    const files: [string, string][] = [
      ['poetry.lock', 'python/poetrylock'],
      ['uv.lock', 'python/uvlock'],
      ['pdm.lock', 'python/pdmlock'],
      ['pylock.toml', 'python/pylock'],
      ['Pipfile.lock', 'python/pipfilelock'],
      ['requirements.txt', 'python/requirements'],
      ['pyproject.toml', 'python/pyprojecttoml'],
      ['Pipfile', 'python/pipfile'],
      ['setup.py', 'python/setuppy'],
      ['setup.cfg', 'python/setupcfg'],
      ['go.mod', 'go/gomod'],
      ['Cargo.lock', 'rust/cargolock'],
      ['Cargo.toml', 'rust/cargotoml'],
    ];
    for (const [f, id] of files) {
      const claimed = all.filter((e) => e.matches(`sub/dir/${f}`)).map((e) => e.id);
      expect(claimed, f).toEqual([id]);
    }
    expect(all.filter((e) => e.matches('go.sum') || e.matches('README.md'))).toEqual([]);
  });
});
