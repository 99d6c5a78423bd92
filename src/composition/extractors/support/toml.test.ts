import { describe, expect, it } from 'vitest';
import { findKeyOffset } from './text.js';
import { packageLines, parseTomlDocument, scanArrayTableBlocks, tableHeaders } from './toml.js';

describe('scanArrayTableBlocks', () => {
  it('finds each block`s own name line, skipping strings, comments, arrays and sub-tables', async () => {
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
    const parsed = await parseTomlDocument('t.toml', text);
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

describe('packageLines', () => {
  it('gives each parsed package its name line, else its header line', () => {
    const text = '[[package]]\nname = "a"\n\n[[package]]\nversion = "1"\n';
    expect(packageLines(text, 2)).toEqual([2, 4]);
  });

  it('gives no lines when the scan and the parser disagree on the count', () => {
    expect(packageLines('[[package]]\nname = "a"\n', 2)).toEqual([undefined, undefined]);
  });
});

describe('parseTomlDocument', () => {
  it('reports line and column of errors and refuses deep nesting', async () => {
    const bad = await parseTomlDocument('x.toml', 'a = 1\nb = [1,2\nc = 3');
    expect(bad).toEqual({
      ok: false,
      error: expect.stringMatching(/^could not extract x\.toml: .* \(at 3:\d+\)$/),
    });
    const deep = await parseTomlDocument('x.toml', `a = ${'['.repeat(1000)}${']'.repeat(1000)}`);
    expect(deep.ok).toBe(false);
  });

  it('drops __proto__ keys instead of keeping them', async () => {
    const r = await parseTomlDocument('x.toml', '[__proto__]\npolluted = true\n');
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

describe('size limit', () => {
  it('refuses TOML over the limit before parsing', async () => {
    const r = await parseTomlDocument('big.toml', `a = "${'x'.repeat(65 * 1024 * 1024)}"`);
    expect(r).toEqual({ ok: false, error: expect.stringMatching(/over the \d+ limit/) });
  });
});
