/**
 * Reads and validates every `<language>/<format>/extractor.yaml` below the extractors folder: at
 * build time (build-definitions.ts), and in place of the generated JSON when vouch runs from
 * source (tsx, tests). A folder with an index.ts but no extractor.yaml is an error, as is an id
 * that is not its folder, a pattern that does not compile, or a purl type other than the one the
 * ecosystem's package URLs use.
 */
import { existsSync, readdirSync } from 'node:fs';
import { z } from 'zod';
import { readDefinitionFile } from '../../util/definition-file.js';
import { purlTypeFor } from '../purl.js';
import type { ExtractorDefinition } from './definition.js';

export const EXTRACTOR_FILE = 'extractor.yaml';
// Our own files, but a bound keeps a corrupted checkout from exhausting memory.
const MAX_FILE_BYTES = 16 * 1024;
/** Folders at the language level that hold shared code, not extractors. */
const NOT_EXTRACTORS = new Set(['support', 'internal', 'testdata']);

const regex = z.string().refine(
  (s) => {
    try {
      new RegExp(s);
      return true;
    } catch {
      return false;
    }
  },
  { message: 'not a valid regular expression' },
);

const definitionSchema = z.strictObject({
  id: z.string().regex(/^[a-z]+\/[a-z0-9]+$/),
  ecosystem: z.enum([
    'npm',
    'pypi',
    'golang',
    'cargo',
    'gem',
    'composer',
    'nuget',
    'maven',
    'github-actions',
    'docker',
  ]),
  purlType: z.string().min(1),
  format: z.string().min(1),
  kind: z.enum(['lockfile', 'manifest']),
  export: z.string().regex(/^[A-Za-z_$][\w$]*$/),
  reads: z
    .strictObject({
      names: z
        .array(
          z
            .string()
            .min(1)
            .regex(/^[^/]+$/),
        )
        .min(1)
        .optional(),
      namePattern: regex.optional(),
      pathPattern: regex.optional(),
      notNamePattern: regex.optional(),
      notInside: z.array(z.string().min(1)).optional(),
      ignoreCase: z.boolean().optional(),
    })
    .refine((r) => r.names || r.namePattern || r.pathPattern, {
      message: 'names, namePattern or pathPattern is needed: an extractor must read some file',
    }),
  cannotSee: z.array(z.string().min(1)).min(1),
});

export class ExtractorDefinitionError extends Error {
  override name = 'ExtractorDefinitionError';
}

/** `<language>/<format>` of every folder below `dir` that holds an index.ts or an extractor.yaml. */
function extractorFolders(dir: URL): string[] {
  const out: string[] = [];
  for (const language of readdirSync(dir, { withFileTypes: true })) {
    if (!language.isDirectory() || NOT_EXTRACTORS.has(language.name)) continue;
    for (const format of readdirSync(new URL(`${language.name}/`, dir), { withFileTypes: true })) {
      if (!format.isDirectory() || NOT_EXTRACTORS.has(format.name)) continue;
      const folder = new URL(`${language.name}/${format.name}/`, dir);
      const code = existsSync(new URL('index.ts', folder)) || existsSync(new URL('index.js', folder));
      if (code || existsSync(new URL(EXTRACTOR_FILE, folder))) out.push(`${language.name}/${format.name}`);
    }
  }
  return out.sort();
}

/** Every extractor definition below `dir`, validated, sorted by id; throws naming each problem. */
export function readExtractorDefinitions(dir: URL): ExtractorDefinition[] {
  const problems: string[] = [];
  const definitions: ExtractorDefinition[] = [];
  for (const id of extractorFolders(dir)) {
    const where = `src/composition/extractors/${id}/${EXTRACTOR_FILE}`;
    const file = new URL(`${id}/${EXTRACTOR_FILE}`, dir);
    if (!existsSync(file)) {
      problems.push(`${where}: missing (the folder has code but does not describe itself)`);
      continue;
    }
    const parsed = readDefinitionFile(file, where, definitionSchema, MAX_FILE_BYTES, problems);
    if (!parsed) continue;
    const def = parsed as ExtractorDefinition;
    if (def.id !== id) problems.push(`${where}: id ${def.id} differs from its folder ${id}`);
    if (def.purlType !== purlTypeFor(def.ecosystem)) {
      problems.push(
        `${where}: purlType ${def.purlType}, but ${def.ecosystem} package URLs use ${purlTypeFor(def.ecosystem)}`,
      );
    }
    definitions.push(def);
  }
  if (problems.length > 0) {
    throw new ExtractorDefinitionError(`invalid extractor definitions:\n  ${problems.join('\n  ')}`);
  }
  return definitions;
}
