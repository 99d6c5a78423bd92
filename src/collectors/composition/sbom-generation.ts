/**
 * Where the repository's CI and release configuration generates an SBOM, and which files publish a
 * release: each tool or step found, with file, line and column. GitHub Actions files are read
 * through the run's one Actions model (job ids, steps' and jobs' `uses:` and `with:`, and `run:`
 * with constant env expressions expanded), GitLab CI files through the GitLab model (job names,
 * images and script lines), so a tool named only in a YAML comment does not count and one named
 * through `${{ env.X }}` does. Configuration without a model (goreleaser, other CI systems) is read
 * line by line with a bounded line length.
 */
import type { DocumentCache } from '../../inventory/documents.js';
import { ciFiles, ciPipelineGlobs, excludedFor, limitFor } from '../../inventory/scope.js';
import type { Inventory } from '../../inventory/types.js';
import {
  type ActionsFile,
  blockingProblem,
  type Env,
  expandedRun,
  type Job,
  type Params,
  type Step,
  type Str,
  type Uses,
  type Workflow,
} from '../../models/github-actions/index.js';
import type { GitlabFile } from '../../models/gitlab-ci/index.js';
import { baseOf, matchesAny } from '../../util/glob.js';
import { type Collector, defineFact } from '../types.js';
import { filesWithBase } from '../util.js';
import {
  committedSbom,
  goreleaserFile,
  releaseFileName,
  releaseLine,
  type SbomTool,
  sbomTools,
} from './sbom-patterns.js';

const MAX_LINE = 2000;

export interface SbomStep {
  path: string;
  line: number;
  column?: number;
  tool: string;
  /** The matching text, trimmed (repository text: escape on output). */
  text: string;
}

export interface SbomGenerationFacts {
  /** CI / release files looked at. */
  ciFiles: string[];
  /** Files too large, unreadable or not valid YAML. */
  unread: string[];
  steps: SbomStep[];
  /** SBOM documents committed to the repository (outside test fixtures). */
  committed: string[];
  /** CI / release files that publish a release: by name, or at a publishing line. */
  releases: ReleaseSign[];
}

export interface ReleaseSign {
  path: string;
  /** Absent when only the file's name says it releases. */
  line?: number;
  what: string;
  /**
   * What the sign shows: `built` artefacts published as users run them, `source` for a registry
   * that compiles on install (crates.io), or only a release file's `name`.
   */
  shows: 'built' | 'source' | 'name';
}

/** One piece of configuration a tool pattern is tested against, where it starts. */
interface Candidate {
  text: string;
  line: number;
  column: number;
}

/** The first candidate each tool matches (at most one step per tool), in source order. */
function matchTools(path: string, candidates: readonly Candidate[]): SbomStep[] {
  const steps: SbomStep[] = [];
  const seen = new Set<string>();
  const ordered = [...candidates].sort((a, b) => a.line - b.line || a.column - b.column);
  for (const c of ordered) {
    const text = c.text.length > MAX_LINE ? c.text.slice(0, MAX_LINE) : c.text;
    for (const tool of sbomTools) {
      if (seen.has(tool.name) || !appliesTo(tool, path) || !tool.line.test(text)) continue;
      seen.add(tool.name);
      steps.push({ path, line: c.line, column: c.column, tool: tool.name, text: text.trim() });
    }
  }
  return steps;
}

/**
 * The strongest sign that a CI file publishes a release, if any: its first candidate (in source
 * order) that publishes built artefacts, else its first that publishes source, else its name.
 */
function releaseSignIn(path: string, candidates: readonly Candidate[]): ReleaseSign | undefined {
  const ordered = [...candidates].sort((x, y) => x.line - y.line || x.column - y.column);
  let source: ReleaseSign | undefined;
  for (const c of ordered) {
    const text = c.text.length > MAX_LINE ? c.text.slice(0, MAX_LINE) : c.text;
    const sign = releaseLine.find((r) => r.line.test(text));
    if (!sign) continue;
    const found: ReleaseSign = { path, line: c.line, what: sign.name, shows: sign.artefacts };
    if (sign.artefacts === 'built') return found;
    source ??= found;
  }
  if (source) return source;
  if (goreleaserFile.test(path)) return { path, what: 'a goreleaser configuration', shows: 'built' };
  if (releaseFileName.test(path)) return { path, what: 'a release file by name', shows: 'name' };
  return undefined;
}

