/**
 * `vouch publish` end to end: the built bin writes the trust-page folder, then Debian's Chromium
 * opens it from a plain file server. The page must render, every link must resolve inside the
 * folder, nothing may be fetched from elsewhere, and hostile strings from vouch.yaml and the
 * repository must show as text, never as markup or script. A screenshot is kept in
 * test-artifacts/ (git-ignored).
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { SaxesParser } from 'saxes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, repoRoot, runBin } from '../helpers/bin.js';
import { launchChromium, serveFolder, watchedPage } from '../helpers/browser.js';
import { makeRepo } from '../helpers/repo.js';

/** The one browser global these tests call, typed here: the test project has no DOM library. */
interface Dom {
  getComputedStyle(e: unknown): { backgroundColor: string };
}

const SCRIPT = `<script>document.title='pwned'</script>`;
const IMG = `<img src=x onerror="document.title='pwned'">`;
const MANIFEST = `schemaVersion: 1
product:
  name: "Widget ${SCRIPT.replace(/"/g, '\\"')}"
  version: "2.1.0"
  description: "Makes widgets \\u202E safely"
vendor:
  name: "Acme ${IMG.replace(/"/g, '\\"')}"
  url: https://acme.example
  securityContact: security@acme.example
vendorRole: developer-and-distributor
advisories:
  idPrefix: ACME-SA
support:
  policy: https://acme.example/updates
  lines:
    - line: "2.x"
      released: "2026-03-01"
      securitySupport: { date: "2028-03-31", announced: "2026-03-01" }
      endOfLife: { date: tba }
incidents:
  plan: https://acme.example/incident-support
  records:
    - id: INC-2026-01
      title: "Build server ${SCRIPT.replace(/"/g, '\\"')}"
      detected: "2026-05-01"
      severity: high
      affected: ["widget 2.0 to 2.1.3"]
      customerActions: "Upgrade to 2.1.4 ${IMG.replace(/"/g, '\\"')}"
      notices: [{ date: "2026-05-02", channel: email }]
`;

/** A draft for `vouch advisory new`, whose title is repository content like any other. */
function draft(title: string): string {
  return `title: ${JSON.stringify(title)}
summary: Found in review.
vulnerabilities:
  - cve: CVE-2026-12345
    description: A length is not checked.
    cvss: CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H
    affected: [2.1.0]
    fixed: [2.1.1]
`;
}

