/**
 * The AI inventory beyond libraries: model files (by extension and by their first bytes), datasets,
 * prompts, evaluation configurations and results, model cards, and the AI tooling used to build
 * the product. Knowledge is data (rules/ai-assets.yaml); model files are only ever read by a
 * bounded ranged read of their first bytes here.
 */
import { posix } from 'node:path';
import type { z } from 'zod';
import { type DetectedFormat, detectFormat, HEAD_BYTES } from '../../ai/formats/detect.js';
import type { DocumentCache } from '../../inventory/documents.js';
import { excludedFor } from '../../inventory/scope.js';
import type { Inventory, InventoryFile } from '../../inventory/types.js';
import { parseYamlSafely } from '../../util/yaml.js';
import { lazySchema } from '../../util/zod.js';
import { ruleFile } from '../rules.js';

const lowerList = lazySchema((z) =>
  z.array(z.string().min(1)).transform((xs) => xs.map((x) => x.toLowerCase())),
);
const tool = lazySchema((z) => z.enum(['promptfoo', 'garak']));

const assetRulesSchema = lazySchema((z) =>
  z.strictObject({
    version: z.literal(1),
    contentDetection: z.strictObject({
      formats: z.array(z.enum(['safetensors', 'gguf', 'npy', 'hdf5', 'tflite', 'pickle', 'pytorch-legacy'])),
      minBytes: z.number().int().min(1),
      maxFiles: z.number().int().min(0),
      skipExtensions: lowerList(),
    }),
    datasets: z.strictObject({
      extensions: lowerList(),
      folderExtensions: lowerList(),
      folders: lowerList(),
      cardKeys: z.array(z.string()),
    }),
    prompts: z.strictObject({ extensions: lowerList(), folders: lowerList(), folderExtensions: lowerList() }),
    evaluations: z.strictObject({
      configs: z.array(z.strictObject({ name: z.string(), tool: tool() })),
      results: z.array(
        z.strictObject({
          suffix: z.string(),
          prefix: z.string().optional(),
          folder: z.string().optional(),
          tool: tool(),
        }),
      ),
    }),
    modelCards: z.strictObject({ files: lowerList(), keys: z.array(z.string()) }),
    developmentTooling: z.strictObject({
      files: z.array(z.strictObject({ path: z.string(), tool: z.string() })),
      folders: z.array(z.strictObject({ path: z.string(), tool: z.string() })),
    }),
  }),
);
export type AiAssetRules = z.infer<ReturnType<typeof assetRulesSchema>>;

export function aiAssetRules(): AiAssetRules {
  return ruleFile('ai-assets.yaml', assetRulesSchema);
}

export type EvaluationTool = z.infer<ReturnType<typeof tool>>;

export interface ModelFile {
  path: string;
  size: number;
  confidence: 'low' | 'medium' | 'high';
  /** The format its first bytes show; absent when they show none vouch knows. */
  format?: DetectedFormat;
  /** How it was recognised: its extension, its content, or both agreeing. */
  matchedBy: 'extension' | 'content' | 'extension-and-content';
}

export interface AiAsset {
  path: string;
  /** Why it counts, e.g. "in the prompts folder", ".parquet file". */
  reason: string;
}

export interface EvaluationFile {
  path: string;
  tool: EvaluationTool;
  kind: 'config' | 'results';
}

/** Hugging Face card metadata (README front matter), as far as the AI-BOM uses it. */
export interface Card {
  path: string;
  kind: 'model' | 'dataset';
  name?: string;
  license?: string;
  pipelineTag?: string;
  baseModel?: string[];
  libraryName?: string;
  datasets?: string[];
  tags?: string[];
}

export interface DevelopmentTool {
  path: string;
  tool: string;
}

export interface AiAssets {
  modelFiles: ModelFile[];
  datasets: AiAsset[];
  prompts: AiAsset[];
  evaluations: EvaluationFile[];
  cards: Card[];
  /** AI used to build the product, not AI in it. */
  developmentTooling: DevelopmentTool[];
  /**
   * Files with a model file's extension that the scope policy leaves out of the product (test
   * data, tests, examples, docs, build output), with why: said, never judged.
   */
  outsideProduct: { path: string; reason: string }[];
  /** Files that could not be examined, and why. */
  problems: { path: string; message: string }[];
}

const extOf = (path: string) => posix.extname(path).toLowerCase();

/** Heads read at once: the reads wait on the disk, not the CPU. */
const SNIFF_CONCURRENCY = 16;

