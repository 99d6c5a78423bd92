/**
 * Where the CycloneDX JSON schemas live at run time, and how they are prepared for ajv. 1.6 is
 * vendored verbatim under schemas/external; 1.4 and 1.5 (ingest only) come from the installed
 * @cyclonedx/cyclonedx-library package.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type CycloneDxVersion = '1.4' | '1.5' | '1.6';
export const CYCLONEDX_VERSIONS: readonly CycloneDxVersion[] = ['1.4', '1.5', '1.6'];

type Json = Record<string, unknown>;

/** schemas/external, from src/formats/cyclonedx or dist/formats/cyclonedx alike. */
export const EXTERNAL_SCHEMAS = fileURLToPath(new URL('../../../schemas/external/', import.meta.url));

function readJson(path: string): Json {
  return JSON.parse(readFileSync(path, 'utf8')) as Json;
}

function libraryDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@cyclonedx/cyclonedx-library/package.json')), 'res', 'schema');
}

export interface SchemaSet {
  /** The bom schema, ready to compile (its `$schema` dropped: ajv knows draft-07 already). */
  main: Json;
  /** Referenced schemas by the file name the main schema uses. */
  refs: Record<string, Json>;
}

function withoutMetaSchema(s: Json): Json {
  const { $schema: _drop, ...rest } = s;
  return rest;
}

export function cycloneDxSchemas(version: CycloneDxVersion): SchemaSet {
  if (version === '1.6') {
    const dir = join(EXTERNAL_SCHEMAS, 'cyclonedx', '1.6');
    return {
      main: withoutMetaSchema(readJson(join(dir, 'bom-1.6.schema.json'))),
      refs: {
        'spdx.schema.json': withoutMetaSchema(readJson(join(dir, 'spdx.schema.json'))),
        'jsf-0.82.schema.json': withoutMetaSchema(readJson(join(dir, 'jsf-0.82.schema.json'))),
      },
    };
  }
  const dir = libraryDir();
  return {
    main: withoutMetaSchema(readJson(join(dir, `bom-${version}.SNAPSHOT.schema.json`))),
    refs: {
      'spdx.SNAPSHOT.schema.json': withoutMetaSchema(readJson(join(dir, 'spdx.SNAPSHOT.schema.json'))),
      'jsf-0.82.SNAPSHOT.schema.json': withoutMetaSchema(
        readJson(join(dir, 'jsf-0.82.SNAPSHOT.schema.json')),
      ),
    },
  };
}

/** Keywords that only annotate: dropping them changes no verdict, and shrinks generated code. */
const ANNOTATIONS = new Set(['description', 'title', 'examples', '$comment', 'meta:enum', 'default']);

/**
 * Copy of a schema without annotation keywords. Only removes a key where it is a keyword (in a
 * schema object), not where it names a property: inside `properties`, `definitions`,
 * `patternProperties` every key is kept.
 */
export function stripAnnotations(schema: unknown): unknown {
  const walk = (node: unknown, namesOnly: boolean): unknown => {
    if (Array.isArray(node)) return node.map((n) => walk(n, false));
    if (node === null || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node as Json)) {
      if (namesOnly) {
        out[k] = walk(v, false);
        continue;
      }
      if (ANNOTATIONS.has(k)) continue;
      if (k === 'enum' || k === 'const') {
        out[k] = v;
        continue;
      }
      const mapOfSchemas = k === 'properties' || k === 'definitions' || k === 'patternProperties';
      out[k] = walk(v, mapOfSchemas);
    }
    return out;
  };
  return walk(schema, false);
}

let licenseIds: Map<string, string> | undefined;

/**
 * SPDX licence and exception identifiers the CycloneDX 1.6 schema accepts as `license.id`,
 * by lower-case id (SPDX ids match case-insensitively) to their canonical spelling.
 */
export function spdxLicenseIds(): Map<string, string> {
  if (!licenseIds) {
    const s = readJson(join(EXTERNAL_SCHEMAS, 'cyclonedx', '1.6', 'spdx.schema.json'));
    const ids = Array.isArray(s.enum) ? (s.enum as string[]) : [];
    licenseIds = new Map(ids.map((id) => [id.toLowerCase(), id]));
  }
  return licenseIds;
}
