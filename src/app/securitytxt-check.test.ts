import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SafeFetchOptions } from '../net/safe-fetch.js';
import { fixedResolver, type LocalHttpsServer, startLocalHttpsServer } from '../net/test-helpers.js';
import { checkSecurityTxt, renderCheckText } from './securitytxt-check.js';

const now = new Date('2026-08-20T00:00:00Z');
const dir = mkdtempSync(join(tmpdir(), 'vouch-securitytxt-check-'));
let server: LocalHttpsServer;
let fetch: SafeFetchOptions;
const base = () => `https://site.test:${server.port}`;

const body = (canonical: string) =>
  `Contact: https://site.test/report\nExpires: 2027-01-01T00:00:00Z\nCanonical: ${canonical}\n`;

beforeAll(async () => {
  server = await startLocalHttpsServer(['site.test'], (req, res) => {
    const canonical = `https://site.test:${server.port}/.well-known/security.txt`;
    if (req.url === '/.well-known/security.txt')
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(body(canonical));
    else if (req.url === '/security.txt') res.writeHead(301, { location: '/.well-known/security.txt' }).end();
    else if (req.url === '/html') res.writeHead(200, { 'content-type': 'text/html' }).end(body(canonical));
    else if (req.url === '/elsewhere')
      res
        .writeHead(200, { 'content-type': 'text/plain; charset=UTF-8' })
        .end(body('https://other.test/.well-known/security.txt'));
    else res.writeHead(404).end();
  });
  fetch = {
    ca: server.ca,
    resolve: fixedResolver({ 'site.test': [{ address: '127.0.0.1', family: 4 }] }),
    allowAddress: (_a, host) => host === 'site.test',
  };
});
afterAll(() => server.close());

const codes = (r: { diagnostics: { code: string }[] }) => r.diagnostics.map((d) => d.code);

describe('checkSecurityTxt over https', () => {
  it('is valid when served as text/plain; charset=utf-8 and Canonical lists the URL', async () => {
    const r = await checkSecurityTxt(`${base()}/.well-known/security.txt`, { now, fetch });
    expect(r.exitCode).toBe(0);
    expect(codes(r)).toEqual(['unsigned']);
    expect(r.source).toBe('url');
  });

  it('accepts the URL redirected to as the location Canonical must list', async () => {
    const r = await checkSecurityTxt(`${base()}/security.txt`, { now, fetch });
    expect(r.redirects).toEqual([`${base()}/.well-known/security.txt`]);
    expect(codes(r)).toEqual(['unsigned']);
  });

  it('rejects another Content-Type (RFC 9116 §3) and warns when Canonical names elsewhere (§2.5.2)', async () => {
    const html = await checkSecurityTxt(`${base()}/html`, { now, fetch });
    expect(html.exitCode).toBe(1);
    expect(html.diagnostics[0]).toMatchObject({ level: 'error', code: 'content-type', rfc: '3' });
    const elsewhere = await checkSecurityTxt(`${base()}/elsewhere`, { now, fetch });
    expect(elsewhere.exitCode).toBe(0);
    expect(elsewhere.diagnostics).toContainEqual(
      expect.objectContaining({ level: 'warning', code: 'canonical-mismatch', line: 3, column: 1 }),
    );
  });

  it('does not check what it cannot fetch (exit 2)', async () => {
    const missing = await checkSecurityTxt(`${base()}/absent`, { now, fetch });
    expect(missing).toMatchObject({ exitCode: 2, problem: expect.stringMatching(/HTTP 404/) });
    const refused = await checkSecurityTxt(`https://127.0.0.1:${server.port}/.well-known/security.txt`, {
      now,
    });
    expect(refused).toMatchObject({ exitCode: 2, problem: expect.stringMatching(/loopback/) });
    expect(renderCheckText(refused)).toMatch(/not checked: cannot fetch: refused: 127\.0\.0\.1 is loopback/);
  });
});

describe('checkSecurityTxt on files', () => {
  it('reports bytes that are not UTF-8 (RFC 9116 §3)', async () => {
    const path = join(dir, 'latin1.txt');
    writeFileSync(
      path,
      Buffer.from('Contact: mailto:s\xe9curit\xe9@example.com\nExpires: 2027-01-01T00:00:00Z\n', 'latin1'),
    );
    const r = await checkSecurityTxt(path, { now });
    expect(r.exitCode).toBe(1);
    expect(r.diagnostics[0]).toMatchObject({ code: 'encoding', level: 'error' });
  });

  it('reads no more than the size limit of a large file and says it is too large', async () => {
    const path = join(dir, 'big.txt');
    writeFileSync(path, `${'#'.repeat(1024 * 1024)}\n`);
    const r = await checkSecurityTxt(path, { now });
    expect(codes(r)).toEqual(['file-too-large']);
  });

  it('refuses a directory', async () => {
    const r = await checkSecurityTxt(dir, { now });
    expect(r).toMatchObject({ exitCode: 2, problem: expect.stringMatching(/not a regular file|EISDIR/) });
  });
});
