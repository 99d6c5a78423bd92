import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  describeResult,
  fixtureInput as input,
  LOCKFILE_SUITE,
  runLockfilePeerSuite,
  SHARED,
} from '../../../../../test/helpers/lockfile-peer-suite.js';
import { isValidPurl } from '../../../purl-check.js';
import { cargoLockExtractor as ex } from './index.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const TESTDATA = join(HERE, 'testdata');
const REAL = join(SHARED, 'peer-suites/real-lockfiles');

const GIT_CASE = 'TestExtractor_Extract/package with comments (testdata/package-with-comments.lock)';

describe('rust/cargolock peer suite (osv-scalibr)', () => {
  it('passes every case but the git commit one', async () => {
    const r = await runLockfilePeerSuite('rust-cargolock', ex, {
      [GIT_CASE]:
        'syn has a git source ("git+…#061a9ab…"); upstream records no commit for Cargo.lock, vouch records ' +
        'the commit after "#" like it does for every other git-sourced package',
    });
    console.log(describeResult(r));
    expect(r.failures).toEqual([]);
    expect(r.passed).toBe(r.total - 1);
    expect(r.disagreements.map((d) => d.key)).toEqual([GIT_CASE]);
  });

  it('claims the same paths as upstream FileRequired', () => {
    const expected = JSON.parse(
      readFileSync(join(LOCKFILE_SUITE, 'rust-cargolock/expected.json'), 'utf8'),
    ) as {
      fileRequired: { path: string; wantRequired: boolean; maxFileSizeBytes?: number }[];
    };
    for (const f of expected.fileRequired.filter((x) => x.maxFileSizeBytes === undefined)) {
      expect(ex.matches(f.path), f.path).toBe(f.wantRequired);
    }
  });
});

describe('rust/cargolock on vouch fixtures', () => {
  it('reads version 1 checksums from [metadata] and "name version (source)" edges', async () => {
    const r = await ex.extract(input(TESTDATA, 'v1-Cargo.lock'));
    expect(r.error).toBeUndefined();
    expect(r.components.map((c) => `${c.name}@${c.version}:${c.location.line}:${c.source}`)).toEqual([
      'app@0.1.0:2:workspace',
      'rand@0.7.3:10:registry',
      'serde@1.0.100:15:registry',
    ]);
    expect(r.components[1]?.hashes).toEqual([
      { alg: 'SHA-256', content: '6a6b1a9e5e1a8d1a0f3b8f7b2b8d8e7e6b1a9e5e1a8d1a0f3b8f7b2b8d8e7e6b' },
    ]);
    expect(r.components[0]?.dependsOn).toEqual(['pkg:cargo/serde@1.0.100', 'pkg:cargo/rand@0.7.3']);
  });

  it('reads version 4: git commits, duplicate crates told apart by version, workspace roots', async () => {
    const r = await ex.extract(input(TESTDATA, 'v4-Cargo.lock'));
    const get = (n: string, v?: string) => r.components.find((c) => c.name === n && (!v || c.version === v))!;
    expect(get('regex')).toMatchObject({
      source: 'git',
      sourceRef: 'https://github.com/rust-lang/regex?rev=b5ab0c4',
      commit: 'b5ab0c4e6b4d1c2a3f4e5d6c7b8a9f0e1d2c3b4a',
      direct: true,
    });
    expect(get('cli').dependsOn).toEqual([
      'pkg:cargo/core@0.2.0',
      'pkg:cargo/regex@1.10.3',
      'pkg:cargo/syn@2.0.50',
    ]);
    expect(get('core').dependsOn).toEqual(['pkg:cargo/syn@1.0.109']);
    expect(get('syn', '1.0.109').direct).toBe(true);
    expect(get('internal')).toMatchObject({
      direct: false,
      sourceRef: 'registry+https://registry.example.invalid/index',
    });
    expect(get('internal').hashes).toBeUndefined();
    expect(get('syn', '2.0.50').sourceRef).toBeUndefined();
    expect(r.rootDependsOn).toEqual(['pkg:cargo/cli@0.2.0', 'pkg:cargo/core@0.2.0']);
  });
});

describe('rust/cargolock on real files', () => {
  for (const [name, count] of [
    ['zizmor', 450],
    ['ripgrep', 63],
  ] as const) {
    it(`reads ${name}: ${count} packages, registry ones with checksums`, async () => {
      const r = await ex.extract(input(REAL, `cargo/${name}-Cargo.lock`));
      expect(r.error).toBeUndefined();
      expect(r.components).toHaveLength(count);
      const registry = r.components.filter((c) => c.source === 'registry');
      expect(registry.every((c) => c.hashes?.length === 1)).toBe(true);
      expect(r.components.every((c) => isValidPurl(c.purl) && (c.location.line ?? 0) > 0)).toBe(true);
      expect(r.components.filter((c) => c.source === 'workspace').length).toBeGreaterThan(0);
    });
  }

  it('handles every osv-scanner cargo fixture without throwing', async () => {
    const dir = join(REAL, 'fixtures-osv-scanner');
    for (const f of readdirSync(join(dir, 'cargo'))) {
      const r = await ex.extract(input(dir, `cargo/${f}`));
      if (f.startsWith('not-toml')) expect(r.error).toBeDefined();
      else expect(r.error, f).toBeUndefined();
    }
  });
});

describe('rust/cargolock on hostile input', () => {
  it('returns errors for truncated TOML and deep nesting, and ignores names inside strings', async () => {
    const noSiblings = async () => undefined;
    const truncated = await ex.extract({
      path: 'Cargo.lock',
      text: '[[package]]\nname = "a',
      readSibling: noSiblings,
    });
    expect(truncated.error).toMatch(/could not extract Cargo\.lock/);
    const deep = await ex.extract({
      path: 'Cargo.lock',
      text: `x = ${'['.repeat(100_000)}${']'.repeat(100_000)}`,
      readSibling: noSiblings,
    });
    expect(deep.error).toMatch(/nested/);
    const tricky = await ex.extract({
      path: 'Cargo.lock',
      text: '[[package]]\nx = """\nname = "fake"\n"""\nname = "real"\nversion = "1.0.0"\n',
      readSibling: noSiblings,
    });
    expect(tricky.components.map((c) => `${c.name}:${c.location.line}`)).toEqual(['real:5']);
  });
});

describe('rust/cargolock at scale', () => {
  it('reads 20,000 packages with edges ', async () => {
    const n = 20_000;
    const parts = ['version = 4', ''];
    for (let i = 0; i < n; i++) {
      parts.push('[[package]]', `name = "c${i}"`, 'version = "1.0.0"');
      if (i > 0) parts.push('source = "registry+https://github.com/rust-lang/crates.io-index"');
      if (i + 1 < n) parts.push(`dependencies = [\n "c${i + 1}",\n]`);
      parts.push('');
    }
    const r = await ex.extract({
      path: 'Cargo.lock',
      text: parts.join('\n'),
      readSibling: async () => undefined,
    });
    expect(r.components).toHaveLength(n);
    expect(r.components[1]?.direct).toBe(true);
    expect(r.components[2]?.direct).toBe(false);
  });
});
