/**
 * Merge commits in the window and the review trace in each message. A host's "Merge pull request
 * #N" only shows that the change went through a pull request, not that anyone approved it; the
 * message says which kind of trace was found.
 */
import type { Facts } from '../../collectors/types.js';
import { changeHistoryFor } from '../common.js';
import { definitionFor } from '../definitions.js';
import { finding } from '../finding.js';
import { plural, quote } from '../text.js';
import type { Finding, Probe } from '../types.js';

const definition = definitionFor(import.meta.url);

function run(facts: Facts): Finding[] {
  const got = changeHistoryFor(facts, definition);
  if (!got.ok) return got.findings;
  const h = got.value;
  if (h.shallow && h.commits.length < h.window) {
    return [
      finding(definition, {
        outcome: 'unknown',
        message: `Shallow clone: only ${plural(h.commits.length, 'commit')} of the ${h.window}-commit window are here, so merges beyond them are hidden`,
        key: 'shallow',
      }),
    ];
  }
  if (h.merges.length === 0) {
    return [
      finding(definition, {
        outcome: 'not-applicable',
        message: `No merge commits in the last ${plural(h.commits.length, 'commit')}`,
        key: 'none',
      }),
    ];
  }
  const without = h.merges.filter((m) => !m.trace);
  const reviewed = h.merges.filter((m) => m.trace?.proves === 'review').length;
  const viaRequest = h.merges.filter((m) => m.trace?.proves === 'merge-request').length;
  const traces = `${reviewed} name a reviewer; ${viaRequest} name a pull or merge request, which shows the route, not an approval`;
  if (without.length > 0) {
    const first = without[0]!.commit;
    return [
      finding(definition, {
        outcome: 'fail',
        message: `${without.length} of ${plural(h.merges.length, 'merge commit')} carry no review trace (first ${first.sha.slice(0, 12)} ${quote(first.subject, 80)}); ${traces}`,
        key: 'untraced',
      }),
    ];
  }
  return [
    finding(definition, {
      outcome: 'pass',
      message: `All ${plural(h.merges.length, 'merge commit')} carry a review trace: ${traces}`,
      key: 'traced',
      ...(reviewed === 0 ? { confidence: 'low' as const } : {}),
    }),
  ];
}

export const probe: Probe = { definition, run };
