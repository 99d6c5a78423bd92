/**
 * Build step, after tsc (`npm run build`): validates vouch's own YAML data with its zod schemas
 * and writes the validated values to dist/data/ (catalogue/shipped-data.ts), so that runs read
 * JSON instead of parsing and validating YAML. Invalid data fails the build. It runs after the
 * extractor and probe definitions are built: the rule files' owning modules it loads import them.
 */

import { readFileSync, rmSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import {
  PICKLE_GLOBALS_FILE,
  readPickleGlobalsText,
  validatePickleGlobals,
} from './ai/pickle/safe-globals.js';
import { DATA_DIR, FILES, readCatalogueTexts } from './catalogue/assemble.js';
import { shippedDataPath, writeShippedData } from './catalogue/shipped-data.js';
import { validateCatalogueFiles } from './catalogue/validate.js';
import { loadEveryOwnedRuleFile } from './collectors/rule-file-owners.js';
import { RULES_DIR, ruleFilesLoaded, validateRuleFiles } from './collectors/rules.js';
import { parseScopeYaml, SCOPE_FILE } from './inventory/scope.js';
import { SECRETS_FILE, validateSecretsFile } from './secrets/rules.js';

// The last build's rule data would let ruleFile skip validation: every rule file is validated afresh.
rmSync(shippedDataPath('rules'), { force: true });

const texts = readCatalogueTexts(DATA_DIR);
const catalogue = validateCatalogueFiles(texts);
const catalogueFiles: Record<string, { text: string; value: unknown }> = {};
for (const key of Object.keys(FILES) as (keyof typeof FILES)[]) {
  catalogueFiles[FILES[key]] = { text: texts[key], value: catalogue[key] };
}
console.log(`wrote ${writeShippedData('catalogue', catalogueFiles)}`);

const ruleFiles: Record<string, { text: string; value: unknown }> = {};
for (const { name, text, value } of Object.values(validateRuleFiles())) ruleFiles[name] = { text, value };
// The scope policy checks its own shape when it loads (without zod); the build ships the parse.
const scopeText = readFileSync(new URL(SCOPE_FILE, RULES_DIR), 'utf8');
ruleFiles[SCOPE_FILE] = { text: scopeText, value: parseScopeYaml(scopeText) };
// The secret rules (rules/secrets.yaml) are validated with their own schema.
const secretsText = readFileSync(new URL(SECRETS_FILE, RULES_DIR), 'utf8');
ruleFiles[SECRETS_FILE] = { text: secretsText, value: validateSecretsFile(secretsText) };
// The pickle allow/deny lists (rules/pickle-safe-globals.yaml) are checked by their own module,
// which a model scan loads without the rule-file machinery.
const pickleGlobalsText = readPickleGlobalsText();
ruleFiles[PICKLE_GLOBALS_FILE] = { text: pickleGlobalsText, value: validatePickleGlobals(pickleGlobalsText) };
// Rule files owned by other modules, each validated by its owner's schema through ruleFile.
loadEveryOwnedRuleFile();
for (const [name, loaded] of Object.entries(ruleFilesLoaded())) {
  // Runs read the value back from JSON: a schema whose output JSON cannot carry fails the build.
  if (!isDeepStrictEqual(JSON.parse(JSON.stringify(loaded.value)), loaded.value)) {
    throw new Error(`rules/${name}: its validated value does not survive JSON; it cannot be shipped`);
  }
  ruleFiles[name] ??= loaded;
}
console.log(`wrote ${writeShippedData('rules', ruleFiles)}`);
