/**
 * `vouch support`: the support statement and machine-readable support dates from vouch.yaml's
 * `support:` section. The configuration gate has already refused an invalid vouch.yaml.
 */

import {
  openEoxDocument,
  renderEndOfLife,
  renderSupportHtml,
  renderSupportMarkdown,
  type SupportManifest,
} from '../formats/support/index.js';
import type { ManifestResult } from '../manifest/load.js';
import { supportNotices } from '../support/notice.js';
import { toSafeJson } from '../util/text.js';

export const SUPPORT_FORMATS = ['markdown', 'html', 'endoflife', 'openeox', 'json'] as const;
export type SupportFormat = (typeof SUPPORT_FORMATS)[number];

export type SupportOutput = { ok: true; text: string } | { ok: false; problem: string };

export function supportOutput(manifest: ManifestResult, format: SupportFormat, today: string): SupportOutput {
  const m = manifest.manifest;
  if (!manifest.found)
    return { ok: false, problem: 'there is no vouch.yaml: run vouch init, then declare support: lines' };
  if (!m?.support)
    return {
      ok: false,
      problem:
        'vouch.yaml has no support section: declare support: lines: with each release line, its securitySupport and endOfLife dates and when each was announced',
    };
  const sm = m as SupportManifest;
  switch (format) {
    case 'markdown':
      return { ok: true, text: renderSupportMarkdown(sm, today) };
    case 'html':
      return { ok: true, text: renderSupportHtml(sm, today) };
    case 'endoflife':
      return { ok: true, text: renderEndOfLife(sm) };
    case 'openeox':
      return { ok: true, text: `${toSafeJson(openEoxDocument(sm, `${today}T00:00:00Z`), 2)}\n` };
    case 'json':
      return {
        ok: true,
        text: `${toSafeJson({ product: sm.product.name, today, support: sm.support, notices: supportNotices(sm.support) }, 2)}\n`,
      };
  }
}
