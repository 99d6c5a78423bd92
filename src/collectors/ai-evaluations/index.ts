/**
 * Evaluation evidence (AI CoP principle 9): promptfoo results and garak reports found in the tree
 * (rules/ai-assets.yaml names them) or named in vouch.yaml (`ai.evaluations`), read as data. An
 * evaluation older than a model or prompt file it covers is stale. Dates of those files come from
 * git (the last commit that changed each) where git tracks them, else from the file's
 * modification time; every comparison says which it used, because a checkout resets mtimes.
 */
import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { lastCommitDates } from '../../repository/git.js';
import { aiUsageFact } from '../ai-usage/index.js';
import { manifestFact } from '../manifest/index.js';
import { type Collector, defineFact } from '../types.js';
import { type EvaluationRun, evaluationRules, parseGarak, parsePromptfoo } from './parse.js';

/** garak reports keep every attempt's prompt and output; the counts are read from this much of one. */
const MAX_REPORT_BYTES = 64 * 1024 * 1024;

export type DateSource = 'report' | 'git commit' | 'file modification time';

export interface DatedFile {
  path: string;
  date: string;
  source: DateSource;
}

export interface Evaluation extends EvaluationRun {
  path: string;
  /** When it ran and how vouch knows: the report's own timestamp, else the file's date. */
  date?: DatedFile;
  /** Model and prompt files changed after the evaluation ran (it does not cover them as they are). */
  newerThanEvaluation: DatedFile[];
  /** Set when staleness could not be decided, with the reason. */
  undatedBecause?: string;
  /** Where it was named: found in the tree, or listed in vouch.yaml. */
  from: 'tree' | 'vouch.yaml';
}

export interface AiEvaluationFacts {
  evaluations: Evaluation[];
  /** Files that are not results of a known tool, or could not be read. */
  problems: { path: string; message: string }[];
  owasp: { edition: string; url: string; categories: Record<string, string> };
}

export const aiEvaluationsFact = defineFact<AiEvaluationFacts>('ai-evaluations');

async function mtimeOf(root: string, path: string): Promise<string | undefined> {
  try {
    // lstat: the date of the entry itself, never of what a link points to.
    return (await lstat(join(root, path))).mtime.toISOString();
  } catch {
    return undefined;
  }
}

export const aiEvaluationsCollector: Collector<AiEvaluationFacts> = {
  fact: aiEvaluationsFact,
  needs: [aiUsageFact, manifestFact],
  async collect({ inventory, documents, need }) {
    const usage = await need(aiUsageFact);
    const manifest = (await need(manifestFact)).manifest;
    const rules = evaluationRules();
    const problems: AiEvaluationFacts['problems'] = [];
    const candidates = new Map<string, { tool?: 'promptfoo' | 'garak'; from: Evaluation['from'] }>();
    for (const e of usage.evaluations)
      if (e.kind === 'results') candidates.set(e.path, { tool: e.tool, from: 'tree' });
    for (const p of manifest?.ai.evaluations ?? []) {
      if (!inventory.has(p))
        problems.push({ path: p, message: 'named in vouch.yaml ai.evaluations, but not in the repository' });
      else candidates.set(p, { ...candidates.get(p), from: 'vouch.yaml' });
    }
    const runs: (EvaluationRun & { path: string; from: Evaluation['from'] })[] = [];
    for (const [path, c] of candidates) {
      const garak = c.tool === 'garak' || (!c.tool && path.endsWith('.jsonl'));
      let run: EvaluationRun | undefined;
      if (garak) {
        try {
          const text = await inventory.readText(path, MAX_REPORT_BYTES);
          run = parseGarak(text, rules);
          if (run && (inventory.get(path)?.size ?? 0) > MAX_REPORT_BYTES)
            run.problems.push(`only the first ${MAX_REPORT_BYTES} bytes were read`);
        } catch (e) {
          problems.push({ path, message: (e as Error).message });
          continue;
        }
      } else {
        const read = await documents.json(path);
        if ('error' in read) {
          problems.push({ path, message: read.error });
          continue;
        }
        run = parsePromptfoo(read.value, rules);
      }
      if (!run) {
        // Found by name only: a JSON file in an evals folder need not be a promptfoo result.
        if (c.from === 'vouch.yaml')
          problems.push({ path, message: `not a ${garak ? 'garak report' : 'promptfoo result'}` });
        continue;
      }
      runs.push({ ...run, path, from: c.from });
    }

    // Dates: the covered files (models and prompts) and, when a report has no timestamp, the report.
    const covered = [...usage.modelFiles.map((m) => m.path), ...usage.prompts.map((p) => p.path)];
    const needDates = [...covered, ...runs.filter((r) => !r.ranAt).map((r) => r.path)];
    const tracked = inventory.git.tracked;
    const gitDates = tracked
      ? await lastCommitDates(
          inventory.root,
          needDates.filter((p) => tracked.has(p)),
        )
      : new Map();
    const dateOf = async (path: string): Promise<DatedFile | undefined> => {
      const git = gitDates.get(path);
      if (git) return { path, date: new Date(git).toISOString(), source: 'git commit' };
      const m = await mtimeOf(inventory.root, path);
      return m ? { path, date: m, source: 'file modification time' } : undefined;
    };
    const coveredDates = (await Promise.all(covered.map(dateOf))).filter(
      (d): d is DatedFile => d !== undefined,
    );
    const evaluations: Evaluation[] = [];
    for (const r of runs) {
      const date: DatedFile | undefined = r.ranAt
        ? { path: r.path, date: r.ranAt, source: 'report' }
        : await dateOf(r.path);
      const undated = covered.length - coveredDates.length;
      const newer = date ? coveredDates.filter((d) => d.date > date.date) : [];
      const undatedBecause = !date
        ? 'the report has no timestamp and the file has no date vouch can read'
        : undated > 0
          ? `${undated} model or prompt file(s) have no readable date`
          : undefined;
      evaluations.push({
        ...r,
        ...(date ? { date } : {}),
        newerThanEvaluation: newer,
        ...(undatedBecause ? { undatedBecause } : {}),
      });
    }
    return { evaluations, problems, owasp: rules.owasp };
  },
};
