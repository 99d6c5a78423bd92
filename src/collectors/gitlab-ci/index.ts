/**
 * GitLab CI pipelines modelled once (src/models/gitlab-ci): the pipeline files where the scope
 * policy says they live, and every file their `include: local` reaches, followed within the
 * repository (globs matched against the inventory, no `..`, bounded depth and count). Remote,
 * project, template and component includes are recorded, never fetched.
 */
import { ciPipelineGlobs } from '../../inventory/scope.js';
import { buildGitlabFile, type GitlabFile } from '../../models/gitlab-ci/index.js';
import { globToRegExp } from '../../util/glob.js';
import { type Collector, defineFact } from '../types.js';
import { filesMatching } from '../util.js';

export interface GitlabCiFacts {
  /** Every file modelled: pipeline files first, then included files in the order reached. */
  files: GitlabFile[];
  /** Local includes that name nothing in the repository or leave it. */
  missingIncludes: { from: string; path: string; line: number; column: number; reason: string }[];
}

/** GitLab's own limits: 150 includes per pipeline; nesting is bounded here too. */
const MAX_FILES = 150;
const MAX_DEPTH = 10;

/** A local include as a repository path (GitLab reads them from the root), or why not. */
export function localIncludePath(written: string): { path: string } | { reason: string } {
  const p = written.trim().replace(/^\/+/, '');
  if (p === '') return { reason: 'empty path' };
  if (p.split('/').includes('..')) return { reason: 'leaves the repository root' };
  if (p.includes('$')) return { reason: 'depends on a variable' };
  return { path: p };
}

export const gitlabCiFact = defineFact<GitlabCiFacts>('gitlab-ci');

export const gitlabCiCollector: Collector<GitlabCiFacts> = {
  fact: gitlabCiFact,
  async collect({ inventory, documents }) {
    const facts: GitlabCiFacts = { files: [], missingIncludes: [] };
    const seen = new Set<string>();
    let queue = filesMatching(inventory, ciPipelineGlobs('gitlab-ci'), {
      outOfScopeFor: 'configuration',
    }).map((f) => f.path);
    for (let depth = 0; queue.length > 0 && depth <= MAX_DEPTH; depth++) {
      const next: string[] = [];
      for (const path of queue) {
        if (seen.has(path) || seen.size >= MAX_FILES) continue;
        seen.add(path);
        const read = await documents.gitlab(path);
        const file = 'error' in read ? { ...buildGitlabFile(path, ''), error: read.error } : read.file;
        facts.files.push(file);
        for (const inc of file.includes) {
          if (inc.kind !== 'local') continue;
          const at = {
            from: path,
            path: inc.value.value,
            line: inc.value.span.line,
            column: inc.value.span.column,
          };
          const local = localIncludePath(inc.value.value);
          if ('reason' in local) {
            facts.missingIncludes.push({ ...at, reason: local.reason });
            continue;
          }
          const targets = /[*?[]/.test(local.path)
            ? inventory.files.filter((f) => globToRegExp(local.path).test(f.path)).map((f) => f.path)
            : inventory.has(local.path)
              ? [local.path]
              : [];
          if (targets.length === 0) facts.missingIncludes.push({ ...at, reason: 'not in the repository' });
          next.push(...targets);
        }
      }
      queue = next;
    }
    return facts;
  },
};
