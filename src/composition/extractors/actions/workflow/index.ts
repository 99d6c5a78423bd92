/**
 * GitHub Actions dependencies: every `uses:` in workflows (root .github/workflows/*.yml|yaml: job steps and
 * reusable-workflow jobs) and in action metadata (action.yml|yaml: composite `runs.steps`, Docker
 * `runs.image`). `owner/repo[/path]@ref` is a github-actions component named `owner/repo[/path]`,
 * pinned only by a full commit SHA; `./path` is the repository's own code (source path, fixed by the
 * commit being scanned); `docker://image`, job `container:` and `services:` images are docker
 * components. All are CI/build tooling: scope dev.
 */

import type { Document, Node, YAMLMap } from 'yaml';
import { limitFor } from '../../../../inventory/scope.js';
import type { Component, ExtractionResult, Extractor } from '../../../component.js';
import { purlFor } from '../../../purl.js';
import { isActionMetadataPath, isWorkflowPath, workflowFormat } from '../../formats.js';
import { imageComponent, parseImageRef } from '../../support/image-ref.js';
import { loadYaml, loadYamlLimits } from '../../support/lazy.js';

const ID = workflowFormat.id;
// the yaml package parses about 1 MB/s; real workflows are a few KB
/** Workflows are CI files: the scope policy's bound for them. */
const MAX_WORKFLOW_BYTES = limitFor('ci');
const COMMIT_SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

type YamlApi = Awaited<ReturnType<typeof loadYaml>>;

/**
 * Navigation over one parsed document. Nothing is ever converted with toJS, so aliases are never
 * expanded (`deref` follows one to the node it names) and an alias bomb costs no more than its text.
 */
function navigator(yaml: YamlApi, doc: Document.Parsed) {
  const { isAlias, isMap, isSeq, isScalar } = yaml;
  const deref = (node: unknown): unknown => (isAlias(node) ? node.resolve(doc) : node);
  return {
    get(map: unknown, key: string): unknown {
      const m = deref(map);
      if (!isMap(m)) return undefined;
      const pair = (m as YAMLMap).items.find((p) => isScalar(p.key) && p.key.value === key);
      return deref(pair?.value);
    },
    items(seq: unknown): unknown[] {
      const s = deref(seq);
      return isSeq(s) ? s.items.map((i) => deref(i)) : [];
    },
    mapValues(map: unknown): unknown[] {
      const m = deref(map);
      return isMap(m) ? (m as YAMLMap).items.map((p) => deref(p.value)) : [];
    },
  };
}

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
  if (value.includes('${{')) {
    return { note: `line ${line}: uses "${short(value)}" is an expression (GitHub rejects these)` };
  }
  if (value.startsWith('docker://')) {
    const image = parseImageRef(value.slice('docker://'.length));
    return image
      ? { component: imageComponent(image, 'dev', { path, line }) }
      : { note: `line ${line}: "${short(value)}" is not an image` };
  }
  if (value.startsWith('./') || value.startsWith('../')) {
    const local = value.replace(/^\.\/+/, '').replace(/\/+$/, '');
    const component: Component = {
      ecosystem: 'github-actions',
      name: value,
      version: '',
      // the action is part of the commit being scanned
      pinned: true,
      purl: purlFor('github-actions', local || 'local', undefined),
      scope: 'dev',
      direct: true,
      source: 'path',
      sourceRef: value,
      location: { path, line },
    };
    return { component };
  }
  const at = value.lastIndexOf('@');
  const ref = at > 0 ? value.slice(at + 1) : '';
  const [owner, repo, ...rest] = (at > 0 ? value.slice(0, at) : '').split('/');
  const invalid = { note: `line ${line}: "${short(value)}" is not owner/repo[/path]@ref` };
  if (!ref || !owner || !repo || /\s/.test(value)) return invalid;
  // "owner/repo/./path/", "owner/repo////": GitHub resolves these like a normalised path
  const segments: string[] = [];
  for (const s of rest) {
    if (s === '' || s === '.') continue;
    if (s === '..') {
      if (segments.length === 0) return invalid;
      segments.pop();
    } else {
      segments.push(s);
    }
  }
  const name = [owner, repo, ...segments].join('/');
  const component: Component = {
    ecosystem: 'github-actions',
    name,
    version: ref,
    pinned: COMMIT_SHA.test(ref),
    purl: purlFor('github-actions', name, ref),
    scope: 'dev',
    direct: true,
    source: 'git',
    sourceRef: `https://github.com/${owner}/${repo}`,
    location: { path, line },
  };
  if (component.pinned) component.commit = ref;
  const written = value.slice(0, at);
  return written === name
    ? { component }
    : { component, note: `line ${line}: "${short(written)}" read as ${name} (redundant path segments)` };
}

