/**
 * The statement as one self-contained HTML page: no script, no external request (a strict
 * Content-Security-Policy says so to the browser: only the page's own style block, by hash),
 * a heat map of principles by verdict, a drill-down per claim that opens without script
 * (details/summary), and a print style that prints every drill-down open for a clean PDF.
 * Every repository or vouch.yaml string is escaped (escapeHtml over oneLine, as the support page).
 */
import { createHash } from 'node:crypto';
import { escapeHtml, oneLine } from '../../util/text.js';
import {
  ASSESSOR_UNNAMED,
  actionText,
  evidenceLine,
  type Statement,
  type StatementClaim,
  type StatementPrinciple,
  VERDICTS,
} from './model.js';

const h = (s: string, max = 600) => escapeHtml(oneLine(s, max));
/** Ids and class names built from catalogue ids ("sscop:1.2.3"): only safe characters survive. */
const anchor = (id: string) => id.replace(/[^A-Za-z0-9_-]/g, '-');

const STYLE = `
:root{--met:#1d6b2a;--partial:#9a6700;--not-met:#a11d1d;--unknown:#57606a;--not-applicable:#8c959f}
body{font-family:system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b;line-height:1.4}
table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}
.meta th{background:#f3f3f3;width:14rem}
.heatmap{display:grid;grid-template-columns:repeat(auto-fill,minmax(9rem,1fr));gap:.4rem;margin:1rem 0}
.tile{display:block;padding:.5rem;border-radius:.3rem;color:#fff;text-decoration:none;min-height:3.5rem}
.tile small{display:block;opacity:.95}
.v-met{background:var(--met)}.v-partial{background:var(--partial)}.v-not-met{background:var(--not-met)}
.v-unknown{background:var(--unknown)}.v-not-applicable{background:var(--not-applicable)}
.badge{display:inline-block;padding:0 .4rem;border-radius:.2rem;color:#fff;font-size:.85em}
details{border:1px solid #ddd;border-radius:.3rem;margin:.3rem 0;padding:.2rem .6rem}
summary{cursor:pointer}
.claim-body dt{font-weight:600;margin-top:.4rem}.claim-body dd{margin-left:1rem}
code{font-size:.85em;word-break:break-all}
.legend span{margin-right:.6rem}
@media print{
 body{margin:0;max-width:none;font-size:10pt}
 .heatmap{grid-template-columns:repeat(6,1fr)}
 .tile,.badge{-webkit-print-color-adjust:exact;print-color-adjust:exact}
 details{break-inside:avoid}
 details::details-content{content-visibility:visible;display:block}
 details>summary{list-style:none}
 a{color:inherit;text-decoration:none}
 section.code{break-before:page}
}
`;

/** The policy for this page: nothing may load, and only the style block with exactly this content applies. */
export function statementCsp(style: string): string {
  const hash = createHash('sha256').update(style, 'utf8').digest('base64');
  return `default-src 'none'; style-src 'sha256-${hash}'; img-src 'none'; base-uri 'none'; form-action 'none'`;
}

const badge = (verdict: string) => `<span class="badge v-${verdict}">${h(verdict)}</span>`;

function claimDetails(r: StatementClaim): string {
  const evidence = r.evidence.map((e) => {
    const l = evidenceLine(e);
    return `<li>${h(l.text, 800)}${l.hash ? `<br><code>${h(l.hash, 200)}</code>` : ''}${l.dates ? `<br><small>${h(l.dates)}</small>` : ''}</li>`;
  });
  const actions = r.actions.map((a) => `<li>${h(actionText(a), 800)}</li>`);
  return `<details class="claim" id="${anchor(r.id)}">
<summary><strong>${h(r.number)}</strong>${r.recommendation ? ' (should)' : ''} ${h(r.title, 300)} ${badge(r.verdict)}</summary>
<dl class="claim-body">
<dt>Verdict</dt><dd>${h(r.verdict)} (basis: ${h(r.basis)})</dd>
<dt>Reason</dt><dd>${h(r.reason, 1200)}</dd>
${r.argument ? `<dt>Argument</dt><dd>${h(r.argument, 1200)}</dd>` : ''}
<dt>Evidence</dt><dd>${evidence.length ? `<ul>${evidence.join('')}</ul>` : 'none'}</dd>
<dt>Open actions</dt><dd>${actions.length ? `<ul>${actions.join('')}</ul>` : 'none'}</dd>
</dl>
</details>`;
}

