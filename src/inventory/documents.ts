/**
 * Every configuration file parsed once per run. Collectors, extractors and models ask this cache
 * for a file's text, YAML, JSON or TOML instead of reading and parsing it themselves, so three
 * readers of one workflow cost one read and one parse, and all of them see the same problems.
 * Reads are bounded; parse failures are values, never exceptions.
 */
import { type ActionsFileKind, buildActionsFile, kindOfPath } from '../models/github-actions/build.js';
import type { ActionsFile } from '../models/github-actions/types.js';
import { buildGitlabFile, type GitlabFile } from '../models/gitlab-ci/index.js';
import { errorText } from '../util/text.js';
import { parseYamlDocument, type SafeYamlDocument } from '../util/yaml.js';
import { limitFor } from './scope.js';
import type { Inventory } from './types.js';

/** Largest configuration file parsed whole (the scope policy's); bigger ones are reported, not read. */
export const MAX_CONFIG_BYTES = limitFor('configuration');
/** Largest prose read (policy, CODEOWNERS; the scope policy's); the rest is cut off. */
export const MAX_TEXT_BYTES = limitFor('prose');

export { errorText };

export type ReadResult = { text: string; truncated: boolean } | { error: string };

/**
 * Reads a file as text. Files over `limit` are refused (`refuse`) or cut (`cut`): configuration
 * parsed as a whole must be complete, prose can be read in part.
 */
export async function readBounded(
  inventory: Inventory,
  path: string,
  limit: number,
  mode: 'refuse' | 'cut',
): Promise<ReadResult> {
  const file = inventory.get(path);
  if (file?.binary) return { error: 'binary content' };
  if (file && file.size > limit && mode === 'refuse') {
    return { error: `file is ${file.size} bytes, over the ${limit}-byte limit for configuration files` };
  }
  try {
    const text = await inventory.readText(path, limit);
    const truncated = (file?.size ?? 0) > limit;
    // A UTF-8 BOM is not content.
    return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, truncated };
  } catch (e) {
    return { error: `cannot read: ${errorText(e)}` };
  }
}

export type YamlRead = { text: string; yaml: SafeYamlDocument } | { error: string };
export type JsonRead = { text: string; value: unknown } | { error: string };
export type TomlRead = { text: string; value: Record<string, unknown> } | { error: string };
/** A GitHub Actions file's model; invalid YAML and limits are in `file.problems`, not errors. */
export type ActionsRead = { text: string; file: ActionsFile } | { error: string };
/** A GitLab CI file's model; a file that could not be modelled has `file.error`. */
export type GitlabRead = { text: string; file: GitlabFile } | { error: string };

export interface DocumentCache {
  /** The whole file as text (configuration limit), or why it could not be read. */
  text(path: string): Promise<ReadResult>;
  /** Parsed with positions by the bounded YAML parser; a syntax problem is in `yaml.error`. */
  yaml(path: string): Promise<YamlRead>;
  json(path: string): Promise<JsonRead>;
  toml(path: string): Promise<TomlRead>;
  /**
   * The GitHub Actions model of a workflow, action metadata or Dependabot file (kind from the path
   * unless given), built once per run and shared by every reader (CI, SBOM generation, the
   * composition's workflow extractor, dependency updates).
   */
  actions(path: string, kind?: ActionsFileKind): Promise<ActionsRead>;
  /** The GitLab CI model of a pipeline or included file, built once per run (CI audits, SBOM generation). */
  gitlab(path: string): Promise<GitlabRead>;
  /** How many times this run parsed the file, by any parser (readers should share one parse). */
  parses(path: string): number;
}

/** A cache for one run over one inventory; entries live as long as the run. */
export function createDocumentCache(inventory: Inventory): DocumentCache {
  const memo = new Map<string, Promise<unknown>>();
  const parseCounts = new Map<string, number>();
  const counted = <T>(path: string, parse: () => T): T => {
    parseCounts.set(path, (parseCounts.get(path) ?? 0) + 1);
    return parse();
  };
  const once = <T>(kind: string, path: string, make: () => Promise<T>): Promise<T> => {
    const key = `${kind}\0${path}`;
    let p = memo.get(key) as Promise<T> | undefined;
    if (!p) {
      p = make();
      memo.set(key, p);
    }
    return p;
  };
  const text = (path: string) =>
    once('text', path, () => readBounded(inventory, path, MAX_CONFIG_BYTES, 'refuse'));
  return {
    text,
    yaml: (path) =>
      once('yaml', path, async (): Promise<YamlRead> => {
        const read = await text(path);
        if ('error' in read) return read;
        return { text: read.text, yaml: counted(path, () => parseYamlDocument(read.text)) };
      }),
    json: (path) =>
      once('json', path, async (): Promise<JsonRead> => {
        const read = await text(path);
        if ('error' in read) return read;
        try {
          return { text: read.text, value: counted(path, () => JSON.parse(read.text)) };
        } catch (e) {
          return { error: `not valid JSON: ${errorText(e)}` };
        }
      }),
    toml: (path) =>
      once('toml', path, async (): Promise<TomlRead> => {
        const read = await text(path);
        if ('error' in read) return read;
        // Loaded by the first TOML file asked for: most trees have none.
        const { parse: parseToml } = await import('smol-toml');
        try {
          return {
            text: read.text,
            value: counted(path, () => parseToml(read.text)) as Record<string, unknown>,
          };
        } catch (e) {
          return { error: `not valid TOML: ${errorText(e).split('\n')[0]}` };
        }
      }),
    actions: (path, kind = kindOfPath(path)) =>
      once(`actions:${kind}`, path, async (): Promise<ActionsRead> => {
        const read = await text(path);
        if ('error' in read) return read;
        return {
          text: read.text,
          file: counted(path, () => buildActionsFile({ path, text: read.text, kind })),
        };
      }),
    gitlab: (path) =>
      once('gitlab', path, async (): Promise<GitlabRead> => {
        const read = await text(path);
        if ('error' in read) return read;
        return { text: read.text, file: counted(path, () => buildGitlabFile(path, read.text)) };
      }),
    parses: (path) => parseCounts.get(path) ?? 0,
  };
}