/** Throws only when the yaml library cannot be loaded or gives up (alias budget); `extract` catches. */
export async function parseWorkflow(path: string, text: string): Promise<ExtractionResult> {
  const result: ExtractionResult = { path, extractor: ID, components: [] };
  if (text.length > MAX_WORKFLOW_BYTES) {
    return { ...result, error: `file too large: ${text.length} characters (limit ${MAX_WORKFLOW_BYTES})` };
  }
  const [yaml, { yamlNestingError }] = await Promise.all([loadYaml(), loadYamlLimits()]);
  const { isMap, isScalar } = yaml;
  const tooDeep = yamlNestingError(text);
  if (tooDeep) return { ...result, error: `could not extract: ${tooDeep}` };
  const lineCounter = new yaml.LineCounter();
  const doc = yaml.parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: true });
  const { get, items, mapValues } = navigator(yaml, doc);
  const notes: string[] = [];
  const lineOf = (node: unknown): number => {
    const range = (node as Node | undefined)?.range;
    return range ? lineCounter.linePos(range[0]).line : 0;
  };
  const take = (node: unknown) => {
    if (!isScalar(node) || typeof node.value !== 'string') {
      if (node !== undefined && node !== null) notes.push(`line ${lineOf(node)}: uses is not a string`);
      return;
    }
    const { component, note } = usesComponent(node.value, path, lineOf(node));
    if (component) result.components.push(component);
    if (note) notes.push(note);
  };

  // `container:` (a string, or a map with `image`) and `services.<id>.image` run images in CI.
  const takeImage = (node: unknown) => {
    const image = isMap(node) ? get(node, 'image') : node;
    if (!isScalar(image) || typeof image.value !== 'string' || image.value.trim() === '') return;
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

  const root = doc.contents;
  if (isWorkflowPath(path)) {
    for (const job of mapValues(get(root, 'jobs'))) {
      take(get(job, 'uses'));
      takeImage(get(job, 'container'));
      for (const service of mapValues(get(job, 'services'))) takeImage(service);
      for (const step of items(get(job, 'steps'))) take(get(step, 'uses'));
    }
  }
  if (isActionMetadataPath(path)) {
    const runs = get(root, 'runs');
    for (const step of items(get(runs, 'steps'))) take(get(step, 'uses'));
    const image = get(runs, 'image');
    // a local Dockerfile is read by the Dockerfile extractor
    if (isScalar(image) && typeof image.value === 'string' && image.value.startsWith('docker://'))
      take(image);
  }

  const firstError = doc.errors[0];
  if (firstError) {
    const pos = firstError.linePos?.[0];
    const where = pos ? `${pos.line}:${pos.col}` : '?';
    result.error = `invalid YAML at ${where}: ${firstError.message.split('\n')[0]}`;
  }
  if (notes.length > 0) result.notes = notes;
  return result;
}

export const workflowExtractor: Extractor = {
  ...workflowFormat,
  async extract(input) {
    try {
      return await parseWorkflow(input.path, input.text);
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
