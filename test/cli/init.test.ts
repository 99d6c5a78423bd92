import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseManifest } from '../../src/manifest/load.js';
import { runCli } from '../helpers/cli.js';
import { makeRepo } from '../helpers/repo.js';

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

describe('vouch init', () => {
  it('writes a commented vouch.yaml pre-filled from the repository, which then loads', async () => {
    const root = makeRepo({
      'package.json': JSON.stringify({
        name: 'acme-widget',
        version: '2.3.4',
        license: 'MIT',
        author: 'Acme Ltd <dev@acme.example>',
        dependencies: { openai: '4.0.0' },
      }),
      'package-lock.json': JSON.stringify({
        name: 'acme-widget',
        lockfileVersion: 3,
        packages: {
          '': { name: 'acme-widget', dependencies: { openai: '4.0.0' } },
          'node_modules/openai': { version: '4.0.0' },
        },
      }),
      'SECURITY.md': 'Report vulnerabilities to security@acme.example.',
    });
    roots.push(root);
    const r = await runCli(['init', root]);
    expect(r.code).toBe(0);
    const text = readFileSync(join(root, 'vouch.yaml'), 'utf8');
    expect(text).toMatch(/^# vouch\.yaml/);
    const m = parseManifest(text).manifest!;
    expect(m.product).toMatchObject({ name: 'acme-widget', version: '2.3.4', license: 'MIT' });
    expect(m.vendor.name).toBe('Acme Ltd');
    expect(m.vendor.securityContact).toBe('mailto:security@acme.example');
    expect(m.ai).toEqual({ uses: true, roles: ['developer'] });
    expect(text).toContain('npm library openai');
  });

  it('proposes product.kind only when the repository is unambiguous, marked for review', async () => {
    const lib = makeRepo({
      'package.json': JSON.stringify({ name: 'left-pad', version: '1.0.0', main: 'index.js' }),
    });
    const app = makeRepo({
      'package.json': JSON.stringify({
        name: 'tool',
        version: '1.0.0',
        main: 'index.js',
        bin: { tool: 'cli.js' },
      }),
    });
    const crate = makeRepo({ 'Cargo.toml': '[package]\nname = "x"\nversion = "0.1.0"\n', 'src/main.rs': '' });
    roots.push(lib, app, crate);
    const kindOf = async (root: string) => {
      const text = (await runCli(['init', root, '--stdout'])).out;
      return { kind: parseManifest(text).manifest?.product.kind, text };
    };
    const l = await kindOf(lib);
    expect(l.kind).toBe('library');
    expect(l.text).toMatch(
      /# REVIEW: guessed from package\.json: published, with exports and no bin entry point\n {2}kind: "library"/,
    );
    expect((await kindOf(app)).kind).toBeUndefined();
    expect((await kindOf(crate)).kind).toBe('application');
  });

  it('will not overwrite without --force, and --stdout prints instead of writing', async () => {
    const root = makeRepo({ 'README.md': '# x' });
    roots.push(root);
    expect((await runCli(['init', root])).code).toBe(0);
    const again = await runCli(['init', root]);
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/--force/);
    const printed = await runCli(['init', root, '--stdout']);
    expect(printed.code).toBe(0);
    expect(parseManifest(printed.out).errors).toEqual([]);
    expect(parseManifest(printed.out).manifest?.ai.uses).toBe(false);
  });

  it('--help lists every command and the exit codes', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['init', 'assess', 'catalog', 'sbom']) expect(r.out).toContain(c);
    expect(r.out).toMatch(/Exit codes:/);
  });
});

describe('vouch --version', () => {
  it('prints the version from package.json', async () => {
    const r = await runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.out.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
