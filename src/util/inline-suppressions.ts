/**
 * Inline suppressions: `# vouch: ignore[rule-id, other-rule] reason` in a comment on the line a
 * finding points at. One parser for every kind of file; the comment leader comes from a table by
 * file type. The reason is required: a suppression without one is reported, not honoured.
 */
import { basename, extname } from 'node:path/posix';

/** Comment leaders by file extension (or whole name); `#` when unknown. */
const COMMENT_LEADERS: Record<string, readonly string[]> = {
  '.yml': ['#'],
  '.yaml': ['#'],
  '.sh': ['#'],
  '.bash': ['#'],
  '.py': ['#'],
  '.rb': ['#'],
  '.toml': ['#'],
  '.tf': ['#', '//'],
  Dockerfile: ['#'],
  Makefile: ['#'],
  '.js': ['//'],
  '.mjs': ['//'],
  '.cjs': ['//'],
  '.ts': ['//'],
  '.tsx': ['//'],
  '.jsx': ['//'],
  '.go': ['//'],
  '.rs': ['//'],
  '.java': ['//'],
  '.kt': ['//'],
  '.c': ['//'],
  '.cc': ['//'],
  '.cpp': ['//'],
  '.h': ['//'],
  '.cs': ['//'],
  '.swift': ['//'],
  '.sql': ['--'],
  '.lua': ['--'],
  '.md': ['<!--'],
  '.html': ['<!--'],
};

export function commentLeaders(path: string): readonly string[] {
  const name = basename(path);
  return COMMENT_LEADERS[name] ?? COMMENT_LEADERS[extname(name).toLowerCase()] ?? ['#'];
}

export interface InlineSuppression {
  line: number;
  rules: string[];
  /** Empty when none was given (such a suppression is not honoured). */
  reason: string;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Every `<marker>: ignore[...]` comment in `text`, by line. `marker` is `vouch`; reading another
 * tool's comments (zizmor's, in the peer-suite tests) passes its name.
 */
export function inlineSuppressions(
  text: string,
  path: string,
  marker = 'vouch',
): Map<number, InlineSuppression> {
  const out = new Map<number, InlineSuppression>();
  if (!text.includes(`${marker}:`)) return out;
  const leaders = commentLeaders(path).map(escapeRegex).join('|');
  const re = new RegExp(`(?:${leaders})\\s*${escapeRegex(marker)}:\\s*ignore\\[([^\\]]*)\\]([^\\n]*)`);
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.includes(marker)) continue;
    const m = re.exec(line.length > 4000 ? line.slice(0, 4000) : line);
    if (!m) continue;
    const rules = m[1]!
      .split(',')
      .map((r) => r.trim())
      .filter((r) => r !== '');
    const reason = m[2]!.replace(/-->\s*$/, '').trim();
    out.set(i + 1, { line: i + 1, rules, reason });
  }
  return out;
}

/**
 * The inline suppression covering a finding of `rule`: on a line of its location (line..endLine),
 * or of the block it lies in (`scope`, a workflow step), if any.
 */
export function inlineSuppressionFor(
  suppressions: Map<number, InlineSuppression>,
  rule: string,
  location: { line?: number; endLine?: number; scope?: { line: number; endLine: number } } | undefined,
): InlineSuppression | undefined {
  if (location?.line === undefined || suppressions.size === 0) return undefined;
  const ranges = [[location.line, location.endLine ?? location.line]];
  if (location.scope) ranges.push([location.scope.line, location.scope.endLine]);
  for (const [from, to] of ranges) {
    for (let l = from!; l <= to! && l < from! + 1000; l++) {
      const s = suppressions.get(l);
      if (s?.rules.some((r) => r === rule || rule.startsWith(`${r}/`))) return s;
    }
  }
  return undefined;
}
