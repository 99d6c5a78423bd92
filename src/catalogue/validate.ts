/**
 * Parsing and validating the catalogue's YAML with its zod schemas: at build time (the build
 * writes the result, see shipped-data.ts), in tests, and at run time only when the build's data
 * is missing or was made from other text.
 */
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import type { z } from 'zod';
import {
  assembleCatalogue,
  CatalogueError,
  type CatalogueFiles,
  type CatalogueTexts,
  FILES,
  type LoadedCatalogue,
  readCatalogueTexts,
} from './assemble.js';
import { aicopFileSchema, evidenceFileSchema, sscopFileSchema } from './schema.js';

/** Parses one catalogue file's YAML; throws CatalogueError when it is not valid YAML. */
export function parseCatalogueYaml(file: string, text: string): unknown {
  try {
    return parse(text, { maxAliasCount: 100, uniqueKeys: true });
  } catch (error) {
    throw new CatalogueError(`catalogue/${file}: not valid YAML: ${(error as Error).message}`);
  }
}

function validate<T>(file: string, data: unknown, schema: z.ZodType<T>): T {
  // Validated once per process: zod's compiled fast path for objects costs more to build than it saves.
  const result = schema.safeParse(data, { jitless: true });
  if (result.success) return result.data;
  const lines = result.error.issues
    .slice(0, 20)
    .map((issue) => `  ${formatPath(issue.path)}: ${issue.message}`);
  const more = result.error.issues.length > 20 ? `\n  ... and ${result.error.issues.length - 20} more` : '';
  throw new CatalogueError(`catalogue/${file} is invalid:\n${lines.join('\n')}${more}`);
}

function formatPath(path: PropertyKey[]): string {
  if (path.length === 0) return '(top level)';
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`))
    .join('');
}

/** Parses and validates each data file; throws CatalogueError with the first problems. */
export function validateCatalogueFiles(texts: CatalogueTexts): CatalogueFiles {
  return {
    sscop: validate(FILES.sscop, parseCatalogueYaml(FILES.sscop, texts.sscop), sscopFileSchema),
    aicop: validate(FILES.aicop, parseCatalogueYaml(FILES.aicop, texts.aicop), aicopFileSchema),
    evidence: validate(
      FILES.evidence,
      parseCatalogueYaml(FILES.evidence, texts.evidence),
      evidenceFileSchema,
    ),
  };
}

/** Loads a catalogue folder, parsing and validating its YAML, without caching (tests use altered copies). */
export function loadCatalogueFrom(dir: URL | string): LoadedCatalogue {
  const base = typeof dir === 'string' ? pathToFileURL(dir.endsWith('/') ? dir : `${dir}/`) : dir;
  const texts = readCatalogueTexts(base);
  return assembleCatalogue(texts, validateCatalogueFiles(texts));
}
