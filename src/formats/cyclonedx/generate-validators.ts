/**
 * Generates the standalone (precompiled) validators for the schemas vouch checks its own SBOMs
 * against. Compiling the CycloneDX 1.6 schema with ajv takes over half a second, which would
 * dominate `vouch sbom`; the generated code loads in a fraction of that and gives the same
 * verdicts (a test compares both on the conformance suite and checks the files are current).
 *
 * Each file is a CommonJS module exporting the validator, required by precompiled-validator.ts.
 *
 * Run: npx tsx src/formats/cyclonedx/generate-validators.ts
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Ajv, ValidateFunction } from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { type PrecompiledName, validatorScriptPath } from '../precompiled-validator.js';
import { spdxSchema } from '../spdx/schema-files.js';
import { compileWith, createAjv } from './ajv-setup.js';
import { cycloneDxSchemas, stripAnnotations } from './schema-files.js';

type Json = Record<string, unknown>;

export const CYCLONEDX_VALIDATOR_FILE = validatorScriptPath('cyclonedx-1.6');
export const SPDX_VALIDATOR_FILE = validatorScriptPath('spdx-2.3');

const generate = ((standaloneCode as unknown as { default?: unknown }).default ??
  standaloneCode) as unknown as (ajv: Ajv, validate: ValidateFunction) => string;

/**
 * Two of ajv's generated checks are quadratic on large SBOMs: `uniqueItems` over arrays of
 * objects (every pair deep-compared: ~2 s for 2,000 components) and `enum` (each value
 * deep-compared with all 800 SPDX licence ids). Both are rewritten to equivalent linear checks:
 * uniqueness by a cheap key per item that equal items share, confirmed by a canonical JSON key
 * (equal iff deep-equal, for JSON data) only where cheap keys meet, reporting the same (i, j) pair
 * ajv's loop would; enum membership of a scalar by a Set.
 * Verdicts are checked against ajv's own compilation of the official schema by the tests.
 */
const RUNTIME_HELPERS = `
const __enumSets = new WeakMap();
function __enumHas(values, data) {
  if (data === null || typeof data !== 'object') {
    let set = __enumSets.get(values);
    if (set === undefined) {
      set = new Set(values.filter((v) => v === null || typeof v !== 'object'));
      __enumSets.set(values, set);
    }
    return set.has(data);
  }
  for (const v of values) if (func0(data, v)) return true;
  return false;
}
function __canon(v) {
  if (v === null || typeof v !== 'object') return v === undefined ? 'undefined' : JSON.stringify(v);
  if (Array.isArray(v)) return '[' + v.map(__canon).join(',') + ']';
  const keys = Object.keys(v).sort();
  let out = '{';
  for (let k = 0; k < keys.length; k++) out += (k ? ',' : '') + JSON.stringify(keys[k]) + ':' + __canon(v[keys[k]]);
  return out + '}';
}
// A cheap key that deep-equal items always share (lossy: unequal items may share it too, and are
// then told apart by canonical keys). Scalars are their own key; an array its length; an object
// the value of its first string-valued key in code-unit order (in an SBOM: the bom-ref or ref,
// unique), else its key count. No sorting and no string building on the common path.
function __quickKey(v) {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.length;
  const keys = Object.keys(v);
  let best;
  let key = keys.length;
  for (let k = 0; k < keys.length; k++) {
    const x = v[keys[k]];
    if (typeof x === 'string' && (best === undefined || keys[k] < best)) {
      best = keys[k];
      key = x;
    }
  }
  return key;
}
// The pair ajv's loop reports: the last item equal to an earlier one, and the last such earlier one.
function __dupPair(items) {
  const n = items.length;
  // Small arrays: ajv's own pairwise loop is cheapest.
  if (n <= 8) {
    for (let i = n; i--; ) for (let j = i; j--; ) if (func0(items[i], items[j])) return [i, j];
    return undefined;
  }
  // quick key -> index of the only item with it, or the bucket of all items sharing it.
  const seen = new Map();
  let found;
  for (let k = 0; k < n; k++) {
    const quick = __quickKey(items[k]);
    const prev = seen.get(quick);
    if (prev === undefined) {
      seen.set(quick, k);
      continue;
    }
    let bucket = prev;
    if (typeof prev === 'number') {
      bucket = [{ k: prev, canon: undefined }];
      seen.set(quick, bucket);
    }
    const canon = __canon(items[k]);
    for (let q = bucket.length - 1; q >= 0; q--) {
      const e = bucket[q];
      if (e.canon === undefined) e.canon = __canon(items[e.k]);
      if (e.canon === canon) {
        found = [k, e.k];
        break;
      }
    }
    bucket.push({ k, canon });
  }
  return found;
}
`;