const roots: string[] = [];
let browser: Browser;
beforeAll(async () => {
  ensureBuilt();
  browser = await launchChromium();
}, 300_000);
afterAll(async () => {
  await browser?.close();
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

function fixture(): { root: string; out: string } {
  const root = makeRepo(
    {
      'vouch.yaml': MANIFEST,
      'package.json': JSON.stringify({
        name: 'widget',
        version: '2.1.0',
        dependencies: { 'left-pad': '1.3.0' },
      }),
      'package-lock.json': JSON.stringify({
        name: 'widget',
        version: '2.1.0',
        lockfileVersion: 3,
        packages: {
          '': { name: 'widget', version: '2.1.0', dependencies: { 'left-pad': '1.3.0' } },
          'node_modules/left-pad': {
            version: '1.3.0',
            resolved: 'https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz',
          },
        },
      }),
      'drafts/one.yaml': draft(`Overflow ${SCRIPT}`),
      'drafts/two.yaml': draft(`Leak ${IMG}`),
      'advisories/broken.json': '{ not json',
      'advisories/minimal.json': JSON.stringify({
        document: {
          title: 'Not CSAF',
          tracking: { id: 'X-1', current_release_date: '2026-01-01T00:00:00Z' },
        },
      }),
      [`src/${'<b>bold</b>'}.js`]: 'module.exports = 1;\n',
    },
    { commit: true },
  );
  roots.push(root);
  const out = join(root, '..', `${root.split('/').pop()}-site`);
  roots.push(out);
  return { root, out };
}

describe('vouch publish', () => {
  it('writes the trust page; Chromium renders it with every link inside the folder and hostile strings as text', async () => {
    const { root, out } = fixture();
    for (const [name, now] of [
      ['one', '2026-05-01T10:00:00Z'],
      ['two', '2026-06-01T10:00:00Z'],
    ] as const) {
      const made = runBin([
        'advisory',
        'new',
        join(root, 'drafts', `${name}.yaml`),
        '-C',
        root,
        '--now',
        now,
      ]);
      expect(made.code, made.err).toBe(0);
    }
    const r = runBin([
      'publish',
      root,
      '--output',
      out,
      '--today',
      '2026-12-01',
      '--base-url',
      'https://trust.acme.example/',
    ]);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('advisories/broken.json: not read');
    expect(r.err).toContain('advisories/minimal.json: not a valid CSAF 2.0 advisory');
    const files = r.out.trim().split('\n');
    for (const f of [
      'index.html',
      'style.css',
      'assessment.json',
      'advisories.atom',
      'advisories/acme-sa-2026-0001.json',
      'advisories/acme-sa-2026-0002.json',
      '.well-known/security.txt',
      'sbom.cdx.json',
      'sbom.spdx.json',
      'support.html',
      'support-openeox.json',
      'incidents.html',
      'incidents.atom',
    ])
      expect(files).toContain(f);
    // Advisories are copied byte for byte.
    expect(readFileSync(join(out, 'advisories/acme-sa-2026-0001.json'), 'utf8')).toBe(
      readFileSync(join(root, 'advisories/acme-sa-2026-0001.json'), 'utf8'),
    );
    expect(files).not.toContain('advisories/x-1.json');
    // security.txt passes vouch's own RFC 9116 check on that day, with its Canonical address.
    const txt = readFileSync(join(out, '.well-known/security.txt'), 'utf8');
    expect(txt).toContain('Contact: mailto:security@acme.example');
    expect(txt).toContain('Canonical: https://trust.acme.example/.well-known/security.txt');
    const check = runBin([
      'securitytxt',
      'check',
      join(out, '.well-known/security.txt'),
      '--now',
      '2026-12-01',
    ]);
    expect(check.code, check.out + check.err).toBe(0);
    // The feed is well-formed XML, newest first, hostile titles escaped.
    const feed = readFileSync(join(out, 'advisories.atom'), 'utf8');
    const titles: string[] = [];
    let inTitle = false;
    const sax = new SaxesParser({ xmlns: true });
    sax.on('opentag', (t) => {
      inTitle = t.local === 'title';
    });
    sax.on('text', (t) => {
      if (inTitle) titles.push(t);
    });
    sax.on('closetag', () => {
      inTitle = false;
    });
    sax.write(feed).close();
    expect(titles.slice(1)).toEqual([
      `ACME-SA-2026-0002: Leak ${IMG}`,
      `ACME-SA-2026-0001: Overflow ${SCRIPT}`,
    ]);
    expect(feed).toContain('href="https://trust.acme.example/advisories/acme-sa-2026-0001.json"');

    const server = await serveFolder(out);
    try {
      const w = await watchedPage(browser, server.url);
      await w.page.goto(`${server.url}index.html`);
      expect(await w.page.title()).toBe(`Security and conformance: Widget ${SCRIPT} 2.1.0`);
      expect(await w.page.textContent('#product')).toBe(`Widget ${SCRIPT} 2.1.0`);
      expect(await w.page.textContent('header')).toContain(`Acme ${IMG}`);
      expect(await w.page.textContent('#advisories')).toContain(`Leak ${IMG}`);
      // No markup came through: no script or img elements at all, and nothing ran.
      expect(await w.page.locator('script, img, iframe, object').count()).toBe(0);
      // The styles from style.css applied: the CSP allowed them.
      const bg = await w.page
        .locator('#conformance td[class^="v-"]')
        .first()
        .evaluate((e) => (globalThis as unknown as Dom).getComputedStyle(e).backgroundColor);
      expect(bg).not.toBe('rgba(0, 0, 0, 0)');
      // A drill-down opens without script.
      const details = w.page.locator('#conformance details').first();
      expect(await details.getAttribute('open')).toBeNull();
      await details.locator('summary').click();
      expect(await details.getAttribute('open')).toBe('');
      expect(await details.locator('li').first().isVisible()).toBe(true);
      mkdirSync(join(repoRoot, 'test-artifacts'), { recursive: true });
      await w.page.screenshot({ path: join(repoRoot, 'test-artifacts', 'trust-page.png'), fullPage: true });

      // Every link on the page either leaves for an https or mailto address written by the vendor,
      // or resolves to a file in the folder.
      const hrefs = await w.page
        .locator('a[href]')
        .evaluateAll((as) => as.map((a) => (a as unknown as { href: string }).href));
      const inside = hrefs.filter((h) => h.startsWith(server.url));
      const outside = hrefs.filter((h) => !h.startsWith(server.url));
      // Outside addresses: the vendor's site and mail address, and the codes' sources on gov.uk.
      for (const h of outside)
        expect(h).toMatch(
          /^(https:\/\/acme\.example\/$|https:\/\/www\.gov\.uk\/|mailto:security@acme\.example$)/,
        );
      expect(inside.length).toBeGreaterThanOrEqual(8);
      for (const h of inside) {
        const resp = await w.page.request.get(h);
        expect(resp.status(), h).toBe(200);
      }
      // The incident notices page: linked from the index, hostile strings as text, its links inside too.
      await w.page.goto(`${server.url}incidents.html`);
      expect(await w.page.textContent('article h2')).toBe(`INC-2026-01: Build server ${SCRIPT}`);
      expect(await w.page.textContent('article')).toContain(`Upgrade to 2.1.4 ${IMG}`);
      expect(await w.page.locator('script, img, iframe, object').count()).toBe(0);
      const incidentLinks = await w.page
        .locator('a[href]')
        .evaluateAll((as) => as.map((a) => (a as unknown as { href: string }).href));
      for (const h of incidentLinks.filter((l) => l.startsWith(server.url)))
        expect((await w.page.request.get(h)).status(), h).toBe(200);
      expect(server.missing).toEqual([]);
      expect(w.refused).toEqual([]);
      expect(w.errors).toEqual([]);
      expect(await w.page.title()).not.toBe('pwned');
    } finally {
      await server.close();
    }
  }, 240_000);

  it('refuses a folder it did not write, and replaces one it did', () => {
    const { root, out } = fixture();
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'keep.txt'), 'mine');
    const refused = runBin(['publish', root, '--output', out, '--today', '2026-12-01']);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('not empty and was not written by vouch publish');
    expect(readFileSync(join(out, 'keep.txt'), 'utf8')).toBe('mine');
    rmSync(out, { recursive: true });
    expect(runBin(['publish', root, '--output', out, '--today', '2026-12-01']).code).toBe(0);
    writeFileSync(join(out, 'stale.html'), 'old');
    const again = runBin(['publish', root, '--output', out, '--today', '2026-12-01']);
    expect(again.code, again.err).toBe(0);
    expect(readdirSync(out)).not.toContain('stale.html');
  }, 240_000);
});
