/**
 * vouch.yaml's JSON Schema, for editors (yaml-language-server, IDEs), generated from the zod
 * schema so the two cannot drift: schemas/vouch.schema.json is this, written by
 * `npm run schema:vouch` and compared in a test. Dates that do not exist and other refinements
 * are only caught by vouch itself (`vouch config check`).
 */
import { zod } from '../util/zod.js';
import { manifestSchema } from './schema.js';

export function manifestJsonSchema(): Record<string, unknown> {
  const generated = zod().toJSONSchema(manifestSchema(), { io: 'input', target: 'draft-2020-12' }) as Record<
    string,
    unknown
  >;
  const { $schema, ...rest } = generated;
  return {
    $schema,
    title: 'vouch.yaml',
    description:
      'What vouch needs to know about a product that a machine cannot see: the product, its vendor and roles, attestations and suppressions. Check with `vouch config check`.',
    ...rest,
  };
}

export function manifestJsonSchemaText(): string {
  return `${JSON.stringify(manifestJsonSchema(), null, 2)}\n`;
}
