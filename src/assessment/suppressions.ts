/**
 * Applies vouch.yaml suppressions: a matching, unexpired suppression marks a finding
 * suppressed (kept in the report, left out of verdicts). Expired ones raise a finding.
 */
import type { Suppression } from '../manifest/schema.js';
import { finding } from '../probes/finding.js';
import type { Finding } from '../probes/types.js';
import {
  type InlineSuppression,
  inlineSuppressionFor,
  inlineSuppressions,
} from '../util/inline-suppressions.js';
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

/**
 * Applies inline `# vouch: ignore[rule] reason` comments (src/util/inline-suppressions.ts) to
 * failing findings: one read per file that has any. A comment without a reason is not honoured.
 */
export async function applyInlineSuppressions(
  findings: Finding[],
  readText: (path: string) => Promise<string | undefined>,
): Promise<Finding[]> {
  const paths = new Set(
    findings
      .filter((f) => f.outcome === 'fail' && !f.suppressed && f.location?.line)
      .map((f) => f.location!.path),
  );
  const byPath = new Map<string, InlineSuppression[]>();
  for (const path of paths) {
    const text = await readText(path);
    if (text !== undefined) byPath.set(path, inlineSuppressions(text, path));
  }
  return findings.map((f) => {
    if (f.outcome !== 'fail' || f.suppressed || !f.location) return f;
    const s = byPath.get(f.location.path);
    const hit = s && inlineSuppressionFor(s, f.rule, f.location);
    return hit && hit.reason !== '' ? { ...f, suppressed: { reason: `inline: ${hit.reason}` } } : f;
  });
}
