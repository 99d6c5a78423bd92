/**
 * Generates the standalone (precompiled) validators for the schemas vouch checks its own SBOMs
 * against. Compiling the CycloneDX 1.6 schema with ajv takes over half a second, which would
 * dominate `vouch sbom`; the generated code loads in a fraction of that and gives the same
 * verdicts (a test compares both on the conformance suite and checks the files are current).
 *
 * Each file is a script holding one function expression, `(function (require) { ...; return
 * validate; })`, loaded by precompiled-validator.ts through node:vm so that V8 can reuse a code
 * cache made at build time (ES modules cannot use one on Node 20).
 *
 * Run: npx tsx src/formats/cyclonedx/generate-validators.ts
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Ajv, ValidateFunction } from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { withSourceDigest } from '../../util/cached-script.js';
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
// Deep equality of JSON values, and string length in code points (what JSON Schema's minLength
// and maxLength count): ajv's runtime helpers, defined here so that loading a validator resolves
// no package at run time.
function __equal(a, b) {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return a !== a && b !== b;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!__equal(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    if (!Object.prototype.hasOwnProperty.call(b, k) || !__equal(a[k], b[k])) return false;
  }
  return true;
}
function __ucs2length(s) {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    n++;
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++;
  }
  return n;
}
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

/** ajv's runtime helpers as the generated code requires them, and the helper each becomes. */
const RUNTIME_REQUIRES: [RegExp, string][] = [
  [/require\("ajv\/dist\/runtime\/equal"\)\.default/g, '__equal'],
  [/require\("ajv\/dist\/runtime\/ucs2length"\)\.default/g, '__ucs2length'],
];

/**
 * minLength / maxLength compare a string's length in code points, which takes a pass over the
 * string; its length in UTF-16 units bounds it (n units hold between n/2 and n code points), and
 * settles almost every check without the pass: `minLength: 1` on a bom-ref, say. ajv writes
 * `fn(dataN) < limit` and `fn(dataN) > limit` after checking that dataN is a string.
 */
function boundLengthChecks(code: string): string {
  const alias = /const (func\d+) = __ucs2length;/.exec(code)?.[1];
  if (!alias) return code;
  const check = new RegExp(`\\b${alias}\\((data\\d*)\\) ([<>]) (\\d+)\\b`, 'g');
  return code.replace(check, (_m, data: string, op: string, limit: string) => {
    const n = Number(limit);
    return op === '<'
      ? `(${data}.length < ${n} || (${data}.length < ${2 * n} && ${alias}(${data}) < ${n}))`
      : `(${data}.length > ${n} && ${alias}(${data}) > ${n})`;
  });
}

export function linearise(code: string): { code: string; unique: number; enums: number } {
  let unique = 0;
  let enums = 0;
  let out = code;
  for (const [pattern, helper] of RUNTIME_REQUIRES) out = out.replace(pattern, helper);
  out = boundLengthChecks(out);
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

/**
 * Definitions whose validation is remembered per object within one top-level call. The SBOM
 * builders give every component with the same licences one shared `licenses` array, so each
 * distinct array is checked once rather than once per component (its oneOf builds and drops
 * error objects on every pass: a third of the time of a whole validation). Only successes are
 * remembered, only by identity, and only for the duration of a call, during which the data
 * cannot change.
 */
const MEMOISED_DEFINITIONS = ['licenseChoice'];

/** A compiled schema's function name for each `$ref` it resolves (ajv's SchemaEnv). */
interface CompiledEnv {
  validateName?: unknown;
  refs: Record<string, CompiledEnv | string>;
}

const FUNCTION_HEAD = (fn: string) =>
  `function ${fn}(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){`;

/**
 * Renames each memoised definition's function and the root function to `<name>__checked` and
 * puts a wrapper under the old name: the wrapper of a definition consults and fills its memo; the
 * root's creates the memos for the call and drops them after. The checked bodies still assign
 * `<name>.errors`, which now lands on the wrapper their callers read.
 */
export function memoise(code: string, validate: ValidateFunction): string {
  const env = (validate as unknown as { schemaEnv: CompiledEnv }).schemaEnv;
  const root = String(env.validateName);
  const names: string[] = [];
  for (const def of MEMOISED_DEFINITIONS) {
    const key = Object.keys(env.refs).find((k) => k.endsWith(`#/definitions/${def}`));
    const target = key === undefined ? undefined : env.refs[key];
    if (!target || typeof target === 'string' || !target.validateName) {
      throw new Error(`ajv output changed shape: no compiled function for #/definitions/${def}`);
    }
    names.push(String(target.validateName));
  }
  let out = code;
  for (const fn of [root, ...names]) {
    const head = FUNCTION_HEAD(fn);
    if (out.split(head).length !== 2) throw new Error(`ajv output changed shape: ${fn} is not declared once`);
    out = out.replace(head, FUNCTION_HEAD(`${fn}__checked`));
  }
  const memos = names.map((fn) => `__memo_${fn}`);
  const wrappers = [
    `let ${memos.map((m) => `${m} = null`).join(', ')};`,
    `function ${root}(data, options) {`,
    `  if (${memos[0]} !== null) return ${root}__checked(data, options);`,
    `  ${memos.map((m) => `${m} = new Set()`).join('; ')};`,
    `  try { return ${root}__checked(data, options); } finally { ${memos.map((m) => `${m} = null`).join('; ')}; }`,
    '}',
    ...names.map((fn, i) =>
      [
        `function ${fn}(data, options) {`,
        `  const memo = ${memos[i]};`,
        '  if (memo !== null && memo.has(data)) return true;',
        `  const valid = ${fn}__checked(data, options);`,
        '  if (valid && memo !== null && data !== null && typeof data == "object") memo.add(data);',
        '  return valid;',
        '}',
      ].join('\n'),
    ),
  ].join('\n');
  return `${out}\n${wrappers}\n`;
}

/** ajv's ESM standalone output opens with the exports; the script returns the function instead. */
const ESM_EXPORTS = /^"use strict";export const validate = (validate\d+);export default \1;/;

function wrap(code: string, what: string, digest: string, name: PrecompiledName): string {
  const exports = ESM_EXPORTS.exec(code);
  if (!exports) throw new Error(`ajv output for ${name} changed shape: no leading ESM exports`);
  const body = [
    `// Generated by src/formats/cyclonedx/generate-validators.ts from ${what} (sha256 ${digest}).`,
    '// Do not edit: regenerate with `npx tsx src/formats/cyclonedx/generate-validators.ts`.',
    '// One function expression, run by src/formats/precompiled-validator.ts; it returns the validator.',
    '(function (require) {',
    '"use strict";',
    code.slice(exports[0].length),
    // The helpers the rewrites above call, where they call any.
    /\b__(dupPair|enumHas|equal|ucs2length)\b/.test(code) ? RUNTIME_HELPERS : '',
    `return ${exports[1]};`,
    '})',
    '',
  ].join('\n');
  // The identity of the build's code cache for this script (see precompiled-validator.ts).
  return withSourceDigest(body);
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
    memoise(fast.code, validate),
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
