/**
 * safeFetch against a real local https server (a certificate made for the run). The default
 * policy must refuse loopback, private and link-local targets: named directly, reached by
 * redirect, or behind a DNS name. A test hook lets only the name "public.test" reach the
 * local server, standing in for a public site.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FetchRefusedError, type SafeFetchOptions, safeFetch } from './safe-fetch.js';
import { fixedResolver, type LocalHttpsServer, startLocalHttpsServer } from './test-helpers.js';

let server: LocalHttpsServer;
let port: number;
let ca: string;
let requests: string[] = [];

/** What each test name resolves to; no real DNS is asked. */
const zone: Record<string, { address: string; family: 4 | 6 }[]> = {
  'public.test': [{ address: '127.0.0.1', family: 4 }],
  'loopback.test': [{ address: '127.0.0.1', family: 4 }],
  'private.test': [{ address: '10.0.0.8', family: 4 }],
  'link-local.test': [{ address: '169.254.169.254', family: 4 }],
  'v6-loopback.test': [{ address: '::1', family: 6 }],
  'mapped.test': [{ address: '::ffff:192.168.1.1', family: 6 }],
  'mixed.test': [
    { address: '8.8.8.8', family: 4 },
    { address: '192.168.1.1', family: 4 },
  ],
};
const lookups: string[] = [];
const resolve = fixedResolver(zone, lookups);

/** The default policy with only the injected resolver and the test CA. */
const strict = (): SafeFetchOptions => ({ resolve, ca, timeoutMs: 5000 });
/** As above, but the stand-in public site may be reached. */
const viaPublic = (extra: SafeFetchOptions = {}): SafeFetchOptions => ({
  ...strict(),
  allowAddress: (_address, hostname) => hostname === 'public.test',
  ...extra,
});

beforeAll(async () => {
  server = await startLocalHttpsServer(['public.test', 'loopback.test'], (req, res) => {
    requests.push(req.url ?? '');
    const redirect = (to: string) => res.writeHead(302, { location: to.replace('PORT', String(port)) }).end();
    switch (req.url) {
      case '/.well-known/security.txt':
        res
          .writeHead(200, { 'content-type': 'text/plain; charset=utf-8' })
          .end('Contact: mailto:a@example.com\n');
        return;
      case '/to-loopback':
        return redirect('https://127.0.0.1:PORT/.well-known/security.txt');
      case '/to-v6-loopback':
        return redirect('https://[::1]:PORT/.well-known/security.txt');
      case '/to-private':
        return redirect('https://192.168.0.10/.well-known/security.txt');
      case '/to-link-local':
        return redirect('https://169.254.169.254/latest/meta-data/');
      case '/to-name':
        return redirect('https://loopback.test:PORT/.well-known/security.txt');
      case '/to-http':
        return redirect('http://public.test:PORT/.well-known/security.txt');
      case '/relative':
        return redirect('/.well-known/security.txt');
      case '/loop':
        return redirect('/loop');
      case '/big':
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('#'.repeat(70 * 1024));
        return;
      case '/big-chunked':
        res.writeHead(200, { 'content-type': 'text/plain', 'transfer-encoding': 'chunked' });
        for (let i = 0; i < 70; i++) res.write('#'.repeat(1024));
        res.end();
        return;
      case '/slow':
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('# still going\n');
        return; // never ends
      default:
        res.writeHead(404).end();
    }
  });
  port = server.port;
  ca = server.ca;
});

afterAll(() => server.close());

