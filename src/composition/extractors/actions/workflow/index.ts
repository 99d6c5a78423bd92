/**
 * GitHub Actions dependencies: every `uses:` in workflows (root .github/workflows/*.yml|yaml: job steps and
 * reusable-workflow jobs) and in action metadata (action.yml|yaml: composite `runs.steps`, Docker
 * `runs.image`). `owner/repo[/path]@ref` is a github-actions component named `owner/repo[/path]`,
 * pinned only by a full commit SHA; `./path` is the repository's own code (source path, fixed by the
 * commit being scanned); `docker://image`, job `container:` and `services:` images are docker
 * components. All are CI/build tooling: scope dev.
 */

import type { DocumentCache } from '../../../../inventory/documents.js';
import { limitFor } from '../../../../inventory/scope.js';
import type { Container, Str, Uses } from '../../../../models/github-actions/types.js';
import { parseUses, parseUsesText, pinnedToCommit } from '../../../../models/github-actions/uses.js';
import type { Component, ExtractionResult, Extractor } from '../../../component.js';
import { purlFor } from '../../../purl.js';
import { infoFor } from '../../definitions.js';
import { imageComponent, parseImageRef } from '../../support/image-ref.js';
import { loadActionsModel } from '../../support/lazy.js';

const workflowFormat = infoFor(import.meta.url);

/** GitHub runs only the workflows at the repository root's .github/workflows (not in subfolders). */
function isWorkflowPath(path: string): boolean {
  return /^\.github\/workflows\/[^/]+\.ya?ml$/.test(path);
}

const ID = workflowFormat.id;
// the yaml package parses about 1 MB/s; real workflows are a few KB
/** Workflows are CI files: the scope policy's bound for them. */
const MAX_WORKFLOW_BYTES = limitFor('ci');

function short(s: string): string {
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
}

/** Turns one `uses:` value into a component and/or a note (why it was skipped, or how it was read). */
export function usesComponent(
  uses: string,
  path: string,
  line: number,
): { component?: Component; note?: string } {
  const value = uses.trim();
  const parsed = parseUsesText(value);
  switch (parsed.kind) {
    case 'expression':
      return { note: `line ${line}: uses "${short(value)}" is an expression (GitHub rejects these)` };
    case 'docker': {
      const image = parseImageRef(parsed.image ?? '');
      return image
        ? { component: imageComponent(image, 'dev', { path, line }) }
        : { note: `line ${line}: "${short(value)}" is not an image` };
    }
    case 'local':
      // A local action or reusable workflow is part of the commit being scanned, not a component.
      return { note: `line ${line}: ${short(value)} is part of this repository, not a component` };
    case 'invalid':
      return { note: `line ${line}: "${short(value)}" is not owner/repo[/path]@ref` };
    default:
      break;
  }
  const { owner = '', repo = '', ref = '' } = parsed;
  const name = [owner, repo, ...(parsed.path ? [parsed.path] : [])].join('/');
  const component: Component = {
    ecosystem: 'github-actions',
    name,
    version: ref,
    pinned: pinnedToCommit(parsed),
    purl: purlFor('github-actions', name, ref),
    scope: 'dev',
    direct: true,
    source: 'git',
    sourceRef: `https://github.com/${owner}/${repo}`,
    location: { path, line },
  };
  if (component.pinned) component.commit = ref;
  const written = value.slice(0, value.lastIndexOf('@'));
  return written === name
    ? { component }
    : { component, note: `line ${line}: "${short(written)}" read as ${name} (redundant path segments)` };
}

/**
 * Reads the `uses:` and images of one file through the GitHub Actions model. Duplicate keys do not
 * stop extraction (the first value counts); other YAML errors are reported beside what could be read.
 * Throws only when the model's code cannot be loaded; `extract` catches.
 */
export async function parseWorkflow(
  path: string,
  text: string,
  documents?: DocumentCache,
): Promise<ExtractionResult> {
  const result: ExtractionResult = { path, extractor: ID, components: [] };
  if (text.length > MAX_WORKFLOW_BYTES) {
    return { ...result, error: `file too large: ${text.length} characters (limit ${MAX_WORKFLOW_BYTES})` };
  }
  const workflow = isWorkflowPath(path);
  if (!workflow && !workflowFormat.matches(path)) return result;
  const { buildActionsFile, blockingProblem } = await loadActionsModel();
  const kind = workflow ? 'workflow' : 'action';
  // Within a run the model comes from the document cache, where the CI collector built it too.
  const read = documents
    ? await documents.actions(path, kind)
    : { text, file: buildActionsFile({ path, text, kind }) };
  if ('error' in read) return { ...result, error: read.error };
  const file = read.file;
  const notes: string[] = [];
  const lineOf = (s: Str): number => (s.via ?? s.span).line;
  const take = (uses: Uses | undefined) => {
    if (!uses) return;
    if (uses.raw.typed) {
      notes.push(`line ${lineOf(uses.raw)}: uses is not a string`);
      return;
    }
    const { component, note } = usesComponent(uses.raw.value, path, lineOf(uses.raw));
    if (component) result.components.push(component);
    if (note) notes.push(note);
  };
  // `container:` (a string, or a map with `image`) and `services.<id>.image` run images in CI.
  const takeImage = (container: Container | undefined) => {
    const image = container?.image;
    if (!image || image.value.trim() === '') return;
    const value = image.value.trim();
    const line = lineOf(image);
    if (value.includes('${{')) {
      notes.push(`line ${line}: image "${short(value)}" is an expression`);
      return;
    }
    const ref = parseImageRef(value.replace(/^docker:\/\//, ''));
    if (ref) result.components.push(imageComponent(ref, 'dev', { path, line }));
    else notes.push(`line ${line}: "${short(value)}" is not an image reference`);
  };
  if (file.kind === 'workflow') {
    for (const job of file.jobs) {
      take(job.uses);
      takeImage(job.container);
      for (const service of job.services) takeImage(service.container);
      for (const step of job.steps) take(step.uses);
    }
  } else if (file.kind === 'action' && file.runs) {
    for (const step of file.runs.steps) take(step.uses);
    const image = file.runs.image;
    // a local Dockerfile is read by the Dockerfile extractor
    if (image?.value.startsWith('docker://')) take(parseUses(image));
  }
  for (const p of file.problems) {
    if (p.kind === 'shape' && /(^|\.)uses$/.test(p.route))
      notes.push(`line ${p.span?.line ?? 0}: uses is not a string`);
  }
  const blocking = blockingProblem(file, ['DUPLICATE_KEY']);
  if (blocking) {
    result.error =
      blocking.kind === 'yaml' && blocking.span
        ? `invalid YAML at ${blocking.span.line}:${blocking.span.column}: ${blocking.message}`
        : `could not extract: ${blocking.message}`;
  }
  if (notes.length > 0) result.notes = notes;
  return result;
}

export const workflowExtractor: Extractor = {
  ...workflowFormat,
  async extract(input) {
    try {
      return await parseWorkflow(input.path, input.text, input.documents);
    } catch (e) {
      // e.g. the alias budget: "Excessive alias count indicates a resource exhaustion attack"
      return {
        path: input.path,
        extractor: ID,
        components: [],
        error: `could not extract: ${(e as Error).message}`,
      };
    }
  },
};
