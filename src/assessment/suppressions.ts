/**
 * Applies vouch.yaml suppressions: a matching, unexpired suppression marks a finding
 * suppressed (kept in the report, left out of verdicts). Expired ones raise a finding.
 */
import type { Suppression } from '../manifest/schema.js';
import { finding } from '../probes/finding.js';
import type { Finding } from '../probes/types.js';
import { suppressionExpired } from './manifest-rules.js';

function matches(s: Suppression, f: Finding): boolean {
  if (f.rule !== s.rule && !f.rule.startsWith(`${s.rule}/`)) return false;
  if (s.fingerprint && s.fingerprint !== f.fingerprint) return false;
  if (s.path && s.path !== f.location?.path) return false;
  return true;
}

export function applySuppressions(
  findings: Finding[],
  suppressions: Suppression[],
  today: string,
  manifestFile: string,
  positions: Map<string, { line: number; column: number }>,
): Finding[] {
  const extra: Finding[] = [];
  const live = suppressions.filter((s, i) => {
    if (s.expires >= today) return true;
    const pos = positions.get(`suppressions.${i}`);
    extra.push(
      finding(suppressionExpired, {
        outcome: 'fail',
        message: `suppression of ${s.rule} expired on ${s.expires} (${s.reason})`,
        location: { path: manifestFile, ...(pos ? { line: pos.line, column: pos.column } : {}) },
        key: `${s.rule}|${s.fingerprint ?? ''}|${s.path ?? ''}`,
      }),
    );
    return false;
  });
  const out = findings.map((f) => {
    if (f.outcome !== 'fail') return f;
    const s = live.find((x) => matches(x, f));
    return s ? { ...f, suppressed: { reason: s.reason, expires: s.expires } } : f;
  });
  return [...out, ...extra];
}
