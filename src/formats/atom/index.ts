/**
 * Atom 1.0 feeds (RFC 4287) for what customers follow: advisories and incident notices. Every
 * text is one line, escaped; ids are URNs built from the product and entry ids, percent-encoded.
 */
import { escapeHtml, oneLine } from '../../util/text.js';

export interface FeedEntry {
  id: string;
  title: string;
  /** RFC 3339 date-time. */
  updated: string;
  summary?: string;
  /** Where the entry's document is: relative to the feed, or absolute. */
  href?: string;
  type?: string;
}

export interface Feed {
  /** URN kind, e.g. "advisories"; entry ids become urn:vouch:<kind>:<product>/<id>. */
  kind: string;
  product: string;
  title: string;
  author: string;
  /** Used when there are no entries. */
  updated: string;
  /** The HTML page the feed belongs to. */
  pageHref: string;
  entries: FeedEntry[];
  /** https://... where the feed is served: makes links absolute. */
  baseUrl?: string;
}

const x = (s: string, max = 500) => escapeHtml(oneLine(s, max));
const urn = (kind: string, id: string) => `urn:vouch:${encodeURIComponent(kind)}:${encodeURIComponent(id)}`;

/** The feed, newest entry first. */
export function renderAtomFeed(feed: Feed): string {
  const base = feed.baseUrl ? feed.baseUrl.replace(/\/?$/, '/') : undefined;
  const href = (path: string) => (base ? new URL(path, base).href : path);
  const entries = [...feed.entries].sort((a, b) =>
    a.updated < b.updated ? 1 : a.updated > b.updated ? -1 : 0,
  );
  const body = entries
    .map((e) =>
      [
        '<entry>',
        `<id>${x(urn(feed.kind, `${feed.product}/${e.id}`), 2000)}</id>`,
        `<title>${x(e.title)}</title>`,
        `<updated>${x(e.updated)}</updated>`,
        ...(e.summary ? [`<summary>${x(e.summary, 2000)}</summary>`] : []),
        ...(e.href
          ? [`<link rel="alternate"${e.type ? ` type="${x(e.type)}"` : ''} href="${x(href(e.href), 2000)}"/>`]
          : []),
        '</entry>',
      ].join('\n'),
    )
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<id>${x(urn(feed.kind, feed.product), 2000)}</id>
<title>${x(feed.title)}</title>
<updated>${x(entries[0]?.updated ?? feed.updated)}</updated>
<author><name>${x(feed.author)}</name></author>
<link rel="alternate" type="text/html" href="${x(href(feed.pageHref), 2000)}"/>
${body}
</feed>
`;
}
