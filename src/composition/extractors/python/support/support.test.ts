import { describe, expect, it } from 'vitest';
import { secondLevelKeyOffsets } from './json.js';
import { normaliseName, parseRequirement, versionFromSpecifier } from './pep508.js';
import { findKeyOffset, hexHash, LineIndex, parseAlgColonHex } from './text.js';
import { parseTomlDocument, scanArrayTableBlocks, tableHeaders } from './toml.js';

describe('scanArrayTableBlocks', () => {
  it('finds each block`s own name line, skipping strings, comments, arrays and sub-tables', () => {
    const text = [
      'version = 1', // 1
      '[[package]]', // 2
      'name_other = "x"', // 3
      "desc = '''", // 4
      'name = "in literal"', // 5
      "'''", // 6
      'deps = [', // 7
      '  { name = "in array" },', // 8
      ']', // 9
      'name = "first"', // 10
      '[package.metadata]', // 11
      'name = "sub-table"', // 12
      '[[ "package" ]]  # quoted header', // 13
      '# name = "comment"', // 14
      'x = "a \\" name = b"', // 15
      '"name" = "second"', // 16
      '[other]', // 17
      'name = "outside"', // 18
      '[[package]]', // 19
    ].join('\n');
    expect(scanArrayTableBlocks(text, 'package')).toEqual([
      { headerLine: 2, nameLine: 10 },
      { headerLine: 13, nameLine: 16 },
      { headerLine: 19 },
    ]);
    const parsed = parseTomlDocument('t.toml', text);
    expect(parsed.ok && (parsed.doc['package'] as { name?: string }[]).map((p) => p.name)).toEqual([
      'first',
      'second',
      undefined,
    ]);
  });

  it('handles multi-line basic strings with escaped quotes and extra closing quotes', () => {
    const text = '[[package]]\na = """x \\""" still open\nname = "no"\n""""\nname = "yes"\n';
    expect(scanArrayTableBlocks(text, 'package')).toEqual([{ headerLine: 1, nameLine: 5 }]);
  });
});

describe('parseTomlDocument', () => {
  it('reports line and column of errors and refuses deep nesting', () => {
    const bad = parseTomlDocument('x.toml', 'a = 1\nb = [1,2\nc = 3');
    expect(bad).toEqual({
      ok: false,
      error: expect.stringMatching(/^could not extract x\.toml: .* \(at 3:\d+\)$/),
    });
    const deep = parseTomlDocument('x.toml', `a = ${'['.repeat(1000)}${']'.repeat(1000)}`);
    expect(deep.ok).toBe(false);
  });

  it('drops __proto__ keys instead of keeping them', () => {
    const r = parseTomlDocument('x.toml', '[__proto__]\npolluted = true\n');
    expect(r.ok).toBe(true);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('tableHeaders and findKeyOffset', () => {
  it('normalise quoted header names and find keys at line starts only', () => {
    const text =
      "[target.'cfg(unix)'.dependencies]\nfoo = 1\n[dependencies]\nbar_foo = 1\n  foo.workspace = true\n";
    expect(tableHeaders(text).map((h) => h.name)).toEqual(['target.cfg(unix).dependencies', 'dependencies']);
    const second = text.indexOf('[dependencies]');
    expect(findKeyOffset(text, 'foo', second)).toBe(text.indexOf('foo.workspace'));
    expect(findKeyOffset(text, 'baz', 0)).toBe(-1);
  });
});

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

describe('hashes, lines and JSON key offsets', () => {
  it('accepts only well-formed hex digests', () => {
    expect(parseAlgColonHex(`sha256:${'AB'.repeat(32)}`)).toEqual({
      alg: 'SHA-256',
      content: 'ab'.repeat(32),
    });
    expect(parseAlgColonHex('sha256:123')).toBeUndefined();
    expect(parseAlgColonHex(`whirlpool:${'a'.repeat(128)}`)).toBeUndefined();
    expect(hexHash('sha512', 'f'.repeat(128))?.alg).toBe('SHA-512');
  });

  it('maps offsets to 1-based lines', () => {
    const idx = new LineIndex('a\nbc\n\nd');
    expect([0, 1, 2, 4, 5, 6].map((o) => idx.lineAt(o))).toEqual([1, 1, 2, 2, 3, 4]);
  });

  it('finds second-level JSON keys, ignoring look-alikes in strings and deeper levels', () => {
    const text = '{"_meta": {"x": "\\"default\\": {"}, "default": {"a": {"b": 1}, "c\\u0022d": 2}}';
    const offsets = secondLevelKeyOffsets(text);
    expect([...(offsets.get('default')?.keys() ?? [])]).toEqual(['a', 'c"d']);
    expect(offsets.get('default')?.get('a')).toBe(text.indexOf('"a"'));
    expect([...(offsets.get('_meta')?.keys() ?? [])]).toEqual(['x']);
  });
});

describe('size limit', () => {
  it('refuses TOML over the limit before parsing', () => {
    const r = parseTomlDocument('big.toml', `a = "${'x'.repeat(65 * 1024 * 1024)}"`);
    expect(r).toEqual({ ok: false, error: expect.stringMatching(/over the \d+ limit/) });
  });
});
