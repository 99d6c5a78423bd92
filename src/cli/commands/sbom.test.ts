import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { SHARED } from '../../../test/helpers/lockfile-peer-suite.js';
import { validateCycloneDx } from '../../formats/cyclonedx/validate.js';
import { validateSpdx } from '../../formats/spdx/validate.js';
import type { CliIO } from '../io.js';
import { registerSbomCommand, runSbom, type SbomOptions } from './sbom.js';

const tmp = mkdtempSync(join(tmpdir(), 'vouch-sbom-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function capture(): CliIO & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    isTTY: false,
    out(s: string) {
      io.stdout += s;
    },
    err(s: string) {
      io.stderr += s;
    },
  };
  return io;
}

const lock = JSON.stringify(
  {
    name: 'shop',
    lockfileVersion: 3,
    packages: {
      '': { name: 'shop', dependencies: { 'left-pad': '^1.3.0' } },
      'node_modules/left-pad': {
        version: '1.3.0',
        license: 'WTFPL',
        integrity:
          'sha512-XI5MPzVNApjAyhQzphX8BkmKsKUxD4LdyK24iZeQEDQVTMfuJmJlQkGNZN8k1aSA9QJ8Ci1f9Ls0hNdLn1lA==',
      },
    },
  },
  null,
  2,
);

function repo(name: string, files: Record<string, string>): string {
  const dir = join(tmp, name);
  for (const [p, content] of Object.entries(files)) {
    mkdirSync(join(dir, p, '..'), { recursive: true });
    writeFileSync(join(dir, p), content);
  }
  return dir;
}

const run = (path: string, opts: Partial<SbomOptions>, io = capture()) =>
  runSbom(path, { format: 'cyclonedx', ...opts }, io).then((code) => ({ code, io }));

