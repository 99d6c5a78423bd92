/**
 * Inline suppressions, one parser for every consumer (the audits, `vouch ci`, the secrets
 * scanner): `# vouch: ignore[rule-id, other-rule] reason` in a comment. The comment syntax comes
 * from a table by file type; one rule says which lines a comment covers: its own line, and the
 * next line too when the comment stands alone on its line. secretlint's directives are read as
 * well (`secretlint-disable-line`, `-next-line`, `secretlint-disable` ... `secretlint-enable`), so
 * a repository moving to vouch keeps its reviewed exceptions. Whether a suppression without a
 * reason is honoured is the consumer's policy; the parser keeps it with an empty reason.
 */
import { basename, extname } from 'node:path/posix';

/** Every comment leader known; files of unknown type accept any of them. */
const ANY_LEADER = ['#', '//', '/*', '*', '--', '<!--', ';'] as const;

/** Comment leaders by file extension (or whole name). */
const COMMENT_LEADERS: Record<string, readonly string[]> = {
  '.yml': ['#'],
  '.yaml': ['#'],
  '.sh': ['#'],
  '.bash': ['#'],
  '.py': ['#'],
  '.rb': ['#'],
  '.toml': ['#'],
  '.env': ['#'],
  '.tf': ['#', '//', '/*'],
  Dockerfile: ['#'],
  Makefile: ['#'],
  '.js': ['//', '/*', '*'],
  '.mjs': ['//', '/*', '*'],
  '.cjs': ['//', '/*', '*'],
  '.ts': ['//', '/*', '*'],
  '.tsx': ['//', '/*', '*'],
  '.jsx': ['//', '/*', '*'],
  '.go': ['//', '/*', '*'],
  '.rs': ['//', '/*', '*'],
  '.java': ['//', '/*', '*'],
  '.kt': ['//', '/*', '*'],
  '.c': ['//', '/*', '*'],
  '.cc': ['//', '/*', '*'],
  '.cpp': ['//', '/*', '*'],
  '.h': ['//', '/*', '*'],
  '.cs': ['//', '/*', '*'],
  '.swift': ['//', '/*', '*'],
  '.php': ['//', '#', '/*', '*'],
  '.sql': ['--'],
  '.lua': ['--'],
  '.ini': [';', '#'],
  '.md': ['<!--'],
  '.html': ['<!--'],
  '.xml': ['<!--'],
};

export function commentLeaders(path: string): readonly string[] {
  const name = basename(path);
  return COMMENT_LEADERS[name] ?? COMMENT_LEADERS[extname(name).toLowerCase()] ?? ANY_LEADER;
}

export interface InlineSuppression {
  /** The comment's own line (1-based). */
  line: number;
  /** The lines it covers, inclusive. */
  from: number;
  to: number;
  /** Rule ids named; empty only for a secretlint directive naming none (every rule). */
  rules: string[];
  /** Empty when none was given. */
  reason: string;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function ruleList(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => s.replace(/^@secretlint\/secretlint-rule-/, ''));
}