/** The lines of a file without a model, commented-out lines left out (they do not run). */
function lineCandidates(text: string): Candidate[] {
  const out: Candidate[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^\s*(#|\/\/)/.test(line.slice(0, MAX_LINE))) continue;
    out.push({ text: line, line: i + 1, column: 1 });
  }
  return out;
}

/** The strongest sign that a CI file without a model publishes a release, if any. */
export function findReleaseSign(path: string, text: string): ReleaseSign | undefined {
  return releaseSignIn(path, lineCandidates(text));
}

function appliesTo(tool: SbomTool, path: string): boolean {
  return !tool.onlyIn || tool.onlyIn.test(path);
}

/** The SBOM-generating lines of one CI file read as text (at most one per tool). */
export function findSbomSteps(path: string, text: string): SbomStep[] {
  return matchTools(path, lineCandidates(text));
}

function startOf(s: Str): { line: number; column: number } {
  const at = s.via ?? s.text ?? s.span;
  return { line: at.line, column: at.column };
}

function usesCandidates(out: Candidate[], uses: Uses | undefined, params: Params | undefined): void {
  if (uses) out.push({ text: `uses: ${uses.raw.value}`, ...startOf(uses.raw) });
  for (const e of params?.entries ?? []) {
    if (e.text !== undefined) out.push({ text: `${e.name.value}: ${e.text}`, ...startOf(e.name) });
  }
}

/** Environment names (and constant values): a publishing token such as CARGO_REGISTRY_TOKEN shows a release. */
function envCandidates(out: Candidate[], env: Env | undefined): void {
  for (const e of env?.entries ?? [])
    out.push({ text: `${e.name.value}: ${e.constant ?? ''}`, ...startOf(e.name) });
}

function stepCandidates(out: Candidate[], step: Step, job?: Job, workflow?: Workflow): void {
  usesCandidates(out, step.uses, step.with);
  envCandidates(out, step.env);
  if (!step.run) return;
  const expanded = expandedRun(step, job, workflow) ?? step.run.value;
  const start = startOf(step.run);
  const lines = expanded.split('\n');
  // Line i of a block scalar is source line start + i, unless expansion changed the line count.
  const mapped = step.run.text?.lineMapped === true && lines.length === step.run.value.split('\n').length;
  lines.forEach((text, i) => {
    out.push(mapped ? { text, line: start.line + i, column: start.column } : { text, ...start });
  });
}

/** What an Actions file runs and names, as candidates: job ids (`publish:`), `uses:`, `with:`, `run:` lines. */
function actionsCandidates(file: ActionsFile): Candidate[] {
  const out: Candidate[] = [];
  if (file.kind === 'workflow') {
    for (const job of file.jobs) {
      out.push({ text: `${job.id.value}:`, ...startOf(job.id) });
      usesCandidates(out, job.uses, job.with);
      envCandidates(out, job.env);
      for (const step of job.steps) stepCandidates(out, step, job, file);
    }
  } else if (file.kind === 'action') {
    for (const step of file.runs?.steps ?? []) stepCandidates(out, step);
  }
  return out;
}

/** The SBOM-generating steps of one GitHub Actions file, read from its model. */
export function findSbomStepsInActions(file: ActionsFile): SbomStep[] {
  return matchTools(file.path, actionsCandidates(file));
}

/** The first sign that a GitHub Actions file publishes a release, read from its model. */
export function findReleaseSignInActions(file: ActionsFile): ReleaseSign | undefined {
  return releaseSignIn(file.path, actionsCandidates(file));
}

/** What a GitLab file's jobs are named and run, as candidates: `name:`, `image:`, script lines. */
function gitlabCandidates(file: GitlabFile): Candidate[] {
  const out: Candidate[] = [];
  const image = (s: { value: string; span: { line: number; column: number } } | undefined) => {
    if (s) out.push({ text: `image: ${s.value}`, line: s.span.line, column: s.span.column });
  };
  image(file.defaultImage);
  for (const s of file.defaultServices) image(s);
  for (const job of file.jobs) {
    // hidden jobs (`.template`) never run themselves; what extends them carries their scripts
    if (job.hidden) continue;
    out.push({ text: `${job.name}:`, line: job.span.line, column: job.span.column });
    image(job.image);
    for (const s of job.services) image(s);
    for (const c of job.commands) {
      // a multi-line command is a block scalar: its lines start on the line after the header
      const lines = c.text.split('\n');
      if (lines.length === 1) out.push({ text: c.text, line: c.span.line, column: c.span.column });
      else lines.forEach((text, i) => void out.push({ text, line: c.span.line + i + 1, column: 1 }));
    }
  }
  return out;
}

function isActionsFile(path: string): boolean {
  const base = baseOf(path);
  return (
    base === 'action.yml' || base === 'action.yaml' || matchesAny(ciPipelineGlobs('github-actions'), path)
  );
}

export async function collectSbomGeneration(
  inventory: Inventory,
  documents: DocumentCache,
): Promise<SbomGenerationFacts> {
  const facts: SbomGenerationFacts = { ciFiles: [], unread: [], steps: [], committed: [], releases: [] };
  for (const f of filesWithBase(inventory, (base) => committedSbom.test(base))) {
    if (!excludedFor('configuration', f.path)) facts.committed.push(f.path);
  }
  const maxCiBytes = limitFor('ci');
  for (const f of ciFiles(inventory)) {
    facts.ciFiles.push(f.path);
    if (f.size > maxCiBytes) {
      facts.unread.push(f.path);
      continue;
    }
    if (isActionsFile(f.path)) {
      const read = await documents.actions(f.path);
      if ('error' in read || blockingProblem(read.file)) facts.unread.push(f.path);
      else {
        facts.steps.push(...findSbomStepsInActions(read.file));
        const release = findReleaseSignInActions(read.file);
        if (release) facts.releases.push(release);
      }
      continue;
    }
    if (matchesAny(ciPipelineGlobs('gitlab-ci'), f.path)) {
      const read = await documents.gitlab(f.path);
      if ('error' in read || read.file.error) facts.unread.push(f.path);
      else {
        const candidates = gitlabCandidates(read.file);
        facts.steps.push(...matchTools(f.path, candidates));
        const release = releaseSignIn(f.path, candidates);
        if (release) facts.releases.push(release);
      }
      continue;
    }
    try {
      const text = await inventory.readText(f.path, maxCiBytes);
      facts.steps.push(...findSbomSteps(f.path, text));
      const release = findReleaseSign(f.path, text);
      if (release) facts.releases.push(release);
    } catch {
      facts.unread.push(f.path);
    }
  }
  return facts;
}

export const sbomGenerationFact = defineFact<SbomGenerationFacts>('sbom-generation');

export const sbomGenerationCollector: Collector<SbomGenerationFacts> = {
  fact: sbomGenerationFact,
  collect: ({ inventory, documents }) => collectSbomGeneration(inventory, documents),
};
