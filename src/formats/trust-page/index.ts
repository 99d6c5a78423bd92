/**
 * The trust page: a static folder a vendor serves from any file server, for customers and
 * procurement. index.html summarises conformance and links every published document (support
 * statement, advisories and their Atom feed, security.txt, SBOMs, the assessment as JSON).
 *
 * Every string from vouch.yaml or the repository is escaped; there is no script at all, and a
 * Content-Security-Policy tells the browser so (styles come from style.css in the same folder).
 */
import type { AssessmentReport, Verdict } from '../../assessment/types.js';
import { escapeHtml, oneLine } from '../../util/text.js';
import { renderAtomFeed } from '../atom/index.js';

export interface TrustPageAdvisory {
  /** Path inside the published folder, e.g. advisories/acme-2026-001.json. */
  href: string;
  id: string;
  title: string;
  /** RFC 3339 date-time of the current release. */
  released: string;
}

export interface TrustPageLink {
  href: string;
  label: string;
  note?: string;
}

export interface TrustPageInput {
  product: { name: string; version?: string; description?: string; url?: string };
  vendor: { name: string; url?: string; securityContact?: string };
  /** YYYY-MM-DD: the day the page is as of. */
  today: string;
  toolVersion: string;
  report: AssessmentReport;
  /** Where the assessment JSON is, inside the folder. */
  reportHref: string;
  securityTxtHref?: string;
  support: TrustPageLink[];
  sboms: TrustPageLink[];
  advisories: TrustPageAdvisory[];
  feedHref: string;
  /** The incident notices page, when vouch.yaml has an incidents section. */
  incidentsHref?: string;
  /** https://... where the folder is served; makes the feed's links absolute. */
  baseUrl?: string;
}

export const TRUST_PAGE_CSP =
  "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'";

const VERDICT_LABEL: Record<Verdict, string> = {
  met: 'met',
  partial: 'partly met',
  'not-met': 'not met',
  unknown: 'unknown',
  'not-applicable': 'not applicable',
};
const VERDICTS = Object.keys(VERDICT_LABEL) as Verdict[];

const h = (s: string, max = 500) => escapeHtml(oneLine(s, max));

/** A link only to a web page or mail address; anything else is shown as text. */
function externalLink(value: string): string {
  const v = value.trim();
  if (/^https:\/\/[^\s]+$/i.test(v)) return `<a href="${h(v)}" rel="noopener noreferrer">${h(v)}</a>`;
  if (/^mailto:[^\s]+$/i.test(v)) return `<a href="${h(v)}">${h(v.slice('mailto:'.length))}</a>`;
  if (/^[^\s@<>"']+@[^\s@<>"']+\.[^\s@<>"']+$/.test(v)) return `<a href="mailto:${h(v)}">${h(v)}</a>`;
  return h(v);
}

const internalLink = (l: TrustPageLink) =>
  `<li><a href="${h(l.href)}">${h(l.label)}</a>${l.note ? ` <span class="note">${h(l.note)}</span>` : ''}</li>`;

function conformance(report: AssessmentReport): string {
  const out: string[] = [];
  for (const code of report.codes) {
    out.push(`<section class="code"><h3>${h(code.title)}</h3>`);
    if (!code.applicable) {
      out.push(`<p>Not applicable${code.reason ? `: ${h(code.reason)}` : ''}.</p></section>`);
      continue;
    }
    const counts = VERDICTS.filter((v) => code.counts[v] > 0)
      .map((v) => `<span class="v-${v}">${code.counts[v]} ${VERDICT_LABEL[v]}</span>`)
      .join(', ');
    out.push(`<p>${counts}. <a href="${h(code.sourceUrl)}" rel="noopener noreferrer">The code</a>.</p>`);
    out.push(
      '<table class="principles"><thead><tr><th scope="col">Principle</th><th scope="col">Verdict</th>',
    );
    out.push('<th scope="col">Requirements</th></tr></thead><tbody>');
    for (const p of code.principles) {
      const tally = VERDICTS.map((v) => [v, p.requirements.filter((r) => r.verdict === v).length] as const)
        .filter(([, n]) => n > 0)
        .map(([v, n]) => `${n} ${VERDICT_LABEL[v]}`)
        .join(', ');
      out.push(
        `<tr><th scope="row">${h(p.number)} ${h(p.title)}</th><td class="v-${p.verdict}">${VERDICT_LABEL[p.verdict]}</td><td>${h(tally)}</td></tr>`,
      );
    }
    out.push('</tbody></table>');
    for (const p of code.principles) {
      out.push(`<details><summary>${h(p.number)} ${h(p.title)}: ${VERDICT_LABEL[p.verdict]}</summary><ul>`);
      for (const r of p.requirements) {
        out.push(
          `<li><span class="v-${r.verdict}">${VERDICT_LABEL[r.verdict]}</span> <strong>${h(r.number)}</strong> ${h(r.title)}<br><span class="note">${h(r.basis)}: ${h(r.reason, 800)}</span></li>`,
        );
      }
      out.push('</ul></details>');
    }
    out.push('</section>');
  }
  return out.join('\n');
}

