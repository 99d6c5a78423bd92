import { describe, expect, it } from 'vitest';
import { secondLevelKeyOffsets } from './json.js';
import { normaliseName, parseRequirement, versionFromSpecifier } from './pep508.js';

describe('pep508', () => {
  it('parses names, extras, specifiers, URLs and markers', () => {
    expect(
      parseRequirement('requests [security, socks] >= 2.8.1, == 2.8.* ; python_version < "2.7"'),
    ).toEqual({
      name: 'requests',
      extras: ['security', 'socks'],
      specifier: '>= 2.8.1, == 2.8.*',
      marker: 'python_version < "2.7"',
    });
    expect(parseRequirement('pip @ https://example.invalid/pip.zip ; sys_platform == "win32"')).toEqual({
      name: 'pip',
      extras: [],
      specifier: '',
      url: 'https://example.invalid/pip.zip',
      marker: 'sys_platform == "win32"',
    });
    expect(parseRequirement('wheel (>=0.32.0)')?.specifier).toBe('>=0.32.0');
    expect(parseRequirement('asdf 1.0')).toBeUndefined();
    expect(parseRequirement('-bad')).toBeUndefined();
    expect(parseRequirement('bad-')).toBeUndefined();
  });

  it('reads one version from single-clause specifiers only', () => {
    expect(versionFromSpecifier('== 1.0')).toEqual({ version: '1.0', comparator: '==', pinned: true });
    expect(versionFromSpecifier('===1.0')).toMatchObject({ version: '1.0', pinned: true });
    expect(versionFromSpecifier('>=1.0')).toEqual({ version: '1.0', comparator: '>=', pinned: false });
    expect(versionFromSpecifier('==1.*')).toEqual({ version: '', pinned: false });
    expect(versionFromSpecifier('>1.0')).toEqual({ version: '', pinned: false });
    expect(versionFromSpecifier('>=1,<2')).toEqual({ version: '', pinned: false });
    expect(versionFromSpecifier('==')).toMatchObject({ invalid: true });
  });

  it('normalises names the PEP 503 way', () => {
    expect(normaliseName('Zope.Interface__x')).toBe('zope-interface-x');
  });
});

describe('JSON key offsets', () => {
  it('finds second-level JSON keys, ignoring look-alikes in strings and deeper levels', () => {
    const text = '{"_meta": {"x": "\\"default\\": {"}, "default": {"a": {"b": 1}, "c\\u0022d": 2}}';
    const offsets = secondLevelKeyOffsets(text);
    expect([...(offsets.get('default')?.keys() ?? [])]).toEqual(['a', 'c"d']);
    expect(offsets.get('default')?.get('a')).toBe(text.indexOf('"a"'));
    expect([...(offsets.get('_meta')?.keys() ?? [])]).toEqual(['x']);
  });
});
