import { describe, expect, it } from 'vitest';
import { extractors } from '../index.js';

describe('Python, Go and Rust extractor registration', () => {
  const all = extractors.filter((e) => /^(python|go|rust)\//.test(e.id));

  it('registers each format once under its osv-scalibr style id', () => {
    expect(all.map((e) => e.id)).toEqual([
      'python/poetrylock',
      'python/uvlock',
      'python/pdmlock',
      'python/pylock',
      'python/pipfilelock',
      'python/requirements',
      'python/pyprojecttoml',
      'python/pipfile',
      'python/setuppy',
      'python/setupcfg',
      'go/gomod',
      'rust/cargolock',
      'rust/cargotoml',
    ]);
  });

  it('claims each well-known file name with exactly one extractor', () => {
    const files = [
      'poetry.lock',
      'uv.lock',
      'pdm.lock',
      'pylock.toml',
      'Pipfile.lock',
      'requirements.txt',
      'pyproject.toml',
      'Pipfile',
      'setup.py',
      'setup.cfg',
      'go.mod',
      'Cargo.lock',
      'Cargo.toml',
    ];
    for (const [i, f] of files.entries()) {
      const claimed = all.filter((e) => e.matches(`sub/dir/${f}`)).map((e) => e.id);
      expect(claimed, f).toEqual([all[i]?.id]);
    }
    expect(all.filter((e) => e.matches('go.sum') || e.matches('README.md'))).toEqual([]);
  });
});
