/**
 * The built CLI as users run it: `node bin/vouch.js ...` in a child process, on dist/ (built here
 * when missing or older than the sources), for every command; and the package copied with
 * `cp -r` (new paths, new file times), which must run the same.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ensureBuilt, repoRoot } from '../helpers/dist.js';
import { makeRepo } from '../helpers/repo.js';

const VERSION = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string })
  .version;

function vouch(args: string[], opts: { bin?: string; cwd?: string } = {}) {
  const r = spawnSync(process.execPath, [opts.bin ?? BIN, ...args], {
    cwd: opts.cwd ?? repoRoot,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: '1' },
  });
  if (r.error) throw r.error;
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const LOCKFILE = JSON.stringify({
  name: 'bin-test',
  version: '1.0.0',
  lockfileVersion: 3,
  packages: {
    '': { name: 'bin-test', version: '1.0.0', dependencies: { 'left-pad': '1.3.0' } },
    'node_modules/left-pad': { version: '1.3.0', license: 'WTFPL' },
  },
});

const scratch: string[] = [];
let project: string;

beforeAll(() => {
  ensureBuilt();
  project = makeRepo({
    'package.json': JSON.stringify({
      name: 'bin-test',
      version: '1.0.0',
      dependencies: { 'left-pad': '1.3.0' },
    }),
    'package-lock.json': LOCKFILE,
  });
  scratch.push(project);
}, 300_000);

afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

describe('built bin/vouch.js', () => {
  it('--version prints the package version', () => {
    const r = vouch(['--version']);
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out.trim()).toBe(VERSION);
  });

  it('--help lists every command and the exit codes', () => {
    const r = vouch(['--help']);
    expect(r.code).toBe(0);
    for (const command of ['init', 'assess', 'catalog', 'sbom'])
      expect(r.out).toMatch(new RegExp(`\\n  ${command} `));
    expect(r.out).toContain('Exit codes:');
  });

  it('an unknown command is a usage error (exit 2)', () => {
    const r = vouch(['no-such-command']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown command/);
  });

  it('init writes vouch.yaml into an empty directory', () => {
    const dir = makeRepo();
    scratch.push(dir);
    const r = vouch(['init', dir]);
    expect(r.code, r.err).toBe(0);
    expect(readFileSync(join(dir, 'vouch.yaml'), 'utf8')).toMatch(/^# vouch\.yaml/);
  });

  it('assess writes a JSON report naming SSCoP claims', () => {
    const report = join(project, 'report.json');
    const r = vouch(['assess', project, '--format', 'json', '--output', report, '--quiet']);
    expect(r.code, r.err).toBe(0);
    const doc = JSON.parse(readFileSync(report, 'utf8')) as Record<string, unknown>;
    const text = JSON.stringify(doc);
    for (const id of ['sscop:1.1.1', 'sscop:4.2.1']) expect(text).toContain(`"${id}"`);
    rmSync(report);
  });

  it('catalog list, show and search', () => {
    const list = vouch(['catalog', 'list']);
    expect(list.code, list.err).toBe(0);
    expect(list.out).toMatch(/Software Security Code of Practice/);
    const show = vouch(['catalog', 'show', 'sscop:1.1.1']);
    expect(show.code, show.err).toBe(0);
    expect(show.out).toContain('1.1.1');
    const unknown = vouch(['catalog', 'show', 'sscop:99.9']);
    expect(unknown.code).toBe(2);
    const search = vouch(['catalog', 'search', 'vulnerability']);
    expect(search.code, search.err).toBe(0);
    expect(search.out).toMatch(/sscop:\d/);
  });

  it('sbom writes a CycloneDX 1.6 document and --ingest validates it back', () => {
    const r = vouch(['sbom', project]);
    expect(r.code, r.err).toBe(0);
    const bom = JSON.parse(r.out) as {
      bomFormat: string;
      specVersion: string;
      components: { name: string }[];
    };
    expect(bom).toMatchObject({ bomFormat: 'CycloneDX', specVersion: '1.6' });
    expect(bom.components.map((c) => c.name)).toContain('left-pad');

    const file = join(project, 'bom.cdx.json');
    writeFileSync(file, r.out);
    const ok = vouch(['sbom', '--ingest', file]);
    expect(ok.code, ok.err).toBe(0);
    // A document the schema rejects is an input error.
    writeFileSync(file, JSON.stringify({ ...bom, specVersion: '1.6', components: [{ name: 1 }] }));
    const bad = vouch(['sbom', '--ingest', file]);
    expect(bad.code).toBe(2);
    rmSync(file);
  });

  it('sbom --format spdx writes an SPDX 2.3 document', () => {
    const r = vouch(['sbom', project, '--format', 'spdx']);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ spdxVersion: 'SPDX-2.3' });
  });
});

/** The runtime dependencies' folders in node_modules, from package-lock.json (dev ones left out). */
function runtimePackageDirs(): string[] {
  const lock = JSON.parse(readFileSync(join(repoRoot, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dev?: boolean; link?: boolean }>;
  };
  return Object.entries(lock.packages)
    .filter(([path, p]) => path.startsWith('node_modules/') && !p.dev && !p.link)
    .map(([path]) => path);
}

describe('a copy of the package made with cp -r', () => {
  it('runs every kind of command like the original', () => {
    const copy = mkdtempSync(join(tmpdir(), 'vouch-copy-'));
    scratch.push(copy);
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { files: string[] };
    for (const entry of [...pkg.files, 'package.json'])
      cpSync(join(repoRoot, entry), join(copy, entry), { recursive: true });
    for (const dir of runtimePackageDirs()) {
      mkdirSync(dirname(join(copy, dir)), { recursive: true });
      cpSync(join(repoRoot, dir), join(copy, dir), { recursive: true });
    }
    const bin = join(copy, 'bin', 'vouch.js');
    const version = vouch(['--version'], { bin, cwd: copy });
    expect(version).toMatchObject({ code: 0, out: `${VERSION}\n` });
    const show = vouch(['catalog', 'show', 'aicop:1.1'], { bin, cwd: copy });
    expect(show.code, show.err).toBe(0);
    const sbom = vouch(['sbom', project], { bin, cwd: copy });
    expect(sbom.code, sbom.err).toBe(0);
    expect(JSON.parse(sbom.out)).toMatchObject({ bomFormat: 'CycloneDX' });
  });
});
