/**
 * GitHub Actions files as CiFile entries, read from the one Actions model
 * (src/models/github-actions): commands are `run:` steps, uses are step and reusable-workflow
 * `uses:` and container / service / Docker-action images.
 */
import {
  type Action,
  blockingProblem,
  buildActionsFile,
  exitCodeIgnored,
  expandedRun,
  type Job,
  jobEvents,
  mayRunOn,
  type Params,
  type Step,
  type Str,
  type Workflow,
} from '../../models/github-actions/index.js';
import type { CiCommand, CiFile, CiUses } from './index.js';

function textStart(s: Str): Pick<CiCommand, 'line' | 'column' | 'lineMapped' | 'indent'> {
  if (s.via) return { line: s.via.line, column: s.via.column, lineMapped: false, indent: 0 };
  if (s.text)
    return { line: s.text.line, column: s.text.column, lineMapped: s.text.lineMapped, indent: s.text.indent };
  return { line: s.span.line, column: s.span.column, lineMapped: false, indent: 0 };
}

function at(s: Str): { line: number; column: number } {
  const { line, column } = textStart(s);
  return { line, column };
}

function paramsOf(params: Params | undefined): Record<string, string> | undefined {
  if (!params) return undefined;
  const out: Record<string, string> = {};
  for (const e of params.entries) if (e.text !== undefined) out[e.name.value] = e.text;
  return out;
}

function usesEntry(job: string | undefined, key: string, s: Str, params?: Params): CiUses | undefined {
  const ref = s.value.trim();
  if (ref === '') return undefined;
  const p = paramsOf(params);
  return { ...(job ? { job } : {}), where: s.route, key, ref, ...(p ? { params: p } : {}), ...at(s) };
}

function stepEntries(
  out: CiFile,
  steps: readonly Step[],
  job: Job | undefined,
  workflow: Workflow | undefined,
): void {
  const jobId = job?.id.value;
  const events = workflow && job ? jobEvents(workflow, job) : undefined;
  for (const step of steps) {
    if (step.uses) {
      const u = usesEntry(jobId, 'uses', step.uses.raw, step.with);
      if (u) out.uses.push(u);
    }
    const run = step.run;
    if (!run || run.value.trim() === '') continue;
    const start = textStart(run);
    const command: CiCommand = {
      where: run.route,
      key: 'run',
      text: run.value,
      line: start.line,
      column: start.column,
      lineMapped: start.lineMapped,
      indent: start.indent,
    };
    if (jobId) command.job = jobId;
    const expanded = expandedRun(step, job, workflow);
    if (expanded !== undefined && expanded !== run.value) command.expanded = expanded;
    const ignored = exitCodeIgnored(step, job);
    if (ignored) command.exitIgnored = ignored;
    const byLine: Record<number, string> = {};
    let anyLine = false;
    run.value.split('\n').forEach((_, i) => {
      const why = exitCodeIgnored(step, job, i);
      if (why) {
        byLine[i] = why;
        anyLine = true;
      }
    });
    if (anyLine) command.lineExitIgnored = byLine;
    if (events) command.events = events.filter((e) => mayRunOn(step.if?.value, e));
    out.commands.push(command);
  }
}

function byPosition(a: { line: number; column: number }, b: { line: number; column: number }): number {
  return a.line - b.line || a.column - b.column;
}

/** One workflow or action file as a CiFile (role from the caller: a workflow, or a local action). */
export function ciFileFromModel(file: Workflow | Action, system: string, role: CiFile['role']): CiFile {
  const out: CiFile = {
    path: file.path,
    system,
    role,
    parsed: false,
    jobs: [],
    commands: [],
    uses: [],
    model: file,
  };
  const blocking = blockingProblem(file);
  if (blocking) {
    out.error =
      blocking.kind === 'limit'
        ? `not analysed: ${blocking.message}`
        : blocking.span
          ? `YAML error at line ${blocking.span.line}, column ${blocking.span.column}: ${blocking.message}`
          : `cannot parse: ${blocking.message}`;
    return out;
  }
  if (file.kind === 'workflow') {
    out.jobs = file.jobs.map((j) => j.id.value);
    if (role === 'pipeline' && file.triggers.length > 0) out.triggers = file.triggers.map((t) => t.event);
    const triggerPaths: Record<string, string[]> = {};
    for (const t of file.triggers) {
      const paths = t.filters.paths;
      if (role === 'pipeline' && paths && paths.length > 0) triggerPaths[t.event] = paths;
    }
    if (Object.keys(triggerPaths).length > 0) out.triggerPaths = triggerPaths;
    for (const job of file.jobs) {
      const id = job.id.value;
      if (job.uses) {
        const u = usesEntry(id, 'uses', job.uses.raw, job.with);
        if (u) out.uses.push(u);
      }
      const images = [job.container, ...job.services.map((s) => s.container)];
      for (const c of images) {
        const u = c?.image ? usesEntry(id, 'image', c.image) : undefined;
        if (u) out.uses.push(u);
      }
      stepEntries(out, job.steps, job, file);
    }
  } else if (file.runs) {
    stepEntries(out, file.runs.steps, undefined, undefined);
    const u = file.runs.image ? usesEntry(undefined, 'image', file.runs.image) : undefined;
    if (u) out.uses.push(u);
  }
  out.commands.sort(byPosition);
  out.uses.sort(byPosition);
  out.parsed = true;
  return out;
}

/** Parses one GitHub Actions file into a CiFile. Never throws. */
export function parseGithubActionsCi(
  path: string,
  text: string,
  system: string,
  role: CiFile['role'],
): CiFile {
  const file = buildActionsFile({ path, text, kind: role === 'local-action' ? 'action' : 'workflow' });
  return ciFileFromModel(file as Workflow | Action, system, role);
}
