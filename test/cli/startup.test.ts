/**
 * What the built CLI loads before it reads a file (issue 8): vouch's own rule data ships validated
 * (dist/data/), so an assess of a tree with no YAML and no vouch.yaml loads neither zod nor the
 * YAML parser, and `vouch --version` loads neither. When there is input to check,
 * they load and the errors are the same as ever. Each run records, at exit, which libraries the
 * process loaded: zod marks itself on globalThis (ESM or CommonJS alike); yaml, commander and
 * jsonc-parser load as CommonJS, so they show in require.cache.
 */

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ensureBuilt, type runBin } from '../helpers/bin.js';
import { makeRepo } from '../helpers/repo.js';

const scratch = mkdtempSync(join(tmpdir(), 'vouch-startup-'));
const preload = join(scratch, 'record-loaded.cjs');
const record = join(scratch, 'loaded.json');

// Written at exit, after everything the command loaded.
const PRELOAD = `
const { writeFileSync } = require('node:fs');
process.on('exit', () => {
  const cached = Object.keys(require.cache);
  const has = (name) => cached.some((k) => k.includes('/node_modules/' + name + '/'));
  writeFileSync(${JSON.stringify(record)}, JSON.stringify({
    zod: Boolean(globalThis.__zod_globalRegistry),
    yaml: has('yaml'),
    commander: has('commander'),
    jsoncParser: has('jsonc-parser'),
  }));
});
`;

interface Loaded {
  zod: boolean;
  yaml: boolean;
  commander: boolean;
  jsoncParser: boolean;
}

function vouchRecording(args: string[], cwd: string): ReturnType<typeof runBin> & { loaded: Loaded } {
  rmSync(record, { force: true });
  const r = spawnSync(process.execPath, ['--require', preload, BIN, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: '1' },
  });
  if (r.error) throw r.error;
  const loaded = JSON.parse(readFileSync(record, 'utf8')) as Loaded;
  return { code: r.status, out: r.stdout, err: r.stderr, loaded };
}

const repos: string[] = [];

beforeAll(() => {
  ensureBuilt();
  writeFileSync(preload, PRELOAD);
});

afterAll(() => {
  for (const dir of [scratch, ...repos]) rmSync(dir, { recursive: true, force: true });
});

describe('start-up', () => {
  it('assesses a tree with no YAML and no vouch.yaml without loading zod or the YAML parser', () => {
    const repo = makeRepo({ 'README.md': '# demo\n', 'src/main.js': 'console.log(1);\n' });
    repos.push(repo);
    const r = vouchRecording(['assess', '.'], repo);
    expect(r.code).toBe(0);
    expect(r.out).toContain('SSCoP: Software Security Code of Practice');
    expect(r.loaded).toEqual({ zod: false, yaml: false, commander: true, jsoncParser: false });
  });

  it('loads both when there is a vouch.yaml to check, and reports its problems as before', () => {
    const repo = makeRepo({
      'vouch.yaml': [
        'schemaVersion: 1',
        'product:',
        '  name: demo',
        '  bogus: 1',
        'vendor:',
        '  name: Acme',
        'vendorRole: reseller',
        'secrets:',
        '  rules:',
        '    - id: my-rule',
        '      title: mine',
        '      keywords: [ab]',
        '      pattern: "a+"',
        '      severity: high',
        '      confidence: high',
        '',
      ].join('\n'),
    });
    repos.push(repo);
    const r = vouchRecording(['assess', '.'], repo);
    expect(r.code).toBe(2);
    expect(r.err).toContain('vouch.yaml:4:3: product.bogus: unknown key; allowed here: name, kind');
    expect(r.err).toContain('secrets.rules.0.pattern: unbounded quantifier (* or +); use {m,n}');
    expect(r.loaded.zod).toBe(true);
    expect(r.loaded.yaml).toBe(true);
  });

  it('answers --version without the schema library or the YAML parser', () => {
    const version = vouchRecording(['--version'], scratch);
    expect(version.code).toBe(0);
    expect(version.out).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect(version.loaded).toEqual({ zod: false, yaml: false, commander: true, jsoncParser: false });
  });
});
