import { describe, expect, it } from 'vitest';
import { parseYamlDocument, parseYamlSafely, yamlNestingError } from './yaml.js';

describe('safe YAML', () => {
  it('parses ordinary YAML with positions', () => {
    const r = parseYamlDocument('a: 1\nb:\n  - x\n');
    expect(r.error).toBeUndefined();
    expect(parseYamlSafely('a: [1, 2]').value).toEqual({ a: [1, 2] });
  });

  it('refuses deep flow nesting before the parser can overflow its stack', () => {
    const text = `${'['.repeat(50_000)}${']'.repeat(50_000)}`;
    expect(yamlNestingError(text)).toMatch(/nested too deeply/);
    expect(parseYamlSafely(text).error).toMatch(/nested too deeply/);
  });

  it('refuses deep block nesting', () => {
    const text = Array.from({ length: 400 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n');
    expect(parseYamlSafely(text).error).toMatch(/nested too deeply/);
  });

  it('refuses alias bombs', () => {
    let bomb = 'a: &a [x, x, x, x, x, x, x, x, x, x]\n';
    let prev = 'a';
    for (const n of 'bcdefghij') {
      bomb += `${n}: &${n} [${Array(10).fill(`*${prev}`).join(', ')}]\n`;
      prev = n;
    }
    expect(parseYamlSafely(bomb).error).toMatch(/alias|resource/i);
  });

  it('reports syntax errors with a line', () => {
    expect(parseYamlSafely('a: [1, 2\nb: 3\n').error).toMatch(/^\d+:\d+: /);
  });
});