export async function collectAssets(
  inventory: Inventory,
  documents: DocumentCache,
  modelExtensions: ReadonlyMap<string, 'low' | 'medium' | 'high'>,
): Promise<AiAssets> {
  const rules = aiAssetRules();
  const out: AiAssets = {
    modelFiles: [],
    datasets: [],
    prompts: [],
    evaluations: [],
    cards: [],
    developmentTooling: [],
    outsideProduct: [],
    problems: [],
  };
  const strong = new Set<string>(rules.contentDetection.formats);
  const skip = new Set(rules.contentDetection.skipExtensions);
  const sniffed: InventoryFile[] = [];
  const devFiles = new Map(rules.developmentTooling.files.map((f) => [f.path.toLowerCase(), f.tool]));
  const devFolders = rules.developmentTooling.folders.map((f) => ({
    prefix: `${f.path.toLowerCase()}/`,
    tool: f.tool,
  }));
  const configs = new Map(rules.evaluations.configs.map((c) => [c.name.toLowerCase(), c.tool]));
  const cardFiles = new Set(rules.modelCards.files);

  const datasetFolders = new Set(rules.datasets.folders);
  const promptFolders = new Set(rules.prompts.folders);
  // What a file's folders say, worked out once per directory: files come in path order, so a
  // directory's files are neighbours (splitting and searching every path cost most of this loop).
  let dir = '\0';
  let folders: string[] = [];
  let devFolderTool: string | undefined;
  let promptFolder: string | undefined;
  let dataFolder: string | undefined;
  for (const f of inventory.files) {
    const lower = f.path.toLowerCase();
    const slash = lower.lastIndexOf('/');
    if (!(slash === dir.length && lower.startsWith(dir)) && !(slash < 0 && dir === '')) {
      dir = slash < 0 ? '' : lower.slice(0, slash);
      folders = slash < 0 ? [] : dir.split('/');
      // A folder prefix ends in "/", so it can only match the directory part of the path.
      devFolderTool = slash < 0 ? undefined : devFolders.find((d) => `${dir}/`.startsWith(d.prefix))?.tool;
      promptFolder = folders.find((d) => promptFolders.has(d));
      dataFolder = folders.find((d) => datasetFolders.has(d));
    }
    const base = lower.slice(slash + 1);
    const ext = extOf(base);
    const outside = excludedFor('ai-assets', f.path);
    if (outside) {
      if (modelExtensions.has(ext)) out.outsideProduct.push({ path: f.path, reason: outside.reason });
      continue;
    }
    const devTool = devFiles.get(lower) ?? devFolderTool;
    if (devTool) {
      out.developmentTooling.push({ path: f.path, tool: devTool });
      continue;
    }
    const configTool = configs.get(base);
    if (configTool) {
      out.evaluations.push({ path: f.path, tool: configTool, kind: 'config' });
      continue;
    }
    const resultsTool = rules.evaluations.results.find(
      (r) =>
        base.endsWith(r.suffix) &&
        (!r.prefix || base.startsWith(r.prefix)) &&
        (!r.folder || folders.includes(r.folder)),
    )?.tool;
    if (resultsTool) {
      out.evaluations.push({ path: f.path, tool: resultsTool, kind: 'results' });
      continue;
    }
    if (cardFiles.has(base)) sniffed.push(f); // read below for front matter
    if (modelExtensions.has(ext) || (!skip.has(ext) && f.size >= rules.contentDetection.minBytes)) {
      if (!cardFiles.has(base)) sniffed.push(f);
    }
    if (rules.prompts.extensions.includes(ext))
      out.prompts.push({ path: f.path, reason: `${ext} prompt file` });
    else if (promptFolder && rules.prompts.folderExtensions.includes(ext))
      out.prompts.push({ path: f.path, reason: `in a ${promptFolder} folder` });
    if (rules.datasets.extensions.includes(ext))
      out.datasets.push({ path: f.path, reason: `${ext} data file` });
    else if (dataFolder && rules.datasets.folderExtensions.includes(ext) && !cardFiles.has(base))
      out.datasets.push({ path: f.path, reason: `in a ${dataFolder} folder` });
  }

  const cards = sniffed.filter((f) => cardFiles.has(posix.basename(f.path).toLowerCase()));
  for (const f of cards) {
    const card = await readCard(f.path, documents, rules);
    if (card) out.cards.push(card);
  }
  const candidates = sniffed.filter((f) => !cardFiles.has(posix.basename(f.path).toLowerCase()));
  // Formats by first bytes, a bounded number of reads in flight; files past the budget keep only
  // what their extension says.
  const formats = new Map<string, DetectedFormat>();
  const budgeted = candidates.slice(0, rules.contentDetection.maxFiles);
  for (let i = 0; i < budgeted.length; i += SNIFF_CONCURRENCY) {
    await Promise.all(
      budgeted.slice(i, i + SNIFF_CONCURRENCY).map(async (f) => {
        try {
          const detected = detectFormat(await inventory.readHead(f.path, HEAD_BYTES), f.size);
          if (detected !== 'unknown' && detected !== 'pickle-text') formats.set(f.path, detected);
        } catch (e) {
          if (modelExtensions.has(extOf(f.path)))
            out.problems.push({ path: f.path, message: (e as Error).message });
        }
      }),
    );
  }
  for (const f of candidates) {
    const byExt = modelExtensions.get(extOf(f.path));
    const format = formats.get(f.path);
    const byContent = format !== undefined && strong.has(format);
    if (!byExt && !byContent) continue;
    // Content alone: a pickle may be any cached Python object; the other formats are models or tensors.
    const confidence = byExt
      ? byContent && format !== 'pickle'
        ? 'high'
        : byExt
      : format === 'pickle'
        ? 'low'
        : 'high';
    out.modelFiles.push({
      path: f.path,
      size: f.size,
      confidence,
      ...(format ? { format } : {}),
      matchedBy: byExt ? (byContent ? 'extension-and-content' : 'extension') : 'content',
    });
  }
  // Reads finish in any order; the output does not depend on it.
  out.problems.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
  await promptsFromPromptfoo(out, inventory, documents);
  out.datasets.push(
    ...out.cards
      .filter((c) => c.kind === 'dataset')
      .map((c) => ({ path: c.path, reason: 'Hugging Face dataset card' })),
  );
  return out;
}

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\s*(?:\r?\n|$)/;

