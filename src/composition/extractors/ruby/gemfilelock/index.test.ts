import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  describeResult,
  LOCKFILE_SUITE,
  runLockfilePeerSuite,
  SHARED,
} from '../../../../../test/helpers/lockfile-peer-suite.js';
import type { ExtractionResult } from '../../../component.js';
import { isValidPurl } from '../../../purl-check.js';
import { gemfileLockExtractor } from './index.js';

const REAL = join(SHARED, 'peer-suites/real-lockfiles');

async function extractFile(file: string, path = file): Promise<ExtractionResult> {
  const text = readFileSync(file, 'utf8');
  return gemfileLockExtractor.extract({ path, text, readSibling: async () => undefined });
}

describe('ruby/gemfilelock peer suite (osv-scalibr)', () => {
  it('passes every case', async () => {
    const r = await runLockfilePeerSuite('ruby-gemfilelock', gemfileLockExtractor);
    console.log(describeResult(r));
    expect(r.failures).toEqual([]);
    expect(r.passed).toBe(r.total);
  });

  it('claims files by name like upstream', () => {
    const suite = JSON.parse(
      readFileSync(join(LOCKFILE_SUITE, 'ruby-gemfilelock/expected.json'), 'utf8'),
    ) as {
      fileRequired: { path: string; wantRequired: boolean }[];
    };
    for (const c of suite.fileRequired)
      expect(gemfileLockExtractor.matches(c.path), c.path).toBe(c.wantRequired);
  });
});

describe('ruby/gemfilelock own fixtures', () => {
  it('reads git, path-root, platform variants, checksums and CRLF', async () => {
    const r = await extractFile(
      join(import.meta.dirname, 'testdata/gemspec-project-crlf.lock'),
      'Gemfile.lock',
    );
    expect(r.error).toBeUndefined();
    const byPurl = new Map(r.components.map((c) => [c.purl, c]));
    // The project's own gem (PATH ".") is not a component; its dependencies are roots.
    expect(r.components.map((c) => c.name)).not.toContain('mygem');
    expect([...byPurl.keys()].sort()).toEqual([
      'pkg:gem/nokogiri@1.16.0?platform=arm64-darwin',
      'pkg:gem/nokogiri@1.16.0?platform=x86_64-linux',
      'pkg:gem/racc@1.7.3',
      'pkg:gem/rack@3.0.8',
      'pkg:gem/rspec@3.12.0',
      'pkg:gem/widget@1.0.0',
    ]);
    const widget = byPurl.get('pkg:gem/widget@1.0.0')!;
    expect(widget).toMatchObject({
      source: 'git',
      sourceRef: 'https://github.com/example/widget.git',
      commit: '0123456789abcdef0123456789abcdef01234567',
      direct: true,
      location: { path: 'Gemfile.lock', line: 12 },
    });
    const linux = byPurl.get('pkg:gem/nokogiri@1.16.0?platform=x86_64-linux')!;
    expect(linux.version).toBe('1.16.0');
    expect(linux.hashes).toEqual([{ alg: 'SHA-256', content: 'a'.repeat(64) }]);
    expect(linux.dependsOn).toEqual(['pkg:gem/racc@1.7.3']);
    expect(byPurl.get('pkg:gem/rack@3.0.8')!.hashes).toEqual([{ alg: 'SHA-256', content: 'b'.repeat(64) }]);
    expect(byPurl.get('pkg:gem/racc@1.7.3')!.direct).toBe(false);
    expect(byPurl.get('pkg:gem/rack@3.0.8')!.direct).toBe(true);
    expect(r.rootDependsOn?.sort()).toEqual([
      'pkg:gem/nokogiri@1.16.0?platform=arm64-darwin',
      'pkg:gem/nokogiri@1.16.0?platform=x86_64-linux',
      'pkg:gem/rack@3.0.8',
      'pkg:gem/rspec@3.12.0',
      'pkg:gem/widget@1.0.0',
    ]);
  });

  it('returns no components and no error for empty or garbage text', async () => {
    for (const text of ['', 'not a lockfile\n\u0000\u0001', '    (\n      )\n']) {
      const r = await gemfileLockExtractor.extract({
        path: 'Gemfile.lock',
        text,
        readSibling: async () => undefined,
      });
      expect(r.components).toEqual([]);
    }
  });

  it('handles a 20 MB single line without blowing up', async () => {
    const text = `GEM\n  specs:\n    ${'a'.repeat(20_000_000)} (1.0\n`;
    const r = await gemfileLockExtractor.extract({
      path: 'Gemfile.lock',
      text,
      readSibling: async () => undefined,
    });
    expect(r.components).toEqual([]);
  });
});

describe('ruby/gemfilelock real files', () => {
  // README counts are spec lines; cdxgen's Gemfile6 has two PATH "." specs (chef itself and its
  // universal-mingw32 variant): the project, not components.
  const cases: [string, number][] = [
    ['best-practices-badge-Gemfile.lock', 248],
    ['endoflife-date-Gemfile.lock', 91],
    ['cdxgen-fixture-Gemfile6.lock', 137],
  ];
  for (const [file, count] of cases) {
    it(`${file}: ${count} gems, valid purls, lines on spec entries`, async () => {
      const path = join(REAL, 'ruby', file);
      const r = await extractFile(path);
      expect(r.error).toBeUndefined();
      expect(r.components).toHaveLength(count);
      const lines = readFileSync(path, 'utf8').split('\n');
      for (const c of r.components) {
        expect(isValidPurl(c.purl), c.purl).toBe(true);
        expect(lines[c.location.line! - 1]).toMatch(new RegExp(`^ {4}${c.name.replace(/[.]/g, '\\.')} \\(`));
      }
    });
  }

  it('best-practices-badge: the git gem carries its revision', async () => {
    const r = await extractFile(join(REAL, 'ruby/best-practices-badge-Gemfile.lock'));
    const redcarpet = r.components.find((c) => c.name === 'redcarpet')!;
    expect(redcarpet.commit).toBe('c7533c47cce5912c968410d2058d649ea6353590');
    expect(redcarpet.source).toBe('git');
  });

  it('endoflife-date: CHECKSUMS fill in SHA-256 hashes', async () => {
    const r = await extractFile(join(REAL, 'ruby/endoflife-date-Gemfile.lock'));
    const withHash = r.components.filter((c) => c.hashes?.length);
    expect(withHash.length).toBeGreaterThan(80);
    expect(r.components.find((c) => c.name === 'addressable')!.hashes).toEqual([
      { alg: 'SHA-256', content: '7fdf6ac3660f7f4e867a0838be3f6cf722ace541dd97767fa42bc6cfa980c7af' },
    ]);
  });

  it('osv-scanner bundler fixtures do not throw', async () => {
    const dir = join(REAL, 'fixtures-osv-scanner/bundler');
    for (const f of readdirSync(dir)) {
      const r = await extractFile(join(dir, f));
      expect(r.error, f).toBeUndefined();
      for (const c of r.components) expect(isValidPurl(c.purl)).toBe(true);
    }
  });
});
