import { describe, expect, it } from 'vitest';
import { setupCfgExtractor } from './index.js';

const extract = async (text: string) =>
  setupCfgExtractor.extract({ path: 'setup.cfg', text, readSibling: async () => undefined });

describe('python/setupcfg', () => {
  it('reads install_requires, setup/tests requirements and extras, with lines and scopes', async () => {
    const r = await extract(
      [
        '[metadata]',
        'name = pyprod',
        'install_requires = not-this  # metadata has no requirements',
        '',
        '[options]',
        'packages = find:',
        'install_requires =',
        '    click>=8  # the CLI',
        '    six',
        "    colorama; sys_platform == 'win32'",
        '    attrs==23.1.0',
        'setup_requires = setuptools_scm',
        'tests_require = pytest; mock',
        '',
        '[options.extras_require]',
        'docs =',
        '    sphinx==7.0.0',
        '',
        '[tool:pytest]',
        'addopts = -q',
      ].join('\n'),
    );
    expect(r.error).toBeUndefined();
    expect(
      r.components.map((c) => [c.name, c.version, c.pinned, c.scope, c.groups, c.location.line]),
    ).toEqual([
      ['click', '8', false, 'prod', undefined, 8],
      ['six', '', false, 'prod', undefined, 9],
      ['colorama', '', false, 'prod', undefined, 10],
      ['attrs', '23.1.0', true, 'prod', undefined, 11],
      ['setuptools_scm', '', false, 'dev', undefined, 12],
      ['pytest', '', false, 'dev', undefined, 13],
      ['mock', '', false, 'dev', undefined, 13],
      ['sphinx', '7.0.0', true, 'optional', ['docs'], 17],
    ]);
    expect(r.components[2]!.constraint).toBe("; sys_platform == 'win32'");
    expect(r.components[3]!.purl).toBe('pkg:pypi/attrs@23.1.0');
  });

  it('notes a file: directive and text that is not a requirement, and reads nothing else', async () => {
    const r = await extract(
      '[options]\ninstall_requires = file: requirements.txt\ntests_require =\n    ???\n',
    );
    expect(r.components).toEqual([]);
    expect(r.notes).toEqual([
      'line 2: install_requires is read from requirements.txt',
      'line 4: not a requirement: ???',
    ]);
    expect((await extract('')).components).toEqual([]);
  });
});
