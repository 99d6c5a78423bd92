import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  describeResult,
  fixtureInput as input,
  LOCKFILE_SUITE,
  runLockfilePeerSuite,
  SHARED,
} from '../../../../../test/helpers/lockfile-peer-suite.js';
import { isValidPurl } from '../../../purl-check.js';
import { createGoModExtractor, goModExtractor as ex } from './index.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const TESTDATA = join(HERE, 'testdata');
const REAL = join(SHARED, 'peer-suites/real-lockfiles');

describe('go/gomod peer suite (osv-scalibr)', () => {
  it('passes every case, including the exclude-indirect configuration', async () => {
    const r = await runLockfilePeerSuite('golang-gomod', (c) =>
      createGoModExtractor({ excludeIndirect: c.extra?.['excludeIndirect'] === true }),
    );
    console.log(describeResult(r));
    expect(r.failures).toEqual([]);
    expect(r.passed).toBe(r.total);
  });

  it('claims the same paths as upstream FileRequired', () => {
    const expected = JSON.parse(readFileSync(join(LOCKFILE_SUITE, 'golang-gomod/expected.json'), 'utf8')) as {
      fileRequired: { path: string; wantRequired: boolean; maxFileSizeBytes?: number }[];
    };
    for (const f of expected.fileRequired.filter((x) => x.maxFileSizeBytes === undefined)) {
      expect(ex.matches(f.path), f.path).toBe(f.wantRequired);
    }
  });
});

describe('go/gomod on a vouch fixture', () => {
  it('reads requires, replacements, exclusions and the toolchain', async () => {
    const r = await ex.extract(input(TESTDATA, 'modern/go.mod'));
    expect(r.error).toBeUndefined();
    expect(r.components.map((c) => `${c.name}@${c.version}:${c.location.line}:${c.direct}`)).toEqual([
      'github.com/spf13/cobra@1.8.0:12:true',
      'github.com/google/uuid@1.6.0:15:true',
      'golang.org/x/net@0.23.0:16:true',
      'github.com/new/lib@1.1.0:27:true',
      '../thing@:29:true',
      'github.com/inconshreveable/mousetrap@1.1.0:22:false',
      'golang.org/x/sys@0.18.0:23:false',
      'stdlib@1.22.4:6:undefined',
    ]);
    expect(r.notes).toEqual(['github.com/bad/version@v1.2.0 is required but excluded (line 24)']);
  });

  it('builds Go purls with the "v" version and keeps local replacements unpinned', async () => {
    const r = await ex.extract(input(TESTDATA, 'modern/go.mod'));
    const get = (n: string) => r.components.find((c) => c.name === n)!;
    expect(get('github.com/spf13/cobra').purl).toBe('pkg:golang/github.com/spf13/cobra@v1.8.0');
    expect(get('../thing')).toMatchObject({
      pinned: false,
      source: 'path',
      sourceRef: '../thing',
      purl: 'pkg:golang/github.com/local/thing',
    });
    expect(get('stdlib')).toMatchObject({
      pinned: false,
      toolchain: true,
      constraint: '>=1.22.4',
      purl: 'pkg:golang/stdlib@v1.22.4',
    });
    expect(r.components.every((c) => isValidPurl(c.purl))).toBe(true);
    expect(r.rootDependsOn).toHaveLength(5);
  });

  it('attaches go.sum h1 hashes (hex SHA-256) and their go.sum lines', async () => {
    const r = await ex.extract(input(TESTDATA, 'modern/go.mod'));
    const uuid = r.components.find((c) => c.name === 'github.com/google/uuid');
    expect(uuid?.hashes).toEqual([
      {
        alg: 'SHA-256',
        content: Buffer.from('NIvaJDMOsjHA8n1jAhLSgzrAzy1Hgr+hNrb57e+94F0=', 'base64').toString('hex'),
      },
    ]);
    expect(uuid?.related).toEqual([{ path: 'modern/go.sum', line: 1 }]);
    // The replacement's hash, not the replaced module's.
    expect(r.components.find((c) => c.name === 'github.com/new/lib')?.related).toEqual([
      { path: 'modern/go.sum', line: 4 },
    ]);
    expect(r.components.find((c) => c.name === 'golang.org/x/net')?.hashes).toBeUndefined();
  });

  it('adds go.sum modules for go.mod files before Go 1.17 (no go directive counts as 1.16)', async () => {
    const r = await ex.extract(input(TESTDATA, 'legacy/go.mod'));
    expect(r.components.map((c) => `${c.name}@${c.version}:${c.location.path}:${c.location.line}`)).toEqual([
      'github.com/sirupsen/logrus@1.9.3:legacy/go.mod:3',
      'github.com/davecgh/go-spew@1.1.1:legacy/go.sum:1',
    ]);
    expect(r.components[1]?.direct).toBe(false);
  });
});

describe('go/gomod on real files', () => {
  for (const [name, requires, indirect] of [
    ['cosign', 287, 227],
    ['scorecard', 296, 251],
  ] as const) {
    it(`reads ${name}: ${requires} requires (${indirect} indirect) plus the toolchain, all hashed`, async () => {
      const r = await ex.extract(input(REAL, `go/${name}-go.mod`));
      expect(r.error).toBeUndefined();
      const modules = r.components.filter((c) => c.name !== 'stdlib');
      expect(modules).toHaveLength(requires);
      expect(modules.filter((c) => c.direct === false)).toHaveLength(indirect);
      expect(r.components.filter((c) => c.name === 'stdlib')).toHaveLength(1);
      expect(
        modules.every((c) => c.hashes?.length === 1 && c.related?.[0]?.path === `go/${name}-go.sum`),
      ).toBe(true);
      expect(r.components.every((c) => isValidPurl(c.purl))).toBe(true);
    });
  }

  it('handles every osv-scanner go fixture without throwing', async () => {
    const dir = join(REAL, 'fixtures-osv-scanner');
    for (const f of readdirSync(join(dir, 'go'))) {
      const r = await ex.extract(input(dir, `go/${f}`));
      if (f.startsWith('not-go-mod')) expect(r.error).toMatch(/unknown directive "this" at 1:1/);
      else expect(r.error, f).toBeUndefined();
    }
  });
});

describe('go/gomod on hostile input', () => {
  const noSiblings = async () => undefined;
  it('reads a 20 MB line and refuses files over the limit', async () => {
    const long = await ex.extract({
      path: 'go.mod',
      text: `require (\n\t"${'a'.repeat(20_000_000)}" v1.0.0\n)\n`,
      readSibling: noSiblings,
    });
    expect(long.components).toHaveLength(1);
    const huge = await ex.extract({
      path: 'go.mod',
      text: 'x'.repeat(65 * 1024 * 1024),
      readSibling: noSiblings,
    });
    expect(huge.error).toMatch(/limit/);
  });

  it('tolerates an unterminated block and a garbage go.sum', async () => {
    const r = await ex.extract({
      path: 'go.mod',
      text: 'module m\ngo 1.16\nrequire (\n\tgithub.com/a/b v1.0.0\n',
      readSibling: async () => '\u0000\u0001 not a go.sum\n\n'.repeat(1000),
    });
    expect(r.error).toBeUndefined();
    expect(r.components.map((c) => c.name)).toEqual(['github.com/a/b', 'stdlib']);
    expect(r.notes).toEqual(['require block not closed before the end of the file']);
  });
});
