/**
 * Code loads on first use, not when the extractor registry is imported: a typical scan runs one or
 * two of the ~25 extractors, and a fresh process pays for every module it loads (the parser
 * libraries alone cost well over 100 ms; yaml is ~70 CommonJS files).
 *
 * - The registry holds each extractor's `ExtractorInfo` (id, format, the synchronous path test) and
 *   loads the extractor's own module on its first `extract()` call (`lazyExtractor`).
 * - Extractors load their parser library inside `extract()` (`loadYaml()`, `loadToml()`, ...).
 *
 * Each loader imports once; later calls share the promise. A module that fails to load becomes an
 * error value, never an exception out of `extract()`.
 */
import type { ExtractionResult, Extractor } from '../../component.js';

/** What the registry knows about an extractor before its code is loaded. */
export type ExtractorInfo = Omit<Extractor, 'extract'>;

/** An extractor whose implementation module is imported on its first `extract()` call. */
export function lazyExtractor(info: ExtractorInfo, load: () => Promise<Extractor>): Extractor {
  let loaded: Promise<Extractor> | undefined;
  return {
    ...info,
    async extract(input): Promise<ExtractionResult> {
      let extractor: Extractor;
      try {
        loaded ??= load();
        extractor = await loaded;
      } catch (e) {
        return { path: input.path, extractor: info.id, components: [], error: moduleLoadError(info.id, e) };
      }
      return extractor.extract(input);
    },
  };
}

function moduleLoadError(what: string, e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return `the ${what} extractor could not be loaded: ${message.split('\n', 1)[0]}`;
}

type YamlModule = typeof import('yaml');
type YamlLimitsModule = typeof import('../../../util/yaml.js');
type ActionsModelModule = typeof import('../../../models/github-actions/build.js');
type TomlModule = typeof import('smol-toml');
type SaxesModule = typeof import('saxes');
type JsoncModule = typeof import('jsonc-parser');

let yaml: Promise<YamlModule> | undefined;
let yamlLimits: Promise<YamlLimitsModule> | undefined;
let actionsModel: Promise<ActionsModelModule> | undefined;
let toml: Promise<TomlModule> | undefined;
let saxes: Promise<SaxesModule> | undefined;
let jsonc: Promise<JsoncModule> | undefined;

export function loadYaml(): Promise<YamlModule> {
  yaml ??= import('yaml');
  return yaml;
}

/** vouch's nesting and alias limits for untrusted YAML (src/util/yaml.ts, which itself loads yaml). */
export function loadYamlLimits(): Promise<YamlLimitsModule> {
  yamlLimits ??= import('../../../util/yaml.js');
  return yamlLimits;
}

/** The GitHub Actions model builder (src/models/github-actions, which loads yaml and vouch's limits). */
export function loadActionsModel(): Promise<ActionsModelModule> {
  actionsModel ??= import('../../../models/github-actions/build.js');
  return actionsModel;
}

export function loadToml(): Promise<TomlModule> {
  toml ??= import('smol-toml');
  return toml;
}

export function loadSaxes(): Promise<SaxesModule> {
  saxes ??= import('saxes');
  return saxes;
}

export function loadJsonc(): Promise<JsoncModule> {
  jsonc ??= import('jsonc-parser');
  return jsonc;
}

/** The error text for a library that could not be loaded (a broken install, not a problem in the file). */
export function libraryLoadError(library: string, e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return `the ${library} library could not be loaded: ${message.split('\n', 1)[0]}`;
}
