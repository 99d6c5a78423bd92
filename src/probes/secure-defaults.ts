/**
 * Findings of the secure-default probes (insecure-defaults, default-credentials) from the one
 * scan: fail in product code, observation in tests, fixtures, samples, docs and development
 * variants (reported apart, at low confidence) and for matches allowed inline. A clean scan is a
 * pass that only supports a claim: the tool saw no insecure default, it did not see them all.
 */

import { secureDefaultsFact } from '../collectors/secure-defaults/index.js';
import type { Facts } from '../collectors/types.js';
import type { SecureDefaultProbe } from '../secure-defaults/rules.js';
import { factsFor } from './common.js';
import { finding } from './finding.js';
import { list, oneLine, plural, quote } from './text.js';
import type { Finding, ProbeDefinition } from './types.js';

export function secureDefaultFindings(
  facts: Facts,
  definition: ProbeDefinition,
  probe: SecureDefaultProbe,
  /** Whether the matched text may be shown (not for credentials). */
  showSnippet: boolean,
): Finding[] {
  const got = factsFor(facts, definition, secureDefaultsFact);
  if (!got.ok) return got.findings;
  const scan = got.value;
  const out: Finding[] = [];
  for (const f of scan.findings) {
    if (f.probe !== probe) continue;
    const apart = f.scope !== 'product';
    const failing = !apart && !f.ignored;
    const where = !apart
      ? ''
      : f.scope === 'development'
        ? ' in a development variant'
        : f.scope === 'ci'
          ? ' in CI configuration (not shipped)'
          : ` in ${f.scope} code`;
    const allowed = f.ignored ? `; allowed (inline: ${oneLine(f.ignored.reason, 120)})` : '';
    out.push(
      finding(definition, {
        outcome: failing ? 'fail' : 'observation',
        sub: f.rule,
        message: `${f.title}${showSnippet ? `: ${quote(f.snippet, 80)}` : ''}${where}${allowed}`,
        location: f.location,
        // The matched text, not the line: stable when lines move.
        key: `${f.scope}|${f.snippet}|${f.ordinal}`,
        remediation: f.remediation,
        ...(failing ? { severity: f.severity } : {}),
        confidence: apart ? 'low' : f.confidence,
      }),
    );
  }
  if (scan.notScanned.length > 0) {
    out.push(
      finding(definition, {
        outcome: 'unknown',
        sub: 'not-scanned',
        message: `${plural(scan.notScanned.length, 'file')} could not be read for insecure defaults: ${list(
          scan.notScanned.map((n) => `${n.path} (${n.reason})`),
          3,
        )}; reading them would decide`,
        location: { path: scan.notScanned[0]!.path },
        key: 'not-scanned',
      }),
    );
  }
  // Nothing of the kinds these rules read: a pass would be silence, not evidence.
  if (scan.scanned === 0 && out.length === 0)
    return [
      finding(definition, {
        outcome: 'not-applicable',
        message: 'no file of the types these rules read is in the product, so there is nothing to judge',
        key: 'nothing-to-scan',
      }),
    ];
  if (!out.some((f) => f.outcome === 'fail')) {
    const apart = out.filter((f) => f.outcome === 'observation').length;
    out.push(
      finding(definition, {
        outcome: 'pass',
        message: `${plural(scan.scanned, 'file')} of the types these rules read scanned, no insecure default found in product code${apart > 0 ? ` (${plural(apart, 'match', 'matches')} reported apart)` : ''}`,
        key: 'clean',
      }),
    );
  }
  return out;
}
