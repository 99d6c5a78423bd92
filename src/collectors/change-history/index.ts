/**
 * Change history facts (SSCoP 2.2): the last N commits (settings.historyWindow, default 100) and
 * the tags, from the git objects (src/repository/history.ts), with each merge commit's review
 * trace (rules/change-history.yaml). SSH signatures are verified when an allowed-signers file is
 * given (settings.allowedSigners).
 */
import { readFile, stat } from 'node:fs/promises';
import type { z } from 'zod';
import { type History, type HistoryCommit, readHistory } from '../../repository/history.js';
import { parseAllowedSigners } from '../../repository/sshsig.js';
import { lazySchema } from '../../util/zod.js';
import { regexSource, ruleFile, ruleRegex } from '../rules.js';
import { type Collector, defineFact } from '../types.js';
import { errorText } from '../util.js';

const schema = lazySchema((z) =>
  z.strictObject({
    version: z.literal(1),
    reviewTraces: z.array(
      z.strictObject({ id: z.string(), proves: z.enum(['review', 'merge-request']), regex: regexSource() }),
    ),
  }),
);

export interface MergeCommit {
  commit: HistoryCommit;
  /** The strongest trace in its message, if any. */
  trace?: { id: string; proves: 'review' | 'merge-request' };
}

export interface ChangeHistoryFacts extends History {
  merges: MergeCommit[];
  /** Set when an allowed-signers file was given: its path, or why it could not be read. */
  allowedSigners?: { path: string; signers: number } | { path: string; error: string };
}

export const DEFAULT_HISTORY_WINDOW = 100;
const MAX_ALLOWED_SIGNERS_BYTES = 1024 * 1024;

export function reviewTrace(message: string): MergeCommit['trace'] {
  const traces = ruleFile('change-history.yaml', schema).reviewTraces;
  const found = traces.filter((t) => ruleRegex(t.regex, 'm').test(message.slice(0, 64 * 1024)));
  const best = found.find((t) => t.proves === 'review') ?? found[0];
  return best ? { id: best.id, proves: best.proves } : undefined;
}

export const changeHistoryFact = defineFact<ChangeHistoryFacts>('change-history');

export const changeHistoryCollector: Collector<ChangeHistoryFacts> = {
  fact: changeHistoryFact,
  async collect({ inventory, run }) {
    const window = run.settings.historyWindow ?? DEFAULT_HISTORY_WINDOW;
    const path = run.settings.allowedSigners;
    let allowed: ChangeHistoryFacts['allowedSigners'];
    let signers: ReturnType<typeof parseAllowedSigners> | undefined;
    if (path !== undefined) {
      try {
        const s = await stat(path);
        if (!s.isFile() || s.size > MAX_ALLOWED_SIGNERS_BYTES)
          throw new Error('not a file of a readable size');
        signers = parseAllowedSigners(await readFile(path, 'utf8'));
        allowed = { path, signers: signers.length };
      } catch (e) {
        allowed = { path, error: errorText(e) };
      }
    }
    const history = await readHistory(inventory.root, {
      window,
      ...(signers ? { allowedSigners: signers } : {}),
    });
    const merges = history.commits
      .filter((c) => c.parents.length > 1)
      .map((commit) => {
        const trace = reviewTrace(commit.message);
        return { commit, ...(trace ? { trace } : {}) };
      });
    return { ...history, merges, ...(allowed ? { allowedSigners: allowed } : {}) };
  },
};
