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
  const byPath = new Map<string, Map<number, InlineSuppression>>();
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

/** Where an inline allow comment applies, and why. */
export interface InlineIgnore {
  /** 1-based lines covered, inclusive. */
  from: number;
  to: number;
  /** Rule ids named (empty: every rule). */
  rules: string[];
  reason: string;
  /** The comment's own line. */
  line: number;
}

/**
 * `vouch: ignore[rule-id, other-id] reason` in any comment syntax (`#`, `//`, `<!-- -->`, ...):
 * covers its own line, and the next line when the comment stands alone on its line. secretlint's
 * directives are read too (`secretlint-disable-line`, `-next-line`, `secretlint-disable` ...
 * `secretlint-enable`, optionally naming rules), so a repository moving to vouch keeps its
 * reviewed exceptions; a rule named `@secretlint/secretlint-rule-X` stands for vouch's rule X.
 */
const INLINE =
  /vouch:[ \t]?ignore\[(?<ids>[^\]\n]{0,300})\](?<reason>[^\n]{0,300})|secretlint-(?<verb>disable-next-line|disable-line|disable|enable)\b(?<sl>[^\n]{0,300})/g;

const COMMENT_ONLY = /^[\s#/*;!<-]*$/;

function ruleList(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => s.replace(/^@secretlint\/secretlint-rule-/, ''));
}

/** The inline allow comments of one text (cheap when it has none: one regex pass). */
export function parseInlineIgnores(text: string): InlineIgnore[] {
  if (!text.includes('vouch:') && !text.includes('secretlint-')) return [];
  const out: InlineIgnore[] = [];
  const open: { from: number; rules: string[]; reason: string; line: number }[] = [];
  let line = 1;
  let counted = 0;
  for (const m of text.matchAll(INLINE)) {
    for (let i = text.indexOf('\n', counted); i >= 0 && i < m.index; i = text.indexOf('\n', i + 1)) line++;
    counted = m.index;
    const lineStart = text.lastIndexOf('\n', m.index - 1) + 1;
    const alone = COMMENT_ONLY.test(text.slice(lineStart, m.index));
    const g = m.groups ?? {};
    if (g.ids !== undefined) {
      const reason = (g.reason ?? '').replace(/-->|\*\/\s*$/g, '').trim();
      out.push({ from: line, to: alone ? line + 1 : line, rules: ruleList(g.ids), reason, line });
      continue;
    }
    const [idsPart, comment] = (g.sl ?? '').split(/\s--\s?/, 2);
    const rules = ruleList((idsPart ?? '').replace(/-->|\*\//g, ''));
    const reason = (comment ?? '').replace(/-->|\*\//g, '').trim() || `secretlint-${g.verb}`;
    if (g.verb === 'disable-line') out.push({ from: line, to: line, rules, reason, line });
    else if (g.verb === 'disable-next-line') out.push({ from: line + 1, to: line + 1, rules, reason, line });
    else if (g.verb === 'disable') open.push({ from: line, rules, reason, line });
    else {
      // enable closes the blocks it names (or all, when it names none).
      for (let i = open.length - 1; i >= 0; i--) {
        const b = open[i]!;
        if (rules.length === 0 || b.rules.some((r) => rules.includes(r))) {
          out.push({ from: b.from, to: line, rules: b.rules, reason: b.reason, line: b.line });
          open.splice(i, 1);
        }
      }
    }
  }
  for (const b of open)
    out.push({ from: b.from, to: Number.MAX_SAFE_INTEGER, rules: b.rules, reason: b.reason, line: b.line });
  return out;
}

/** The inline comment that allows `rule` (or `<prefix>/rule`) on `line`, if any. */
export function inlineIgnoreFor(
  ignores: readonly InlineIgnore[],
  rule: string,
  line: number,
): InlineIgnore | undefined {
  const short = rule.slice(rule.lastIndexOf('/') + 1);
  return ignores.find(
    (i) =>
      line >= i.from &&
      line <= i.to &&
      (i.rules.length === 0 || i.rules.includes(rule) || i.rules.includes(short)),
  );
}
