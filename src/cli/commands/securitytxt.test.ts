import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runRegistered } from '../test-helpers.js';
import { parseNow, registerSecurityTxtCommand } from './securitytxt.js';

const REAL = resolve(import.meta.dirname, '../../../../shared/peer-suites/securitytxt/real-world');
const dir = mkdtempSync(join(tmpdir(), 'vouch-securitytxt-'));

const run = (...args: string[]) => runRegistered(registerSecurityTxtCommand, args);

describe('vouch securitytxt check', () => {
  it('exits 0 for a valid file, with warnings listed and the clock pinned by --now', async () => {
    const { out, err, code } = await run(
      'securitytxt',
      'check',
      join(REAL, 'github-2026-08-16.txt'),
      '--now',
      '2026-08-20',
    );
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain(
      'github-2026-08-16.txt: warning unsigned: not signed with an OpenPGP cleartext signature (RFC 9116 §2.3)',
    );
    expect(out).toMatch(
      /: valid: 0 errors, 1 warning; signature absent; checked at 2026-08-20T00:00:00\.000Z\n$/,
    );
  });

  it('exits 1 when the same file has expired, naming the line and column', async () => {
    const { out, code } = await run(
      'securitytxt',
      'check',
      join(REAL, 'github-2026-08-16.txt'),
      '--now',
      '2026-10-01T00:00:00Z',
    );
    expect(code).toBe(1);
    expect(out).toContain(
      'github-2026-08-16.txt:7:10: error expired: expired on 2026-09-15T11:20:25.000Z (RFC 9116 §2.5.5)',
    );
  });

  it('writes JSON with the diagnostics and parsed fields', async () => {
    const { out, code } = await run(
      'securitytxt',
      'check',
      join(REAL, 'dropbox-2026-08-16.txt'),
      '--now',
      '2026-08-20',
      '--format',
      'json',
    );
    expect(code).toBe(1);
    const r = JSON.parse(out);
    expect(r.valid).toBe(false);
    expect(r.exitCode).toBe(1);
    expect(
      r.diagnostics
        .filter((d: { level: string }) => d.level === 'error')
        .map((d: { code: string; line: number | null }) => `${d.code}@${d.line}`),
    ).toEqual([
      'line-syntax@3',
      'line-syntax@4',
      'line-syntax@5',
      'line-syntax@6',
      'contact-missing@null',
      'expires-missing@null',
    ]);
    expect(r.parsed.hiring).toEqual(['https://www.dropbox.com/jobs/search?q=security']);
  });

  it('keeps control characters from the file out of the terminal', async () => {
    const path = join(dir, 'hostile.txt');
    writeFileSync(
      path,
      'Preferred-Languages: en\u001b[31m\u202e\nContact: https://example.com/\nExpires: 2027-01-01T00:00:00Z\n',
    );
    const { out } = await run('securitytxt', 'check', path, '--now', '2026-08-20');
    expect(out).not.toMatch(/[\u001b\u202e]/);
    expect(out).toContain('"en\\u001B[31m\\u202E" is not an RFC 5646 language tag');
  });

  it('exits 2 for a missing file, a bad --now, a refused URL and a missing argument', async () => {
    const missing = await run('securitytxt', 'check', join(dir, 'absent.txt'), '--now', '2026-08-20');
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/not checked: cannot read: ENOENT/);
    const badNow = await run(
      'securitytxt',
      'check',
      join(REAL, 'github-2026-08-16.txt'),
      '--now',
      'tomorrow',
    );
    expect(badNow.code).toBe(2);
    expect(badNow.err).toMatch(/--now tomorrow: not an RFC 3339/);
    const http = await run('securitytxt', 'check', 'http://example.com/.well-known/security.txt');
    expect(http.code).toBe(2);
    expect(http.err).toMatch(/only https URLs are fetched/);
    const loopback = await run('securitytxt', 'check', 'https://127.0.0.1/.well-known/security.txt');
    expect(loopback.code).toBe(2);
    expect(loopback.err).toMatch(/127\.0\.0\.1 is loopback/);
    const noTarget = await run('securitytxt', 'check');
    expect(noTarget.code).toBe(2);
    expect(noTarget.err).toMatch(/missing required argument 'target'/);
  });
});

describe('parseNow', () => {
  it('reads RFC 3339 date-times and plain dates, and nothing else', () => {
    expect(parseNow('2026-08-20')?.toISOString()).toBe('2026-08-20T00:00:00.000Z');
    expect(parseNow('2026-08-20T10:00:00+02:00')?.toISOString()).toBe('2026-08-20T08:00:00.000Z');
    expect(parseNow('2026-02-30')).toBeUndefined();
    expect(parseNow('now')).toBeUndefined();
  });
});