async function refusal(url: string, options: SafeFetchOptions): Promise<string> {
  requests = [];
  const err = await safeFetch(url, options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(FetchRefusedError);
  return (err as Error).message;
}

describe('safeFetch: the default policy', () => {
  it('reads a public https resource (the stand-in) with its content type', async () => {
    const r = await safeFetch(`https://public.test:${port}/.well-known/security.txt`, viaPublic());
    expect(r.status).toBe(200);
    expect(r.contentType).toBe('text/plain; charset=utf-8');
    expect(r.body.toString()).toBe('Contact: mailto:a@example.com\n');
    expect(r.redirects).toEqual([]);
  });

  it('refuses loopback, private and link-local addresses named directly, and connects to none', async () => {
    expect(await refusal(`https://127.0.0.1:${port}/.well-known/security.txt`, strict())).toMatch(
      /127\.0\.0\.1 is loopback/,
    );
    expect(await refusal(`https://[::1]:${port}/`, strict())).toMatch(/::1 is loopback/);
    expect(await refusal('https://10.1.2.3/', strict())).toMatch(/private/);
    expect(await refusal('https://192.168.1.1/', strict())).toMatch(/private/);
    expect(await refusal('https://169.254.169.254/', strict())).toMatch(/link-local/);
    expect(await refusal('https://[fe80::1]/', strict())).toMatch(/link-local/);
    expect(await refusal('https://[fd12::1]/', strict())).toMatch(/unique-local/);
    expect(await refusal('https://100.64.0.1/', strict())).toMatch(/CGNAT/);
    expect(await refusal(`https://[::ffff:127.0.0.1]:${port}/`, strict())).toMatch(/loopback/);
    // WHATWG URL parsing turns these spellings of 127.0.0.1 into the dotted form first.
    expect(await refusal(`https://2130706433:${port}/`, strict())).toMatch(/loopback/);
    expect(await refusal(`https://0x7f.1:${port}/`, strict())).toMatch(/loopback/);
    expect(requests).toEqual([]);
  });

  it('refuses DNS names that resolve to refused addresses, judging the connection’s own lookup', async () => {
    for (const [name, pattern] of [
      ['loopback.test', /loopback/],
      ['private.test', /private/],
      ['link-local.test', /link-local/],
      ['v6-loopback.test', /loopback/],
      ['mapped.test', /private/],
      ['mixed.test', /192\.168\.1\.1 is private/],
    ] as const) {
      lookups.length = 0;
      expect(await refusal(`https://${name}:${port}/.well-known/security.txt`, strict())).toMatch(pattern);
      // One lookup: the one the connection itself would use.
      expect(lookups).toEqual([name]);
    }
    expect(requests).toEqual([]);
  });

  it('refuses every redirect to a refused target, after the first hop was allowed', async () => {
    for (const [path, pattern] of [
      ['/to-loopback', /127\.0\.0\.1 is loopback/],
      ['/to-v6-loopback', /::1 is loopback/],
      ['/to-private', /192\.168\.0\.10 is private/],
      ['/to-link-local', /169\.254\.169\.254 is link-local/],
      ['/to-name', /loopback\.test resolves to 127\.0\.0\.1 is loopback/],
      ['/to-http', /only https/],
    ] as const) {
      expect(await refusal(`https://public.test:${port}${path}`, viaPublic())).toMatch(pattern);
      expect(requests).toEqual([path]);
    }
  });

  it('follows an allowed redirect and reports it', async () => {
    const r = await safeFetch(`https://public.test:${port}/relative`, viaPublic());
    expect(r.body.toString()).toMatch(/^Contact:/);
    expect(r.redirects).toEqual([`https://public.test:${port}/.well-known/security.txt`]);
  });

  it('stops after the redirect limit', async () => {
    expect(await refusal(`https://public.test:${port}/loop`, viaPublic())).toMatch(/more than 5 redirects/);
    expect(requests).toHaveLength(6);
  });

  it('refuses plain http and URLs with credentials without connecting', async () => {
    expect(await refusal(`http://public.test:${port}/`, viaPublic())).toMatch(/only https/);
    expect(await refusal(`https://user:pw@public.test:${port}/`, viaPublic())).toMatch(/credentials/);
    expect(await refusal('not a url', viaPublic())).toMatch(/not a URL/);
    expect(requests).toEqual([]);
  });

  it('bounds the body, by Content-Length and while reading', async () => {
    expect(await refusal(`https://public.test:${port}/big`, viaPublic())).toMatch(/larger than 65536 bytes/);
    expect(await refusal(`https://public.test:${port}/big-chunked`, viaPublic())).toMatch(
      /larger than 65536 bytes/,
    );
    const small = await safeFetch(
      `https://public.test:${port}/.well-known/security.txt`,
      viaPublic({ maxBytes: 64 }),
    );
    expect(small.body.length).toBeLessThanOrEqual(64);
  });

  it('bounds the time', async () => {
    expect(await refusal(`https://public.test:${port}/slow`, viaPublic({ timeoutMs: 300 }))).toMatch(
      /timed out/,
    );
  });

  it('reports a name that does not resolve as a DNS error, not a refusal', async () => {
    await expect(safeFetch('https://nowhere.test/', strict())).rejects.toThrow(/ENOTFOUND/);
  });
});