function advisoriesSection(input: TrustPageInput): string {
  if (input.advisories.length === 0) return '<p>No security advisories have been published.</p>';
  const rows = [...input.advisories]
    .sort((a, b) => (a.released < b.released ? 1 : a.released > b.released ? -1 : 0))
    .map(
      (a) =>
        `<tr><td><a href="${h(a.href)}">${h(a.id, 200)}</a></td><td>${h(a.title)}</td><td>${h(a.released.slice(0, 10))}</td></tr>`,
    )
    .join('\n');
  return `<table><thead><tr><th scope="col">Advisory (CSAF 2.0)</th><th scope="col">Title</th><th scope="col">Released</th></tr></thead><tbody>
${rows}
</tbody></table>`;
}

export function renderTrustPage(input: TrustPageInput): string {
  const { product, vendor, report } = input;
  const name = `${product.name}${product.version ? ` ${product.version}` : ''}`;
  const contact = vendor.securityContact
    ? `<p>Report a vulnerability: ${externalLink(vendor.securityContact)}${input.securityTxtHref ? ` (also in <a href="${h(input.securityTxtHref)}">security.txt</a>)` : ''}.</p>`
    : input.securityTxtHref
      ? `<p>How to report a vulnerability: <a href="${h(input.securityTxtHref)}">security.txt</a>.</p>`
      : '<p>No security contact is declared.</p>';
  const commit = report.repository.head
    ? ` at commit <code>${h(report.repository.head.slice(0, 12))}</code>`
    : '';
  return pageShell(
    `Security and conformance: ${name}`,
    `<link rel="alternate" type="application/atom+xml" title="Security advisories" href="${h(input.feedHref)}">`,
    `<header>
<h1 id="product">${h(name)}</h1>
<p>Security and conformance information from ${vendor.url ? `<a href="${h(vendor.url)}" rel="noopener noreferrer">${h(vendor.name)}</a>` : h(vendor.name)}, as of ${h(input.today)}.</p>
${product.description ? `<p>${h(product.description, 1000)}</p>` : ''}
</header>
<main>
<section id="report"><h2>Reporting a vulnerability</h2>
${contact}
</section>
<section id="conformance"><h2>Conformance with the UK codes of practice</h2>
<p>Self-assessed with vouch ${h(input.toolVersion)} on ${h(report.generatedAt.slice(0, 10))}${commit}. A requirement is met only where evidence was observed or a named person attested it; unknown means nobody could tell yet. The full assessment is in <a href="${h(input.reportHref)}">machine-readable form</a>.</p>
${conformance(report)}
</section>
<section id="support"><h2>Support and end of life</h2>
${input.support.length ? `<ul>${input.support.map(internalLink).join('')}</ul>` : '<p>No support statement is declared.</p>'}
</section>
<section id="advisories"><h2>Security advisories</h2>
${advisoriesSection(input)}
<p><a href="${h(input.feedHref)}">Atom feed of advisories</a></p>
</section>
<section id="incidents"><h2>Notable incidents</h2>
${input.incidentsHref ? `<p><a href="${h(input.incidentsHref)}">Incident notices</a>, with how customers are supported during an incident.</p>` : '<p>No incident notices are published.</p>'}
</section>
<section id="sbom"><h2>Software bill of materials</h2>
${input.sboms.length ? `<ul>${input.sboms.map(internalLink).join('')}</ul>` : '<p>No SBOM was generated.</p>'}
</section>
</main>
<footer><p>Generated by vouch ${h(input.toolVersion)}. Every file here is static; nothing on this page runs code.</p></footer>`,
  );
}

/**
 * A page of the trust folder: no script, styles from style.css only, as the policy says. `title`
 * is plain text (escaped here); `head` and `body` are markup the caller has escaped.
 */
export function pageShell(title: string, head: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${TRUST_PAGE_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${h(title)}</title>
<link rel="stylesheet" href="style.css">
${head}
</head>
<body>
${body}
</body>
</html>
`;
}

export const TRUST_PAGE_CSS = `body{font-family:system-ui,sans-serif;max-width:64rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b;line-height:1.45}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #bbb;padding:.35rem .5rem;text-align:left;vertical-align:top}
thead th{background:#eee}details{margin:.3rem 0}summary{cursor:pointer;font-weight:600}
.note{color:#555;font-size:.9em}
.v-met{background:#d8f0d8}.v-partial{background:#fff1c2}.v-not-met{background:#f7d4d4}.v-unknown{background:#e6e6e6}.v-not-applicable{background:#f4f4f4;color:#666}
span[class^="v-"]{padding:0 .3rem;border-radius:.2rem}
@media print{body{margin:0;max-width:none}details{display:block}a{color:inherit}}
`;

/** An Atom 1.0 feed of the advisories, newest first. */
export function renderAdvisoryFeed(input: TrustPageInput): string {
  return renderAtomFeed({
    kind: 'advisory',
    product: input.product.name,
    title: `Security advisories: ${input.product.name}`,
    author: input.vendor.name,
    updated: `${input.today}T00:00:00Z`,
    pageHref: 'index.html',
    entries: input.advisories.map((a) => ({
      id: a.id,
      title: `${a.id}: ${a.title}`,
      updated: a.released,
      href: a.href,
      type: 'application/json',
    })),
    ...(input.baseUrl ? { baseUrl: input.baseUrl } : {}),
  });
}
