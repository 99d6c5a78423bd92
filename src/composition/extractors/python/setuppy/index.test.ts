import { describe, expect, it } from 'vitest';
import { setupPyExtractor } from './index.js';

const extract = (text: string) =>
  setupPyExtractor.extract({ path: 'pkg/setup.py', text, readSibling: async () => undefined });

describe('setup.py', () => {
  it('reads a shim that calls setup() with no dependencies as declaring none', async () => {
    const r = await extract('from setuptools import setup\n\nsetup()\n');
    expect(r.error).toBeUndefined();
    expect(r.components).toEqual([]);
  });

  it('reads literal dependency lists, with lines, scopes and pins', async () => {
    const text = [
      'from setuptools import setup',
      'setup(',
      '    name="demo",',
      '    install_requires=[',
      '        "requests>=2",  # http',
      "        'six==1.16.0',",
      '    ],',
      "    tests_require=('pytest',),",
      "    extras_require={'socks': ['PySocks>=1.5.6, !=1.5.7'], \"x\": []},",
      ')',
    ].join('\n');
    const r = await extract(text);
    expect(r.error).toBeUndefined();
    expect(r.components.map((c) => [c.name, c.scope, c.pinned, c.location.line])).toEqual([
      ['requests', 'prod', false, 5],
      ['six', 'prod', true, 6],
      ['pytest', 'dev', false, 8],
      ['PySocks', 'optional', false, 9],
    ]);
    expect(r.components[1]?.purl).toBe('pkg:pypi/six@1.16.0');
  });

  it('says it cannot read a list computed at run time instead of reporting none', async () => {
    const r = await extract('reqs = open("requirements.txt").read().split()\nsetup(install_requires=reqs)\n');
    expect(r.error).toMatch(/install_requires at line 2 is not a literal list/);
    const concat = await extract('setup(install_requires=["a"] + extra)\n');
    expect(concat.error).toMatch(/not a literal list/);
  });
});
