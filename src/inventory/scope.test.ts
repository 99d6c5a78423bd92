import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { rules } from '../collectors/rules.js';
import { memoryInventory } from './memory.js';
import {
  ciFiles,
  ciPipelineGlobs,
  ciSystemIds,
  classify,
  excludedFor,
  limitFor,
  PURPOSES,
  policyFrom,
  unwalkedFolders,
} from './scope.js';

interface PolicyDoc {
  folders: Record<string, string[]>;
  excludedFrom: Record<string, string[]>;
  limits: Record<string, string>;
  [key: string]: unknown;
}

const shipped = (): PolicyDoc =>
  parse(readFileSync(new URL('../../rules/scope.yaml', import.meta.url), 'utf8'));

describe('the scope policy (rules/scope.yaml)', () => {
  it('classifies by the highest-ranked folder on the way, never by the base name', () => {
    expect(classify('testdata/app/package-lock.json')).toMatchObject({
      class: 'fixture',
      folder: 'testdata',
    });
    expect(classify('a/test-data/b/yarn.lock')).toMatchObject({ class: 'fixture', folder: 'a/test-data' });
    expect(classify('examples/web/node_modules/x/package.json')).toMatchObject({
      class: 'installed',
      folder: 'examples/web/node_modules',
    });
    expect(classify('examples/web/package.json')?.class).toBe('sample');
    expect(classify('go/vendor/modules.txt')?.class).toBe('vendored');
    expect(classify('docs')).toBeUndefined();
    expect(classify('src/testdata.go')).toBeUndefined();
    expect(classify('package.json')).toBeUndefined();
    expect(classify('test-data/x')?.reason).toBe(
      'under test-data/ (test fixtures: data for tests, not the product)',
    );
  });

  it('leaves the same folders out of the SBOM and of the lockfile probe', () => {
    expect(excludedFor('composition', 'test-data/package-lock.json')?.class).toBe('fixture');
    expect(excludedFor('composition', 'vendor/a/composer.json')?.class).toBe('vendored');
    expect(excludedFor('composition', 'examples/package.json')).toBeUndefined();
    // fuzz harnesses (cargo-fuzz) and Gradle test source sets are test code, not the product
    expect(excludedFor('composition', 'tokio/fuzz/Cargo.toml')?.class).toBe('test');
    expect(excludedFor('composition', 'plugin/src/intTest/projects/a/pom.xml')?.class).toBe('test');
    // benchmark harnesses measure the product; they are not it (got's benchmark/ turns TLS checks off)
    expect(classify('benchmark/index.ts')?.class).toBe('test');
    expect(classify('benchmarks/run.py')?.class).toBe('test');
    expect(classify('src/benchmarking.ts')).toBeUndefined();
    expect(excludedFor('composition', 'core/src/dockerTest/resources/build.gradle')?.class).toBe('test');
    expect(excludedFor('configuration', 'fixtures/.github/workflows/ci.yml')?.class).toBe('fixture');
  });

  it('never walks metadata, caches or installed dependencies, but walks vendored code', () => {
    const names = unwalkedFolders();
    for (const n of ['.git', 'node_modules', '.venv', '__pycache__', 'site-packages'])
      expect(names).toContain(n);
    expect(names).not.toContain('vendor');
    expect(names).not.toContain('testdata');
  });

  it('has one size per purpose, none above what the inventory reads', () => {
    for (const p of PURPOSES) expect(limitFor(p)).toBeLessThanOrEqual(limitFor('read'));
    expect(limitFor('composition')).toBe(64 * 1024 * 1024);
    expect(limitFor('prose')).toBe(512 * 1024);
  });

  it('knows where every CI system of ci-systems.yaml keeps its pipelines, and no other', () => {
    expect(ciSystemIds().sort()).toEqual(
      rules()
        .ciSystems.systems.map((s) => s.id)
        .sort(),
    );
    expect(ciPipelineGlobs('github-actions')).toContain('.github/workflows/*.yml');
    expect(ciPipelineGlobs('no-such-ci')).toEqual([]);
  });

  it('lists CI and release files of the product only', () => {
    const inv = memoryInventory({
      '.github/workflows/ci.yml': '',
      '.goreleaser.yaml': '',
      Jenkinsfile: '',
      'testdata/Jenkinsfile': '',
      'src/workflows/ci.yml': '',
    });
    expect(ciFiles(inv).map((f) => f.path)).toEqual([
      '.github/workflows/ci.yml',
      '.goreleaser.yaml',
      'Jenkinsfile',
    ]);
  });

  it('refuses a policy that contradicts itself, naming the file and the problem', () => {
    const bad = (edit: (d: PolicyDoc) => void) => {
      const d = shipped();
      edit(d);
      return () => policyFrom(d);
    };
    expect(bad((d) => d.folders.fixture!.push('vendor'))).toThrow(
      /scope\.yaml: folders: "vendor" is both vendored and fixture/,
    );
    expect(bad((d) => (d.limits.composition = '128 MiB'))).toThrow(
      /limits\.composition is over limits\.read/,
    );
    expect(bad((d) => (d.limits.ci = '4 MB'))).toThrow(/limits\.ci must be a size/);
    expect(bad((d) => d.excludedFrom.walk!.push('nonsense'))).toThrow(/unknown class nonsense/);
    expect(bad((d) => (d.extra = 1))).toThrow(/unknown key "extra"/);
    expect(bad((d) => d.folders.docs!.push('a/b'))).toThrow(/must be a folder name/);
    expect(() => policyFrom(shipped())).not.toThrow();
  });
});
