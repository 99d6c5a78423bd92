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
