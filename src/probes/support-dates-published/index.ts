/** SSCoP 4.1.1: an end date for every release line still supported, and where it is published. */
import { lineState } from '../../support/notice.js';
import { declaredSupport } from '../common.js';
import { definitionFor } from '../definitions.js';
import { finding } from '../finding.js';
import { oneLine } from '../text.js';
import type { Finding, Probe } from '../types.js';

const definition = definitionFor(import.meta.url);

const concrete = (end: { date: string } | undefined) => end !== undefined && end.date !== 'tba';

export const probe: Probe = {
  definition,
  run(facts) {
    const declared = declaredSupport(
      facts,
      definition,
      'Whether end-of-support dates are published',
      'sscop:4.1.1',
    );
    if (!declared.ok) return declared.findings;
    const { support } = declared;
    const out: Finding[] = [];
    support.lines.forEach((line, i) => {
      if (lineState(line, facts.run.today) === 'ended') return;
      if (concrete(line.securitySupport) || concrete(line.endOfLife)) return;
      const tba = line.securitySupport?.date === 'tba' || line.endOfLife?.date === 'tba';
      out.push(
        finding(definition, {
          outcome: 'fail',
          // "To be announced" is a stated position, weaker than silence: it caps the claim at partial.
          ...(tba ? { severity: 'low' as const } : {}),
          message: tba
            ? `${oneLine(line.line, 40)} is supported with its end "to be announced": customers cannot plan for it yet`
            : `${oneLine(line.line, 40)} is supported but declares no end of security support or end of life`,
          location: declared.lineLocation(i),
          key: `${line.line}|dates`,
        }),
      );
    });
    if (out.length > 0) return out;
    if (!support.published)
      return [
        finding(definition, {
          outcome: 'unknown',
          message: `end dates are declared for ${support.lines.length} release line(s), but not where customers read them`,
          location: declared.lineLocation(0),
          key: 'unpublished',
          remediation:
            'Publish the dates (for example the page `vouch support --format html` writes) and name the page or file in support.published.',
        }),
      ];
    return [
      finding(definition, {
        outcome: 'pass',
        message: `end dates declared for every supported release line (${support.lines.length}), published at ${oneLine(support.published, 200)}`,
        location: declared.lineLocation(0),
        key: 'published',
      }),
    ];
  },
};
