import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanModelFile } from '../scan.js';
import { classifyGlobal, readPickleGlobalsText, validatePickleGlobals } from './safe-globals.js';

describe('rules/pickle-safe-globals.yaml', () => {
  it('is valid and resolves its YAML anchors', () => {
    const data = validatePickleGlobals(readPickleGlobalsText());
    expect(data.safe['collections']).toContain('OrderedDict');
    expect(data.safe['__builtin__']).toEqual(data.safe['builtins']);
    expect(Object.keys(data.critical).length).toBeGreaterThan(0);
  });

  it('refuses a file of the wrong shape with the file name and the place', () => {
    const bad: Array<[string, RegExp]> = [
      ['version: 2\nsafe: {}\ncritical: {}\n', /: version: /],
      ['version: 1\nsafe: {os: system}\ncritical: {}\n', /: safe\.os: /],
      ['version: 1\nsafe: {os: [""]}\ncritical: {}\n', /: safe\.os\.0: /],
      ['version: 1\nsafe: {}\ncritical: []\n', /: critical: /],
      ['version: 1\nsafe: {}\ncritical: {}\nextra: 1\n', /: \(root\): .*extra/i],
      ['version: 1\nsafe: [\n', /not valid YAML/],
    ];
    for (const [text, message] of bad) {
      expect(() => validatePickleGlobals(text)).toThrow(/^rules\/pickle-safe-globals\.yaml: /);
      expect(() => validatePickleGlobals(text)).toThrow(message);
    }
  });

  it('classifies allow-listed, denied, dotted denied, unknown and unresolved imports', () => {
    expect(classifyGlobal('collections', 'OrderedDict')).toBe('safe');
    expect(classifyGlobal('os', 'system')).toBe('critical');
    expect(classifyGlobal('os.path', 'join')).toBe('critical');
    expect(classifyGlobal('mylib', 'Thing')).toBe('suspicious');
    expect(classifyGlobal('collections', 'OrderedDict', false)).toBe('critical');
  });
});

describe("numpy's own pickles (testdata/numpy: real bytes from numpy 2.4.6)", () => {
  const dir = join(import.meta.dirname, 'testdata', 'numpy');
  // the imports that make each file what it is, among those it makes
  const telling: Record<string, string[]> = {
    'array-protocol2.pkl': ['numpy._core.multiarray._reconstruct', 'numpy.ndarray'],
    'array-protocol5.pkl': ['numpy._core.numeric._frombuffer'],
    'bool-array-protocol5.pkl': ['numpy._core.numeric._frombuffer'],
    'masked-array.pkl': ['numpy.ma.core._mareconstruct', 'numpy.ma.MaskedArray'],
    'matrix.pkl': ['numpy.matrix'],
    'record-array.pkl': ['numpy.rec.recarray', 'numpy.record'],
    'random-state.pkl': ['numpy.random._pickle.__randomstate_ctor', 'numpy.random._mt19937.MT19937'],
    'generator.pkl': [
      'numpy.random._pickle.__generator_ctor',
      'numpy.random._pcg64.PCG64',
      'numpy.random.bit_generator.__pyx_unpickle_SeedSequence',
    ],
    'bit-generator.pkl': [
      'numpy.random._pickle.__bit_generator_ctor',
      'numpy.random.bit_generator.SeedSequence',
    ],
    'scalars.pkl': ['numpy._core.multiarray.scalar', 'numpy.dtype'],
  };

  it('are all safe, with no problem, and make the imports that tell them apart', () => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.pkl'));
    expect(files.sort()).toEqual(Object.keys(telling).sort());
    for (const file of files) {
      const r = scanModelFile(readFileSync(join(dir, file)), file);
      expect({ file, verdict: r.verdict, findings: r.findings, problems: r.problems }).toEqual({
        file,
        verdict: 'safe',
        findings: [],
        problems: [],
      });
      expect(r.safeImports, file).toEqual(expect.arrayContaining(telling[file]!));
    }
  });
});
