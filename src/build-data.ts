/**
 * Build step, after tsc (`npm run build`): validates vouch's own YAML data with its zod schemas
 * and writes the validated values to dist/data/ (catalogue/shipped-data.ts), so that runs read
 * JSON instead of parsing and validating YAML. Invalid data fails the build.
 */
import { DATA_DIR, FILES, readCatalogueTexts } from './catalogue/assemble.js';
import { writeShippedData } from './catalogue/shipped-data.js';
import { validateCatalogueFiles } from './catalogue/validate.js';
import { validateRuleFiles } from './collectors/rules.js';

const texts = readCatalogueTexts(DATA_DIR);
const catalogue = validateCatalogueFiles(texts);
const catalogueFiles: Record<string, { text: string; value: unknown }> = {};
for (const key of Object.keys(FILES) as (keyof typeof FILES)[]) {
  catalogueFiles[FILES[key]] = { text: texts[key], value: catalogue[key] };
}
console.log(`wrote ${writeShippedData('catalogue', catalogueFiles)}`);

const ruleFiles: Record<string, { text: string; value: unknown }> = {};
for (const { name, text, value } of Object.values(validateRuleFiles())) ruleFiles[name] = { text, value };
console.log(`wrote ${writeShippedData('rules', ruleFiles)}`);