function tile(p: StatementPrinciple): string {
  const counts = VERDICTS.map((v) => [v, p.claims.filter((c) => c.verdict === v).length] as const)
    .filter(([, n]) => n > 0)
    .map(([v, n]) => `${n} ${v}`)
    .join(', ');
  return `<a class="tile v-${p.verdict}" href="#${anchor(p.id)}" title="${h(p.title)}: ${h(p.verdict)}"><strong>${h(p.number)}</strong> ${h(p.verdict)}<small>${h(counts)}</small></a>`;
}

export function renderStatementHtml(s: Statement): string {
  const p = s.product;
  const title = `Self-assessment: ${p.name}${p.version ? ` ${p.version}` : ''}`;
  const scope = `repository ${s.scope.repository}${s.scope.commit ? ` at commit ${s.scope.commit}` : ''}${s.scope.branch ? ` (branch ${s.scope.branch})` : ''}, ${s.scope.files} files${s.scope.remote ? `, ${s.scope.remote}` : ''}`;
  const meta: [string, string][] = [
    ['Product', `${p.name}${p.version ? ` ${p.version}` : ''}`],
    ['Vendor', `${p.vendor ?? 'not declared'}${p.vendorRole ? ` (${p.vendorRole})` : ''}`],
    ...(p.sro ? [['Senior responsible owner', p.sro] as [string, string]] : []),
    ['Scope', scope],
    ['Assessor', s.assessor ?? ASSESSOR_UNNAMED],
    ['Statement date', s.date],
    ['Assessed', `${s.assessedAt} by vouch ${s.tool.version}, catalogue ${s.tool.catalogueVersion}`],
  ];
  const codes = s.codes.map((c) => {
    const head = `<h2>${h(c.title)}</h2>
<p>Source: <a href="${h(c.sourceUrl)}" rel="noopener noreferrer">${h(c.sourceUrl)}</a></p>
<p>${VERDICTS.map((v) => `${badge(v)} ${c.counts[v] ?? 0}`).join(' ')}</p>`;
    const why = c.applicable ? '' : `<p>Not applicable: ${h(c.reason ?? '', 1200)}</p>`;
    return `<section class="code" id="${anchor(c.id)}">${head}${why}
<nav class="heatmap" aria-label="${h(c.title)} principles by verdict" data-code="${anchor(c.id)}">
${c.principles.map(tile).join('\n')}
</nav>
${c.principles
  .map(
    (pr) => `<section class="principle" id="${anchor(pr.id)}">
<h3>${h(pr.number)} ${h(pr.title)} ${badge(pr.verdict)}</h3>
${pr.claims.map(claimDetails).join('\n')}
</section>`,
  )
  .join('\n')}
</section>`;
  });
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${statementCsp(STYLE)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${h(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${h(title)}</h1>
<table class="meta">
${meta.map(([k, v]) => `<tr><th scope="row">${k}</th><td>${h(v, 800)}</td></tr>`).join('\n')}
</table>
<p class="legend">Verdicts: ${VERDICTS.map(badge).join(' ')}. Basis: observed (a machine saw it), attested (a person vouches for it), none. Open a claim to see its reason, argument, evidence and open actions.</p>
${codes.join('\n')}
<p><small>Generated by vouch ${h(s.tool.version)}. Repository text is shown as text.</small></p>
</body>
</html>
`;
}