const UNIQUE_LOOP =
  /outer(\d+):for\(;(i\d+)--;\)\{for\((j\d+) = \2; \3--;\)\{if\(func0\((data\d*)\[\2\], \4\[\3\]\)\)\{([\s\S]*?)break outer\1;\}\}\}/g;
const ENUM_LOOP =
  /for\(const (v\d+) of (schema\d+)\.enum\)\{if\(func0\((data\d*), \1\)\)\{(valid\d+) = true;break;\}\}/g;

export function linearise(code: string): { code: string; unique: number; enums: number } {
  let unique = 0;
  let enums = 0;
  let out = code;
  out = out.replace(UNIQUE_LOOP, (_m, _label, i, j, data, body) => {
    unique++;
    return `{const __dup = __dupPair(${data});if(__dup !== undefined){${i} = __dup[0];${j} = __dup[1];${body}}}`;
  });
  out = out.replace(ENUM_LOOP, (_m, _v, schema, data, valid) => {
    enums++;
    return `${valid} = __enumHas(${schema}.enum, ${data});`;
  });
  return { code: out, unique, enums };
}

/** ajv's ESM standalone output opens with the exports; the module exports the function instead. */
const ESM_EXPORTS = /^"use strict";export const validate = (validate\d+);export default \1;/;

function wrap(code: string, what: string, digest: string, name: PrecompiledName): string {
  const exports = ESM_EXPORTS.exec(code);
  if (!exports) throw new Error(`ajv output for ${name} changed shape: no leading ESM exports`);
  return [
    `// Generated by src/formats/cyclonedx/generate-validators.ts from ${what} (sha256 ${digest}).`,
    '// Do not edit: regenerate with `npx tsx src/formats/cyclonedx/generate-validators.ts`.',
    '"use strict";',
    code.slice(exports[0].length),
    // The helpers the rewrites above call, where they call any.
    /\b__(dupPair|enumHas)\b/.test(code) ? RUNTIME_HELPERS : '',
    `module.exports = ${exports[1]};`,
    '',
  ].join('\n');
}

function digestOf(...schemas: unknown[]): string {
  const h = createHash('sha256');
  for (const s of schemas) h.update(JSON.stringify(s));
  return h.digest('hex').slice(0, 16);
}

export function cycloneDxValidatorSource(): string {
  const { main, refs } = cycloneDxSchemas('1.6');
  const ajv = createAjv({ standalone: true });
  const stripped: Record<string, Json> = {};
  for (const [k, v] of Object.entries(refs)) stripped[k] = stripAnnotations(v) as Json;
  const validate = compileWith(ajv, stripAnnotations(main) as Json, stripped);
  const fast = linearise(generate(ajv, validate));
  // The rewrite must have found what it replaces; a changed ajv code shape fails here, loudly.
  if (fast.unique === 0 || fast.enums === 0 || /outer\d+:for/.test(fast.code)) {
    throw new Error(`ajv output changed shape (uniqueItems rewritten: ${fast.unique}, enum: ${fast.enums})`);
  }
  return wrap(
    fast.code,
    'schemas/external/cyclonedx/1.6 (bom-1.6, spdx, jsf-0.82)',
    digestOf(main, ...Object.values(refs)),
    'cyclonedx-1.6',
  );
}

export function spdxValidatorSource(): string {
  const schema = spdxSchema();
  const ajv = createAjv({ standalone: true });
  const validate = ajv.compile(stripAnnotations(schema) as Json);
  const fast = linearise(generate(ajv, validate));
  return wrap(fast.code, 'schemas/external/spdx/2.3/spdx-schema.json', digestOf(schema), 'spdx-2.3');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(CYCLONEDX_VALIDATOR_FILE, cycloneDxValidatorSource());
  writeFileSync(SPDX_VALIDATOR_FILE, spdxValidatorSource());
  console.log(`wrote ${CYCLONEDX_VALIDATOR_FILE}\nwrote ${SPDX_VALIDATOR_FILE}`);
}
