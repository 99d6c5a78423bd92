/**
 * A real headless browser for the tests of vouch's HTML outputs (the trust page, the HTML
 * statement, the support statement): Debian's Chromium driven by playwright-core, which never
 * downloads a browser of its own. scripts/ensure-chromium.sh installs the package; `npm run check`
 * runs it first. Every request the page makes is recorded, and any request that leaves the
 * folder being served is refused, so a test can assert that a page needs nothing from outside.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

export const CHROMIUM = process.env.VOUCH_CHROMIUM ?? '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

/** Why the browser cannot run here, or undefined when it can. Tests fail with this reason. */
export function chromiumMissing(): string | undefined {
  return existsSync(CHROMIUM)
    ? undefined
    : `${CHROMIUM} is missing: run scripts/ensure-chromium.sh (npm run check does) or set VOUCH_CHROMIUM`;
}

export async function launchChromium(): Promise<Browser> {
  const missing = chromiumMissing();
  if (missing) throw new Error(missing);
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.md': 'text/markdown; charset=utf-8',
};

/** A plain static file server for one folder on 127.0.0.1 (any file server must do). */
export interface FolderServer {
  url: string;
  /** Paths asked for that did not exist in the folder (a broken link shows up here). */
  missing: string[];
  close(): Promise<void>;
}

export async function serveFolder(folder: string): Promise<FolderServer> {
  const root = resolve(folder);
  const missing: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let file = normalize(join(root, path));
    if (file !== root && !file.startsWith(root + sep)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) {
      missing.push(path);
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    missing,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

/** A page whose requests are recorded; requests outside `allowedPrefix` are aborted and listed. */
export interface WatchedPage {
  page: Page;
  /** Every URL the page asked for. */
  requests: string[];
  /** URLs refused because they left the allowed prefix (a network request the page should not make). */
  refused: string[];
  /** Console errors and uncaught page errors (a CSP violation shows up here). */
  errors: string[];
}

export async function watchedPage(
  browser: Browser,
  allowedPrefix: string,
  viewport = { width: 1200, height: 900 },
): Promise<WatchedPage> {
  const page = await browser.newPage({ viewport });
  const watched: WatchedPage = { page, requests: [], refused: [], errors: [] };
  await page.route('**/*', (route) => {
    const url = route.request().url();
    watched.requests.push(url);
    if (url.startsWith(allowedPrefix) || url.startsWith('data:') || url === 'about:blank') {
      return route.continue();
    }
    watched.refused.push(url);
    return route.abort();
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error') watched.errors.push(msg.text());
  });
  page.on('pageerror', (err) => watched.errors.push(String(err)));
  return watched;
}
