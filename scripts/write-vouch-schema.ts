/** Writes schemas/vouch.schema.json from the zod schema (see src/manifest/json-schema.ts). */
import { writeFileSync } from 'node:fs';
import { manifestJsonSchemaText } from '../src/manifest/json-schema.js';

writeFileSync(new URL('../schemas/vouch.schema.json', import.meta.url), manifestJsonSchemaText());
