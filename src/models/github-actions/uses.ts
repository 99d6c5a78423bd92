/**
 * `uses:` values: `owner/repo[/path]@ref`, `docker://image`, `./local/path`, or an expression
 * (which GitHub rejects). No YAML here, so extractors can load it without the parser.
 */
import type { Str, Uses } from './types.js';

const COMMIT_SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

/** The parts of a `uses:` value; `path` normalised as GitHub resolves it ("a/./b//" is "a/b"). */
export function parseUsesText(text: string): Omit<Uses, 'raw'> {
  const value = text.trim();
  if (value.includes('${{')) return { kind: 'expression' };
  if (value.startsWith('docker://')) return { kind: 'docker', image: value.slice('docker://'.length) };
  if (value.startsWith('./') || value.startsWith('../'))
    return { kind: 'local', local: value.replace(/^\.\/+/, '').replace(/\/+$/, '') };
  const at = value.lastIndexOf('@');
  const ref = at > 0 ? value.slice(at + 1) : '';
  const [owner, repo, ...rest] = (at > 0 ? value.slice(0, at) : '').split('/');
  if (!ref || !owner || !repo || /\s/.test(value)) return { kind: 'invalid' };
  const segments: string[] = [];
  for (const s of rest) {
    if (s === '' || s === '.') continue;
    if (s === '..') {
      // a path escaping the repository names no action
      if (segments.length === 0) return { kind: 'invalid' };
      segments.pop();
    } else {
      segments.push(s);
    }
  }
  const path = segments.join('/');
  return { kind: 'repository', owner, repo, ref, ...(path ? { path } : {}) };
}

export function parseUses(raw: Str): Uses {
  return { raw, ...parseUsesText(raw.value) };
}

/** True when a repository `uses:` is pinned to a full commit SHA. */
export function pinnedToCommit(uses: Pick<Uses, 'kind' | 'ref'>): boolean {
  return uses.kind === 'repository' && COMMIT_SHA.test(uses.ref ?? '');
}

/** A release version an action's ref names: from the ref itself, or from the comment after a pinned commit. */
export interface UsesVersion {
  major: number;
  minor?: number;
  patch?: number;
  /** `ref`: `@v6.5.0`; `comment`: `@<sha> # v6.5.0` (as written by Dependabot, Renovate, pinning tools). */
  from: 'ref' | 'comment';
}

/** `v6`, `v6.5`, `6.5.0`: a leading `v` or a dot, so a bare number (`# 123`, an issue) is not a version. */
const VERSION = /^(?:v(\d+)(?:\.(\d+))?(?:\.(\d+))?|(\d+)\.(\d+)(?:\.(\d+))?)$/i;

function versionOf(token: string): Omit<UsesVersion, 'from'> | undefined {
  const m = VERSION.exec(token);
  if (!m) return undefined;
  const [major, minor, patch] = (m[1] !== undefined ? [m[1], m[2], m[3]] : [m[4], m[5], m[6]]).map((x) =>
    x === undefined ? undefined : Number(x),
  );
  return {
    major: major!,
    ...(minor !== undefined ? { minor } : {}),
    ...(patch !== undefined ? { patch } : {}),
  };
}

/**
 * The version a repository `uses:` names, when it names one: its ref (`@v6.5.0`), or for a commit
 * pin the first word of the comment after it (`v6.5.0`, `tag=v6.5.0`, `pin@v6.5.0`). A comment is
 * the author's word, not checked against the commit; undefined for branches and bare commits.
 */
export function usesVersion(uses: Uses): UsesVersion | undefined {
  if (uses.kind !== 'repository' || !uses.ref) return undefined;
  if (!pinnedToCommit(uses)) {
    const v = versionOf(uses.ref);
    return v ? { ...v, from: 'ref' } : undefined;
  }
  const word = uses.raw.comment?.trim().split(/\s+/, 1)[0];
  if (!word) return undefined;
  const v = versionOf(word.slice(Math.max(word.lastIndexOf('@'), word.lastIndexOf('=')) + 1));
  return v ? { ...v, from: 'comment' } : undefined;
}
