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

  describe('never writes a guess it cannot support (issue 10, item 3)', () => {
    const truth = (f: string) => readFileSync(join(import.meta.dirname, '../truth', f), 'utf8');
    const init = async (files: Record<string, string>) => {
      const root = makeRepo(files);
      roots.push(root);
      const text = (await runCli(['init', root, '--stdout'])).out;
      return { text, parsed: parseManifest(text) };
    };

    it('takes the licence from the LICENSE text, never "proprietary" by default', async () => {
      const apache = await init({
        LICENSE: truth('prometheus+prometheus/LICENSE.upstream'),
        'go.mod': 'module example.com/p\n',
      });
      expect(apache.parsed.manifest?.product.license).toBe('Apache-2.0');
      expect(apache.text).toContain('# from the licence text: LICENSE is Apache-2.0');
      const mit = await init({ 'LICENSE.md': truth('tokio-rs+tokio/LICENSE.upstream') });
      expect(mit.parsed.manifest?.product.license).toBe('MIT');
      const unknowns: Record<string, string>[] = [
        {},
        { LICENSE: truth('NuGet+NuGet.Client/LICENSE.upstream') },
        // Two licence texts: whether they are a choice or both apply is not in the files.
        {
          'LICENSE-MIT': truth('rust-lang+cargo/LICENSE-MIT.upstream'),
          'LICENSE-APACHE': truth('rust-lang+cargo/LICENSE-APACHE.upstream'),
        },
      ];
      for (const unknown of unknowns) {
        const r = await init(unknown);
        expect(r.parsed.manifest?.product.license).toMatch(/^CHANGE ME/);
        expect(r.text).not.toMatch(/license: "proprietary"/);
        expect((r.parsed.warnings ?? []).map((w) => w.message).join('\n')).toMatch(
          /product\.license: still a placeholder/,
        );
      }
      // A manifest's expression (a choice of two) is taken as it stands; npm's UNLICENSED is proprietary.
      const cargo = await init({
        'Cargo.toml':
          '[workspace.package]\nlicense = "MIT OR Apache-2.0"\n[package]\nname = "c"\nlicense.workspace = true\n',
        'LICENSE-MIT': truth('rust-lang+cargo/LICENSE-MIT.upstream'),
        'LICENSE-APACHE': truth('rust-lang+cargo/LICENSE-APACHE.upstream'),
      });
      expect(cargo.parsed.manifest?.product.license).toBe('MIT OR Apache-2.0');
      expect(
        (await init({ 'package.json': '{"name":"p","license":"UNLICENSED"}' })).parsed.manifest?.product
          .license,
      ).toBe('proprietary');
    });

    it('names the product from the module path, not its major-version suffix', async () => {
      const r = await init({ 'go.mod': 'module github.com/acme/widget/v3\n\ngo 1.22\n' });
      expect(r.parsed.manifest?.product.name).toBe('widget');
    });

    it('takes the security contact only from the channel the policy tells reporters to use', async () => {
      const policy = await init({
        'SECURITY.md': [
          '# Security',
          '',
          '## Packaging',
          '',
          'The Debian package is maintained by Jane Doe <jane@debian.example>.',
          '',
          '## Reporting',
          '',
          'Please report vulnerabilities by email to security@acme.example.',
        ].join('\n'),
      });
      expect(policy.parsed.manifest?.vendor.securityContact).toBe('mailto:security@acme.example');
      // Only a channel without an address: a placeholder, with the channel to review.
      const channel = await init({
        'SECURITY.md': [
          '# Security',
          '',
          'The Debian package is maintained by Jane Doe <jane@debian.example>.',
          '',
          'Please use private vulnerability reporting to tell us about a vulnerability.',
        ].join('\n'),
      });
      expect(channel.parsed.manifest?.vendor.securityContact).toMatch(/^CHANGE ME/);
      expect(channel.text).toMatch(
        /# The policy sends reporters to: SECURITY\.md:5: private vulnerability reporting/,
      );
      expect(channel.text).not.toContain('jane@debian.example');
    });
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
