/**
 * Incident notices for customers (SSCoP 4.3): a page of the trust folder listing each notable
 * incident vouch.yaml records (affected products and versions, what customers should do, when
 * each notice went out, the report afterwards) and an Atom feed of the same, newest first.
 */
import type { IncidentsSection } from '../../manifest/schema.js';
import { escapeHtml, oneLine } from '../../util/text.js';
import { renderAtomFeed } from '../atom/index.js';
import { pageShell } from '../trust-page/index.js';

export interface IncidentPageInput {
  product: string;
  vendor: string;
  today: string;
  incidents: IncidentsSection;
  feedHref: string;
  baseUrl?: string;
}

const h = (s: string, max = 500) => escapeHtml(oneLine(s, max));
/** An instant as RFC 3339 (a bare date is that day at 00:00 UTC). */
const rfc3339 = (v: string) => (/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : v);
/** Only https addresses become links; anything else (a repository path) is shown as text. */
const maybeLink = (v: string) =>
  /^https:\/\/\S+$/i.test(v) ? `<a href="${h(v)}" rel="noopener noreferrer">${h(v)}</a>` : h(v);

/** The latest moment an incident changed: its last notice, resolution or detection. */
function lastChange(i: IncidentsSection['records'][number]): string {
  return [i.detected, i.resolved, ...i.notices.map((n) => n.date)]
    .filter((v): v is string => v !== undefined)
    .map(rfc3339)
    .sort((a, b) => Date.parse(b) - Date.parse(a))[0]!;
}

export function renderIncidentsHtml(input: IncidentPageInput): string {
  const { incidents } = input;
  const records = [...incidents.records].sort(
    (a, b) => Date.parse(rfc3339(b.detected)) - Date.parse(rfc3339(a.detected)),
  );
  const body = records.length
    ? records
        .map(
          (i) => `<article id="${h(i.id)}">
<h2>${h(i.id)}: ${h(i.title)}</h2>
<p><strong>Severity:</strong> ${h(i.severity)}. <strong>Detected:</strong> ${h(i.detected)}${i.resolved ? `. <strong>Resolved:</strong> ${h(i.resolved)}` : ''}.</p>
<p><strong>Affected:</strong> ${i.affected.map((a) => h(a)).join('; ')}</p>
${i.summary ? `<p>${h(i.summary, 4000)}</p>` : ''}
${i.customerActions ? `<p><strong>What to do:</strong> ${h(i.customerActions, 4000)}</p>` : ''}
<p><strong>Notices:</strong> ${i.notices.length ? i.notices.map((n) => `${h(n.date)}${n.channel ? ` (${h(n.channel)})` : ''}${n.url ? `: ${maybeLink(n.url)}` : ''}`).join('; ') : 'none yet'}</p>
${i.report ? `<p><strong>Post-incident report:</strong> ${maybeLink(i.report)}</p>` : ''}
</article>`,
        )
        .join('\n')
    : '<p>No notable incidents are recorded.</p>';
  return pageShell(
    `Incident notices: ${input.product}`,
    `<link rel="alternate" type="application/atom+xml" title="Incident notices" href="${h(input.feedHref)}">`,
    `<header><h1>Incident notices: ${h(input.product)}</h1>
<p>Notable incidents that could affect customers of ${h(input.product)}, from ${h(input.vendor)}, as of ${h(input.today)}. Customers are told within ${incidents.noticeWithinDays} days of detection.${incidents.plan ? ` How customers are supported during an incident: ${maybeLink(incidents.plan)}.` : ''}</p>
<p><a href="index.html">Back to the trust page</a> · <a href="${h(input.feedHref)}">Atom feed</a></p></header>
<main>
${body}
</main>`,
  );
}

export function renderIncidentFeed(input: IncidentPageInput): string {
  return renderAtomFeed({
    kind: 'incident',
    product: input.product,
    title: `Incident notices: ${input.product}`,
    author: input.vendor,
    updated: `${input.today}T00:00:00Z`,
    pageHref: 'incidents.html',
    entries: input.incidents.records.map((i) => ({
      id: i.id,
      title: `${i.id} (${i.severity}): ${i.title}`,
      updated: lastChange(i),
      summary: [
        `Affected: ${i.affected.join('; ')}.`,
        i.customerActions ? `What to do: ${i.customerActions}` : '',
      ]
        .filter(Boolean)
        .join(' '),
      href: `incidents.html#${encodeURIComponent(i.id)}`,
      type: 'text/html',
    })),
    ...(input.baseUrl ? { baseUrl: input.baseUrl } : {}),
  });
}
