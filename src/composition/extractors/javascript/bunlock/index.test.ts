import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  describeResult,
  LOCKFILE_SUITE,
  runLockfilePeerSuite,
} from '../../../../../test/helpers/lockfile-peer-suite.js';
import type { Component } from '../../../component.js';
import { isValidPurl } from '../../../purl-check.js';
import { fixtureInput, hugeSingleLine, inputFor, readReal, timed } from '../testdata/testkit.js';
import { bunLockExtractor as extractor, stripJsonc } from './index.js';

const byKey = (cs: Component[]) => new Map(cs.map((c) => [`${c.name}@${c.version}`, c]));

describe('javascript/bunlock peer suite (osv-scalibr)', () => {
  it('passes every extraction case', async () => {
    const r = await runLockfilePeerSuite('javascript-bunlock', extractor);
    console.log(describeResult(r));
    expect(r.failures).toEqual([]);
    expect(r.passed).toBe(r.total);
  });

  it('claims the files the suite says it should, and bun.lockb', () => {
    const expected = JSON.parse(
      readFileSync(join(LOCKFILE_SUITE, 'javascript-bunlock/expected.json'), 'utf8'),
    );
    for (const c of expected.fileRequired as { path: string; wantRequired: boolean }[]) {
      expect([c.path, extractor.matches(c.path)]).toEqual([c.path, c.wantRequired]);
    }
    expect(extractor.matches('app/bun.lockb')).toBe(true);
    expect(extractor.matches('node_modules/x/bun.lockb')).toBe(false);
  });
});

describe('stripJsonc', () => {
  it.each([
    ['{"a": [1, 2,], }', '{"a": [1, 2] }'],
    ['{"s": "a,]", "t": "x\\",}",}', '{"s": "a,]", "t": "x\\",}"}'],
    ['{"a": 1, // note\n}', '{"a": 1  \n}'],
    ['{"a": "// not a comment", /* c */ "b": 2,\n/* end */}', '{"a": "// not a comment",   "b": 2\n }'],
    ['{"a": "\\\\", "b": [,]}', '{"a": "\\\\", "b": []}'],
  ])('%j', (input, want) => {
    expect(stripJsonc(input)).toBe(want);
    expect(() => JSON.parse(stripJsonc(input))).not.toThrow();
  });
});

describe('workspaces and nested copies', async () => {
  const r = await extractor.extract(fixtureInput('bunlock', 'testdata/workspace.bun.lock'));
  const cs = byKey(r.components);

  it('reads every entry, the workspace member with its version', () => {
    expect(r.error).toBeUndefined();
    expect([...cs.keys()].sort()).toEqual([
      '@acme/ui@0.2.0',
      'color@1.0.0',
      'color@1.9.0',
      'color@2.5.0',
      'from-git@',
      'native-opt@1.0.0',
      'odd-name@1.0.0',
      'test-kit@1.2.0',
      'web-kit@3.1.0',
    ]);
    expect(cs.get('@acme/ui@0.2.0')).toMatchObject({ source: 'workspace', sourceRef: 'packages/ui' });
    expect(cs.get('from-git@')).toMatchObject({
      source: 'git',
      commit: '0123abc',
      purl: 'pkg:npm/from-git@0123abc?vcs_url=github%3Aacme%2Ffrom-git%230123abc',
    });
  });

  it('resolves the nearest copy and computes scope from the workspaces', () => {
    expect(cs.get('web-kit@3.1.0')?.dependsOn).toEqual(
      [cs.get('color@1.9.0')?.purl, cs.get('from-git@')?.purl].sort(),
    );
    expect(Object.fromEntries(r.components.map((c) => [`${c.name}@${c.version}`, c.scope]))).toEqual({
      '@acme/ui@0.2.0': 'prod',
      'color@1.0.0': 'dev',
      'color@1.9.0': 'prod',
      'color@2.5.0': 'prod',
      'from-git@': 'prod',
      'native-opt@1.0.0': 'optional',
      'odd-name@1.0.0': 'prod',
      'test-kit@1.2.0': 'dev',
      'web-kit@3.1.0': 'prod',
    });
    expect(r.notes).toEqual(['1 package(s) not reachable from any workspace; scope reported as prod']);
    expect(r.components.every((c) => c.groups === undefined)).toBe(true);
  });

  it('marks direct dependencies, root edges and lines', () => {
    const direct = r.components.filter((c) => c.direct).map((c) => `${c.name}@${c.version}`);
    expect(direct.sort()).toEqual([
      '@acme/ui@0.2.0',
      'color@2.5.0',
      'native-opt@1.0.0',
      'test-kit@1.2.0',
      'web-kit@3.1.0',
    ]);
    expect(r.rootDependsOn).toHaveLength(4);
    expect(cs.get('web-kit@3.1.0')?.location.line).toBe(37);
    expect(cs.get('odd-name@1.0.0')?.location.line).toBe(43);
  });
});