/** Nothing but comment punctuation before the marker: the comment stands alone on its line. */
const COMMENT_ONLY = /^[\s#/*;!<-]*$/;

/** A comment closer left on the reason (`-->`, `*\/`). */
const CLOSER = /\s*(-->|\*\/)\s*$/;

/**
 * Every suppression in `text`. `marker` is `vouch`; reading another tool's comments (zizmor's,
 * in the peer-suite tests) passes its name. One pass over the lines that mention a marker.
 */
export function inlineSuppressions(text: string, path: string, marker = 'vouch'): InlineSuppression[] {
  const secretlint = marker === 'vouch' && text.includes('secretlint-');
  if (!text.includes(`${marker}:`) && !secretlint) return [];
  const re = new RegExp(
    `${escapeRegex(marker)}:[ \\t]?ignore\\[(?<ids>[^\\]\\n]{0,300})\\](?<reason>[^\\n]{0,300})${secretlint ? '|secretlint-(?<verb>disable-next-line|disable-line|disable|enable)\\b(?<sl>[^\\n]{0,300})' : ''}`,
  );
  const leaders = commentLeaders(path);
  const out: InlineSuppression[] = [];
  const open: InlineSuppression[] = [];
  let line = 0;
  for (let start = 0; start < text.length; ) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    line++;
    const raw = text.slice(start, Math.min(end, start + 4000));
    start = end + 1;
    if (!raw.includes(marker) && !(secretlint && raw.includes('secretlint-'))) continue;
    const m = re.exec(raw);
    if (!m?.groups) continue;
    const g = m.groups;
    // a comment: the marker follows one of the file type's comment leaders
    const before = raw.slice(0, m.index).trimEnd();
    if (!leaders.some((l) => before.endsWith(l))) continue;
    const alone = COMMENT_ONLY.test(before);
    if (g.ids !== undefined) {
      const rules = ruleList(g.ids);
      if (rules.length === 0) continue;
      const reason = (g.reason ?? '').replace(CLOSER, '').trim();
      out.push({ line, from: line, to: alone ? line + 1 : line, rules, reason });
      continue;
    }
    const [idsPart, comment] = (g.sl ?? '').split(/\s--\s?/, 2);
    const rules = ruleList((idsPart ?? '').replace(/-->|\*\//g, ''));
    const reason = (comment ?? '').replace(/-->|\*\//g, '').trim() || `secretlint-${g.verb}`;
    if (g.verb === 'disable-line') out.push({ line, from: line, to: line, rules, reason });
    else if (g.verb === 'disable-next-line') out.push({ line, from: line + 1, to: line + 1, rules, reason });
    else if (g.verb === 'disable')
      open.push({ line, from: line, to: Number.MAX_SAFE_INTEGER, rules, reason });
    else {
      // enable closes the blocks it names (or all, when it names none)
      for (let i = open.length - 1; i >= 0; i--) {
        const b = open[i]!;
        if (rules.length === 0 || b.rules.some((r) => rules.includes(r))) {
          out.push({ ...b, to: line });
          open.splice(i, 1);
        }
      }
    }
  }
  out.push(...open);
  return out.sort((a, b) => a.from - b.from || a.line - b.line);
}

/**
 * Whether a suppression names `rule`: the rule itself, a parent of it (`gha-x` covers
 * `gha-x/sub`), or its last segment (`github-token` covers `secrets/github-token`).
 */
function names(s: InlineSuppression, rule: string): boolean {
  if (s.rules.length === 0) return true;
  const last = rule.slice(rule.lastIndexOf('/') + 1);
  return s.rules.some((r) => r === rule || r === last || rule.startsWith(`${r}/`));
}

/**
 * The suppression covering a finding of `rule`: one whose lines meet the finding's lines
 * (line..endLine) or the block it lies in (`scope`, a workflow step), if any.
 */
export function inlineSuppressionFor(
  suppressions: readonly InlineSuppression[],
  rule: string,
  location: { line?: number; endLine?: number; scope?: { line: number; endLine: number } } | undefined,
): InlineSuppression | undefined {
  if (location?.line === undefined || suppressions.length === 0) return undefined;
  const ranges: [number, number][] = [[location.line, location.endLine ?? location.line]];
  if (location.scope) ranges.push([location.scope.line, location.scope.endLine]);
  return suppressions.find(
    (s) => names(s, rule) && ranges.some(([from, to]) => s.from <= to && s.to >= from),
  );
}

/** The secrets scanner's names for the same parser (a text of any comment syntax when no path). */
export type InlineIgnore = InlineSuppression;
export const parseInlineIgnores = (text: string, path = ''): InlineSuppression[] =>
  inlineSuppressions(text, path);
export const inlineIgnoreFor = (
  ignores: readonly InlineSuppression[],
  rule: string,
  line: number,
): InlineSuppression | undefined => inlineSuppressionFor(ignores, rule, { line });
