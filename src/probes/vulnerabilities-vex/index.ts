/**
 * The VEX audit listing inside an assessment: one observation per statement saying what it
 * suppressed or that it expired and no longer applies, and one per VEX file that could not be
 * read. Observations decide nothing; the suppressions themselves act in the vulnerabilities
 * collector, so a suppressed match never reaches a verdict.
 */
import type { Facts } from '../../collectors/types.js';
import { vulnerabilitiesFact } from '../../collectors/vulnerabilities/index.js';
import { factsFor } from '../common.js';
import { definitionFor } from '../definitions.js';
import { finding } from '../finding.js';
import { list, oneLine, plural } from '../text.js';
import type { Finding, Probe } from '../types.js';

const definition = definitionFor(import.meta.url);

function run(facts: Facts): Finding[] {
  const got = factsFor(facts, definition, vulnerabilitiesFact);
  if (!got.ok) return got.findings;
  const v = got.value;
  if (v.store === 'absent')
    return [
      finding(definition, {
        outcome: 'not-applicable',
        message: 'No advisory store, so no VEX statement was applied',
        key: 'no-store',
      }),
    ];
  const { audit, warnings } = v.report;
  const out: Finding[] = audit.map(({ statement: s, expired, suppressed }) => {
    const what = `VEX ${s.status} for ${oneLine(s.vulnerability, 60)}${s.products.length ? ` (${list(s.products, 2)})` : ''} from ${oneLine(s.source, 120)}`;
    const until = s.expires ? ` until ${s.expires}` : '';
    const message = expired
      ? `${what} expired on ${s.expires}: no longer applied, so matches it covered count again`
      : `${what}${until}${s.justification ? `, ${s.justification}` : ''}: suppressed ${plural(suppressed.length, 'match', 'matches')}${
          suppressed.length
            ? ` (${list(
                suppressed.map((x) => `${x.id} in ${x.purl}`),
                3,
              )})`
            : ''
        }`;
    return finding(definition, {
      outcome: 'observation',
      message,
      key: `${s.source}|${s.vulnerability}|${s.products.join(',')}|${s.status}`,
    });
  });
  for (const w of warnings)
    out.push(finding(definition, { outcome: 'observation', sub: 'unread', message: oneLine(w, 300) }));
  if (out.length === 0)
    return [
      finding(definition, { outcome: 'not-applicable', message: 'No VEX statements', key: 'no-statements' }),
    ];
  return out;
}

export const probe: Probe = { definition, run };