describe('bun.lockb', () => {
  it('is reported as unsupported, with the command that makes a text lockfile', async () => {
    const r = await extractor.extract(inputFor('app/bun.lockb', '\u0000binary'));
    expect(r.error).toBe('binary bun.lockb is not supported; run `bun install --save-text-lockfile`');
  });

  it('is skipped quietly when bun.lock sits beside it', async () => {
    const r = await extractor.extract(inputFor('app/bun.lockb', '\u0000binary', { 'app/bun.lock': '{}' }));
    expect(r.error).toBeUndefined();
    expect(r.notes?.[0]).toMatch(/bun.lock beside/);
  });
});

describe('real lockfile', () => {
  it('trycompai bun.lock: every entry, valid purls, lines and a computed scope', async () => {
    const text = readReal('bun/trycompai-comp-bun.lock');
    const [r, ms] = await timed(() => extractor.extract(inputFor('bun.lock', text)));
    expect(r.error).toBeUndefined();
    const lock = JSON.parse(stripJsonc(text));
    const want = new Set(
      Object.values<unknown[]>(lock.packages).map((t) => {
        const ident = t[0] as string;
        const at = ident.indexOf('@', 1);
        const [name, spec] = [ident.slice(0, at), ident.slice(at + 1)];
        if (spec.startsWith('workspace:')) return `${name}@${lock.workspaces[spec.slice(10)]?.version ?? ''}`;
        return `${name}@${/^(github:|git\+|file:|link:|https?:)/.test(spec) || spec.includes('#') ? '' : spec}`;
      }),
    );
    const got = r.components.map((c) => `${c.name}@${c.version}`);
    expect(new Set(got).size).toBe(got.length);
    expect(got.sort()).toEqual([...want].sort());
    expect(Object.keys(lock.packages).length).toBeGreaterThan(4000);
    for (const c of r.components) expect(isValidPurl(c.purl), c.purl).toBe(true);
    expect(r.components.every((c) => (c.location.line ?? 0) > 0)).toBe(true);
    expect(r.components.filter((c) => c.scope === 'dev').length).toBeGreaterThan(50);
    expect(r.components.filter((c) => c.scope === 'prod').length).toBeGreaterThan(50);
    console.log(`trycompai bun.lock: ${r.components.length} components in ${ms.toFixed(1)} ms`);
  });
});

describe('hostile input', () => {
  const run = (text: string) => timed(() => extractor.extract(inputFor('bun.lock', text)));

  it('truncated JSONC gives an error with a position', async () => {
    const text = readReal('bun/trycompai-comp-bun.lock');
    const [r] = await run(text.slice(0, 5000));
    expect(r.error).toMatch(/^could not extract: invalid JSONC near \d+:\d+/);
  });

  it('deeply nested arrays are an error, not a crash', async () => {
    const [r, ms] = await run(`{"packages": {"a": ${'['.repeat(100_000)}${']'.repeat(100_000)}}}`);
    expect(r.error).toMatch(/first element of package tuple is not a string/);
    expect(ms).toBeLessThan(3000);
  });

  it('duplicate keys keep the last value', async () => {
    const [r] = await run('{"packages": {"a": ["a@1.0.0", "", {}], "a": ["a@2.0.0", "", {}],}}');
    expect(r.components.map((c) => c.version)).toEqual(['2.0.0']);
  });

  it('a 100 MB single line is refused quickly', async () => {
    const [r, ms] = await run(hugeSingleLine());
    expect(r.error).toMatch(/above the 64 MiB limit/);
    expect(ms).toBeLessThan(1000);
  });

  it('an unterminated string does not hang the comma stripper', async () => {
    const [r, ms] = await run(`{"packages": {"a": ["${'x,]'.repeat(1_000_000)}`);
    expect(r.error).toMatch(/invalid JSONC/);
    expect(ms).toBeLessThan(2000);
  });
});
