import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing, launchChromium, serveFolder, watchedPage } from '../helpers/browser.js';

// The browser helper itself: later HTML tests rely on it refusing and reporting outside requests.
describe('headless Chromium helper', () => {
  let browser: Browser;
  let dir: string;
  beforeAll(async () => {
    expect(chromiumMissing()).toBeUndefined();
    browser = await launchChromium();
    dir = mkdtempSync(join(tmpdir(), 'vouch-browser-'));
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves a folder, records requests, refuses any outside it and reports missing files', async () => {
    writeFileSync(
      join(dir, 'index.html'),
      '<!doctype html><title>t</title><link rel="stylesheet" href="https://example.invalid/x.css"><img src="missing.png"><p id="p">&lt;b&gt;text&lt;/b&gt;</p>',
    );
    const server = await serveFolder(dir);
    try {
      const w = await watchedPage(browser, server.url);
      await w.page.goto(server.url);
      expect(await w.page.textContent('#p')).toBe('<b>text</b>');
      expect(await w.page.locator('b').count()).toBe(0);
      expect(w.refused).toEqual(['https://example.invalid/x.css']);
      expect(server.missing).toEqual(['/missing.png']);
    } finally {
      await server.close();
    }
  }, 60_000);
});
