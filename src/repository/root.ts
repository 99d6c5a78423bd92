/**
 * Which folder is the repository when vouch runs without a path, the way git finds its work
 * tree: the nearest folder, from the current one up, that holds vouch.yaml or `.git` (a folder,
 * or a file for worktrees and submodules). No git binary is needed. An explicit path is taken as
 * the root as given: the user said which folder.
 */
import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Deeper than any real tree; a bound so a strange file system cannot loop the walk. */
const MAX_LEVELS = 128;

export interface FoundRoot {
  root: string;
  /** What marked it: its vouch.yaml, its `.git`, or nothing (the start folder itself). */
  marker: 'vouch.yaml' | '.git' | 'none';
}

export function findRepositoryRoot(start: string, manifestFile = 'vouch.yaml'): FoundRoot {
  let d = start;
  for (let level = 0; level < MAX_LEVELS; level++) {
    if (statSync(join(d, manifestFile), { throwIfNoEntry: false })?.isFile())
      return { root: d, marker: 'vouch.yaml' };
    if (statSync(join(d, '.git'), { throwIfNoEntry: false })) return { root: d, marker: '.git' };
    const up = dirname(d);
    if (up === d) break;
    d = up;
  }
  return { root: start, marker: 'none' };
}