const strings = (v: unknown): string[] | undefined => {
  const list = (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string' && x.length > 0);
  return list.length > 0 ? list : undefined;
};

async function readCard(
  path: string,
  documents: DocumentCache,
  rules: AiAssetRules,
): Promise<Card | undefined> {
  const read = await documents.text(path);
  if ('error' in read) return undefined;
  const m = FRONT_MATTER.exec(read.text);
  if (!m) return undefined;
  const { value } = parseYamlSafely(m[1]!, { schema: 'failsafe' });
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const fm = value as Record<string, unknown>;
  const kind = rules.modelCards.keys.some((k) => Object.hasOwn(fm, k))
    ? 'model'
    : rules.datasets.cardKeys.some((k) => Object.hasOwn(fm, k))
      ? 'dataset'
      : undefined;
  if (!kind) return undefined;
  const index = Array.isArray(fm['model-index'])
    ? (fm['model-index'][0] as Record<string, unknown>)
    : undefined;
  const name = strings(index?.name ?? fm.model_name ?? fm.pretty_name)?.[0];
  const license = strings(fm.license)?.[0];
  const pipelineTag = strings(fm.pipeline_tag)?.[0];
  const baseModel = strings(fm.base_model);
  const libraryName = strings(fm.library_name)?.[0];
  const datasets = strings(fm.datasets);
  const tags = strings(fm.tags);
  return {
    path,
    kind,
    ...(name ? { name } : {}),
    ...(license ? { license } : {}),
    ...(pipelineTag ? { pipelineTag } : {}),
    ...(baseModel ? { baseModel } : {}),
    ...(libraryName ? { libraryName } : {}),
    ...(datasets ? { datasets } : {}),
    ...(tags ? { tags } : {}),
  };
}

/** Prompt files a promptfoo configuration names (`prompts: [file://...]`) are prompts wherever they live. */
async function promptsFromPromptfoo(
  out: AiAssets,
  inventory: Inventory,
  documents: DocumentCache,
): Promise<void> {
  const known = new Set(out.prompts.map((p) => p.path));
  for (const e of out.evaluations) {
    if (e.tool !== 'promptfoo' || e.kind !== 'config' || !/\.ya?ml$/i.test(e.path)) continue;
    const read = await documents.yaml(e.path);
    if ('error' in read || !read.yaml.doc) continue;
    const prompts = read.yaml.doc.get('prompts');
    const items = (prompts as { items?: { value?: unknown }[] } | undefined)?.items ?? [];
    for (const item of items) {
      const value = (item as { value?: unknown }).value ?? item;
      if (typeof value !== 'string' || !value.startsWith('file://')) continue;
      const target = posix.normalize(posix.join(posix.dirname(e.path), value.slice('file://'.length)));
      if (target.startsWith('..') || known.has(target) || !inventory.has(target)) continue;
      known.add(target);
      out.prompts.push({ path: target, reason: `named as a prompt by ${e.path}` });
    }
  }
}
