/**
 * The HTML statement in a real headless Chromium: it renders with no request outside its own
 * file and no CSP violation, the heat map shows each principle in its verdict's colour, a
 * drill-down opens without script, printing shows every drill-down, and hostile strings from
 * vouch.yaml and file names are text, never markup. The screenshot is kept in the test's folder.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssessmentReport } from '../../src/assessment/types.js';
import { ensureBuilt, runBin } from '../helpers/bin.js';
import { chromiumMissing, launchChromium, serveFolder, watchedPage } from '../helpers/browser.js';
import {
  assessTo,
  HOSTILE_PRODUCT,
  HOSTILE_WORKFLOW,
  hostileRepo,
  reportPath,
} from '../helpers/statement-fixture.js';

/** The one browser global the test reads (the project's types have no DOM library). */
type Dom = { getComputedStyle(e: unknown): { backgroundColor: string } };

describe('HTML statement in headless Chromium', () => {
  let browser: Browser;
  let root: string;
  let dir: string;
  let report: AssessmentReport;
  beforeAll(async () => {
    expect(chromiumMissing()).toBeUndefined();
    ensureBuilt();
    root = hostileRepo();
    dir = mkdtempSync(join(tmpdir(), 'vouch-statement-html-'));
    report = assessTo(root, reportPath(dir));
    const r = runBin([
      'statement',
      '--report',
      reportPath(dir),
      '--format',
      'html',
      '--output',
      join(dir, 'index.html'),
    ]);
    expect(r.code, r.err).toBe(0);
    browser = await launchChromium();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    rmSync(root, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  });

  it('renders with no outside request and no CSP error; heat map and one drill-down work without script', async () => {
    const server = await serveFolder(dir);
    try {
      const w = await watchedPage(browser, server.url);
      await w.page.goto(server.url);
      expect(w.refused).toEqual([]);
      expect(w.errors).toEqual([]);
      expect(server.missing.filter((p) => p !== '/favicon.ico')).toEqual([]);

      // The heat map: one tile per principle, in its verdict's class and colour.
      const sscop = report.codes.find((c) => c.id === 'sscop')!;
      const tiles = w.page.locator('nav.heatmap[data-code="sscop"] a.tile');
      expect(await tiles.count()).toBe(sscop.principles.length);
      const colours = new Map<string, string>();
      for (const [i, p] of sscop.principles.entries()) {
        const tile = tiles.nth(i);
        expect(await tile.isVisible()).toBe(true);
        expect(await tile.getAttribute('class')).toBe(`tile v-${p.verdict}`);
        expect(await tile.getAttribute('href')).toBe(`#${p.id.replace(/[^A-Za-z0-9_-]/g, '-')}`);
        colours.set(
          p.verdict,
          await tile.evaluate((e) => (globalThis as unknown as Dom).getComputedStyle(e).backgroundColor),
        );
      }
      // Distinct verdicts look distinct (the style block applied under the CSP).
      expect(new Set(colours.values()).size).toBe(colours.size);
      expect(colours.size).toBeGreaterThan(1);

      // One drill-down: closed, its body hidden; a click on its summary opens it.
      const claim = sscop.principles.flatMap((p) => p.requirements).find((r) => r.evidence.length > 0)!;
      const details = w.page.locator(`details#${claim.id.replace(/[^A-Za-z0-9_-]/g, '-')}`);
      const body = details.locator('dl.claim-body');
      expect(await body.isVisible()).toBe(false);
      await details.locator('summary').click();
      expect(await details.getAttribute('open')).not.toBeNull();
      expect(await body.isVisible()).toBe(true);
      expect(await body.textContent()).toContain(claim.reason.slice(0, 40));
      const shot = join(dir, 'statement.png');
      await w.page.screenshot({ path: shot, fullPage: false });
      expect(statSync(shot).size).toBeGreaterThan(10_000);

      // Printing shows every drill-down's body, open or not.
      await w.page.emulateMedia({ media: 'print' });
      const closed = w.page.locator('details:not([open]) dl.claim-body').first();
      expect(await closed.isVisible()).toBe(true);
    } finally {
      await server.close();
    }
  }, 120_000);

  it('shows hostile strings from vouch.yaml and file names as text, never as markup', async () => {
    const server = await serveFolder(dir);
    try {
      const w = await watchedPage(browser, server.url);
      await w.page.goto(server.url);
      expect(
        await w.page.evaluate(() => (globalThis as unknown as { pwned?: number }).pwned),
      ).toBeUndefined();
      expect(await w.page.locator('script').count()).toBe(0);
      expect(await w.page.locator('img').count()).toBe(0);
      expect(await w.page.locator('h1').textContent()).toBe(`Self-assessment: ${HOSTILE_PRODUCT} 1.2.3`);
      const text = (await w.page.locator('body').textContent()) ?? '';
      // The bidi override is shown as a visible escape, never as the control itself.
      expect(text).not.toContain('\u202E');
      expect(text).toContain('Evil \\u202Egnp.exe Ltd <img src=x onerror="window.pwned=2">');
      // The hostile workflow file name reaches the page (as a finding's location) as text.
      expect(text).toContain(HOSTILE_WORKFLOW.replace('\u202E', '\\u202E'));
      expect(w.refused).toEqual([]);
      expect(w.errors).toEqual([]);
    } finally {
      await server.close();
    }
  }, 120_000);

  it('names no outside resource and carries a policy that allows only its own style block', () => {
    // Guards against a future stylesheet link or font: the only URLs are the Codes' source links.
    const html = runBin(['statement', '--report', reportPath(dir), '--format', 'html']).out;
    expect(html).not.toMatch(/<(link|script|img|iframe|object|embed)\b/i);
    expect(html).toMatch(
      /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'sha256-/,
    );
  });
});
