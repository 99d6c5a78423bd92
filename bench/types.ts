/**
 * The contract between bench/run.ts and a benchmark module (any bench/*.ts other than run.ts and
 * this file). A module exports `name`, an optional `description`, and `run`, which measures
 * everything it compares within one run and returns the lines to print, ratios included.
 */

export interface BenchContext {
  /** Repository root (absolute). */
  repoRoot: string;
  /** Git-ignored scratch space that survives between runs (`.cache/bench`), for generated inputs. */
  cacheDir: string;
  /** Timed repetitions asked for with --runs; modules pick their own default when undefined. */
  runs: number | undefined;
  /** Progress for people watching (stderr); not part of the result. */
  log(message: string): void;
}

export interface BenchResult {
  /** One line per comparison, e.g. "assess/git-ls-files: 20,312 files, vouch 412 ms, git ls-files 18 ms, ratio 22.9x". */
  lines: string[];
}

export interface BenchModule {
  name: string;
  description?: string;
  run(ctx: BenchContext): Promise<BenchResult>;
}