describe('vouch sbom', () => {
  const shop = repo('shop', {
    'package-lock.json': lock,
    'package.json': '{"name":"shop"}',
    'mix.lock': '%{}',
  });

  it('writes a valid CycloneDX SBOM and a one-line summary with coverage problems', async () => {
    const out = join(tmp, 'shop.cdx.json');
    const { code, io } = await run(shop, { output: out, validate: true });
    expect(code).toBe(0);
    const doc = JSON.parse(readFileSync(out, 'utf8'));
    expect((await validateCycloneDx(doc)).valid).toBe(true);
    expect(doc.components.map((c: { purl: string }) => c.purl)).toEqual(['pkg:npm/left-pad@1.3.0']);
    expect(doc.metadata.component.name).toBe('shop');
    expect(io.stdout).toBe('');
    const [summary, ...rest] = io.stderr.trimEnd().split('\n');
    expect(summary).toMatch(
      /^vouch sbom: 1 component from 1 file, CycloneDX 1.6 \(schema-valid\) -> .*; 1 file not read$/,
    );
    expect(rest).toEqual(['  mix.lock: no extractor for Mix lockfile']);
  });

  it('without --validate writes the same document, valid against the official schema, and claims no check', async () => {
    const checked = await run(shop, { deterministic: true, validate: true });
    const { code, io } = await run(shop, { deterministic: true });
    expect(code).toBe(0);
    expect(io.stdout).toBe(checked.io.stdout);
    expect((await validateCycloneDx(JSON.parse(io.stdout))).valid).toBe(true);
    expect(io.stderr.split('\n')[0]).toMatch(
      /^vouch sbom: 1 component from 1 file, CycloneDX 1\.6; 1 file not read$/,
    );
  });

  it('writes SPDX to stdout when no --output is given', async () => {
    const { code, io } = await run(shop, { format: 'spdx' });
    expect(code).toBe(0);
    const doc = JSON.parse(io.stdout);
    expect(doc.spdxVersion).toBe('SPDX-2.3');
    expect((await validateSpdx(doc)).valid).toBe(true);
  });

  it('gives identical bytes across runs with --deterministic, in both formats', async () => {
    for (const format of ['cyclonedx', 'spdx'] as const) {
      const a = await run(shop, { format, deterministic: true });
      const b = await run(shop, { format, deterministic: true });
      expect(a.io.stdout.length).toBeGreaterThan(100);
      expect(b.io.stdout).toBe(a.io.stdout);
    }
  });

  it('writes compact JSON to files and pipes, indented JSON to a terminal or with --pretty', async () => {
    const file = join(tmp, 'layout.cdx.json');
    await run(shop, { output: file });
    const compact = readFileSync(file, 'utf8');
    expect(compact.endsWith('}\n')).toBe(true);
    expect(compact.trimEnd()).not.toContain('\n');
    await run(shop, { output: file, pretty: true });
    const pretty = readFileSync(file, 'utf8');
    expect(pretty).toMatch(/^{\n {2}"bomFormat": "CycloneDX",\n/);
    const strip = (t: string) => {
      const d = JSON.parse(t);
      delete d.serialNumber;
      delete d.metadata.timestamp;
      return d;
    };
    expect(strip(pretty)).toEqual(strip(compact));

    const piped = await run(shop, { format: 'spdx' });
    expect(piped.io.stdout.trimEnd()).not.toContain('\n');
    const terminal = capture();
    terminal.isTTY = true;
    await run(shop, { format: 'spdx' }, terminal);
    expect(terminal.stdout).toMatch(/^{\n {2}"spdxVersion": "SPDX-2.3",\n/);
  });

  it('names the product and supplier from vouch.yaml', async () => {
    const dir = repo('with-manifest', {
      'package-lock.json': lock,
      'vouch.yaml':
        'schemaVersion: 1\nproduct:\n  name: Shop Front\n  version: 3.2.1\n  license: proprietary\n' +
        'vendor:\n  name: Acme Ltd\n  url: https://acme.example\nvendorRole: developer-and-distributor\n',
    });
    const { code, io } = await run(dir, {});
    expect(code).toBe(0);
    const doc = JSON.parse(io.stdout);
    expect(doc.metadata.component).toMatchObject({
      name: 'Shop Front',
      version: '3.2.1',
      supplier: { name: 'Acme Ltd', url: ['https://acme.example'] },
      licenses: [{ license: { name: 'proprietary' } }],
    });
  });

  it('stops with exit 2 and a positioned error on an invalid vouch.yaml, writing no SBOM', async () => {
    const dir = repo('bad-manifest', { 'package-lock.json': lock, 'vouch.yaml': 'product: [' });
    const { code, io } = await run(dir, {});
    expect(code).toBe(2);
    expect(io.stderr).toMatch(/error: .*vouch\.yaml:\d+:\d+: YAML: /);
    expect(io.stdout).toBe('');
  });

  it('exits 2 for a path that is not a directory, or an unwritable output', async () => {
    expect((await run(join(tmp, 'missing'), {})).code).toBe(2);
    expect((await run(join(shop, 'package-lock.json'), {})).code).toBe(2);
    const { code, io } = await run(shop, { output: join(tmp, 'no-such-dir', 'x.json') });
    expect(code).toBe(2);
    expect(io.stderr).toMatch(/does not exist; create it first/);
  });

  it('--ingest validates an SBOM and prints a summary; --output converts it', async () => {
    const ref = join(SHARED, 'peer-suites/real-lockfiles/php/opengrc-sbom.cdx.json');
    const ok = await run('.', { ingest: ref });
    expect(ok.code).toBe(0);
    expect(ok.io.stderr).toMatch(/is valid CycloneDX 1\.5: 244 components read \(244 listed\)/);
    const out = join(tmp, 'opengrc.spdx.json');
    const conv = await run('.', { ingest: ref, format: 'spdx', output: out });
    expect(conv.code).toBe(0);
    const doc = JSON.parse(readFileSync(out, 'utf8'));
    expect((await validateSpdx(doc)).valid).toBe(true);
    expect(doc.packages).toHaveLength(245); // 244 + the product
  });

  it('--ingest exits 2 with the schema errors for an invalid SBOM', async () => {
    const bad = join(SHARED, 'peer-suites/cyclonedx/1.6/invalid-scope-1.6.json');
    const { code, io } = await run('.', { ingest: bad });
    expect(code).toBe(2);
    expect(io.stderr).toMatch(/invalid-scope-1\.6\.json: not valid against the CycloneDX 1\.6 JSON schema/);
    expect(io.stderr).toMatch(/at \/components\/0\/scope/);
  });

  it('never writes an SBOM that fails its own validation, and exits 1', async () => {
    vi.resetModules();
    vi.doMock('../../formats/cyclonedx/validate.js', () => ({
      validateCycloneDx: async () => ({
        valid: false,
        errors: [{ path: '/components/0', message: 'simulated' }],
        schema: 'CycloneDX 1.6 JSON schema',
      }),
    }));
    try {
      const fresh = await import('./sbom.js');
      const io = capture();
      const out = join(tmp, 'never.json');
      const code = await fresh.runSbom(shop, { format: 'cyclonedx', output: out, validate: true }, io);
      expect(code).toBe(1);
      expect(io.stderr).toMatch(/internal error: the generated SBOM is not valid/);
      expect(() => readFileSync(out)).toThrow();
      // Without --validate the validator is never called: the (here simulated) verdict cannot stop it.
      expect(await fresh.runSbom(shop, { format: 'cyclonedx', output: out }, capture())).toBe(0);
      expect(JSON.parse(readFileSync(out, 'utf8')).components).toHaveLength(1);
    } finally {
      vi.doUnmock('../../formats/cyclonedx/validate.js');
      vi.resetModules();
    }
  });

  it('registers the command with its options; an unknown format is a usage error', async () => {
    const program = new Command().exitOverride();
    const io = capture();
    registerSbomCommand(program, io);
    const sbom = program.commands.find((c) => c.name() === 'sbom')!;
    sbom.exitOverride().configureOutput({ writeErr: io.err, writeOut: io.out });
    expect(sbom.options.map((o) => o.long)).toEqual([
      '--format',
      '--output',
      '--deterministic',
      '--ingest',
      '--pretty',
      '--ai',
      '--include-fixtures',
      '--offline',
      '--validate',
    ]);
    await expect(
      program.parseAsync(['node', 'vouch', 'sbom', shop, '--format', 'xml']),
    ).rejects.toMatchObject({
      code: 'commander.invalidArgument',
    });
  });
});
