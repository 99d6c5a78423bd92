/**
 * The SPDX 2.3 JSON schema, vendored verbatim under schemas/external/spdx/2.3.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const EXTERNAL_SCHEMAS = fileURLToPath(new URL('../../../schemas/external/', import.meta.url));
export const SPDX_SCHEMA_PATH = join(EXTERNAL_SCHEMAS, 'spdx', '2.3', 'spdx-schema.json');

/** The schema, ready to compile (its draft-07 `$schema` dropped: ajv's default dialect). */
export function spdxSchema(): Record<string, unknown> {
  const { $schema: _drop, ...rest } = JSON.parse(readFileSync(SPDX_SCHEMA_PATH, 'utf8')) as Record<
    string,
    unknown
  >;
  return rest;
}
