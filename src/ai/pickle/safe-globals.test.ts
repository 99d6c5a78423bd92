import { describe, expect, it } from 'vitest';
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
