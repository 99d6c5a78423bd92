/**
 * The security.txt peer suite (../shared/peer-suites/securitytxt, read in place): 49 parse and
 * 13 serialise cases, run at four pinned instants so every expiry phase of the dated cases is
 * exercised. The harness follows the suite README's rules.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { daysInMonth, oneYearAfter } from './date-time.js';
import { generate, type SecurityTxtInput } from './generate.js';
import { type DiagnosticCode, parse } from './parse.js';

const SUITE = resolve(import.meta.dirname, '../../../../shared/peer-suites/securitytxt');
const suite = JSON.parse(readFileSync(resolve(SUITE, 'conformance.json'), 'utf8')) as {
  parse: ParseCase[];
  serialize: SerialiseCase[];
};

interface ParseCase {
  name: string;
  input?: unknown;
  inputFile?: string;
  expiresAt?: string;
  expected: Record<string, unknown>;
  expiryPhases?: Record<'beyondOneYear' | 'withinOneYear' | 'afterExpiry', Record<string, unknown>>;
}
interface SerialiseCase {
  name: string;
  options: Record<string, unknown>;
  expected?: string;
  throws?: boolean;
}

/** The suite's diagnostic names for vouch's codes (vouch-only codes map to none). */
const PEER_CODE: Partial<Record<DiagnosticCode, string>> = {
  bom: 'bom_present',
  expired: 'expired',
  'line-too-long': 'field_too_long',
  'file-too-large': 'file_too_large',
  'contact-scheme': 'invalid_contact_scheme',
  'expires-syntax': 'invalid_expires',
  'not-https': 'invalid_https_field',
  'language-tag': 'invalid_lang',
  'line-syntax': 'invalid_line',
  'line-ending': 'invalid_line_ending',
  'uri-syntax': 'invalid_uri',
  'expires-repeated': 'multi_expires',
  'languages-repeated': 'multi_lang',
  'contact-missing': 'no_contact',
  'expires-missing': 'no_expires',
  'too-many-lines': 'too_many_lines',
  'expires-far': 'long_expiry',
  'csaf-repeated': 'multi_csaf',
  'canonical-missing': 'no_canonical',
  'encryption-missing': 'no_encryption',
  unsigned: 'not_signed',
  'unknown-field': 'unknown_field',
};

/**
 * Cases where vouch reads the RFC differently from the suite, each with the clause behind
 * vouch's reading. Empty: every case passes.
 */
const KNOWN_DIFFERENCES: Record<string, string> = {};

function placeholders(now: Date): Record<string, string> {
  const d = now;
  const beyond = new Date(
    Date.UTC(
      d.getUTCFullYear() + 2,
      d.getUTCMonth(),
      Math.min(d.getUTCDate(), daysInMonth(d.getUTCFullYear() + 2, d.getUTCMonth() + 1)),
      d.getUTCHours(),
      d.getUTCMinutes(),
      d.getUTCSeconds(),
      d.getUTCMilliseconds(),
    ),
  ).toISOString();
  return {
    '{{past}}': new Date(now.getTime() - 86_400_000).toISOString(),
    '{{within_one_year}}': new Date(now.getTime() + 30 * 86_400_000).toISOString(),
    '{{beyond_one_year_lower_z}}': beyond.replace(/Z$/, 'z'),
    '{{beyond_one_year}}': beyond,
  };
}

/** Expands text templates and time placeholders anywhere in a value. */
function expand(value: unknown, subs: Record<string, string>): unknown {
  if (typeof value === 'string') return value.replace(/\{\{[a-z_]+\}\}/g, (p) => subs[p] ?? p);
  if (Array.isArray(value)) return value.map((v) => expand(v, subs));
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (Array.isArray(o.parts))
      return (o.parts as Record<string, unknown>[])
        .map((p) =>
          typeof p.text === 'string'
            ? (expand(p.text, subs) as string)
            : String(p.repeat).repeat(Number(p.count)),
        )
        .join('');
    if (typeof o.repeatArray === 'string')
      return Array.from({ length: Number(o.count) }, () => o.repeatArray);
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, expand(v, subs)]));
  }
  return value;
}

/** vitest's toMatchObject subset rule: absent keys unchecked; arrays same length and order. */
function subsetMismatch(actual: unknown, expected: unknown, path = '$'): string | undefined {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length)
      return `${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
    for (let i = 0; i < expected.length; i++) {
      const m = subsetMismatch(actual[i], expected[i], `${path}[${i}]`);
      if (m) return m;
    }
    return undefined;
  }
  if (expected && typeof expected === 'object') {
    if (!actual || typeof actual !== 'object')
      return `${path}: expected an object, got ${JSON.stringify(actual)}`;
    for (const [k, v] of Object.entries(expected)) {
      const m = subsetMismatch((actual as Record<string, unknown>)[k], v, `${path}.${k}`);
      if (m) return m;
    }
    return undefined;
  }
  return Object.is(actual, expected)
    ? undefined
    : `${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
}

function runParseCase(c: ParseCase, now: Date): string | undefined {
  const subs = placeholders(now);
  const text = c.inputFile
    ? readFileSync(resolve(SUITE, c.inputFile), 'utf8')
    : (expand(c.input, subs) as string);
  let expected = expand(c.expected, subs) as Record<string, unknown>;
  if (c.expiresAt && c.expiryPhases) {
    const at = Date.parse(c.expiresAt);
    const phase =
      now.getTime() > at
        ? 'afterExpiry'
        : at > oneYearAfter(now.getTime())
          ? 'beyondOneYear'
          : 'withinOneYear';
    expected = { ...expected, ...(expand(c.expiryPhases[phase], subs) as Record<string, unknown>) };
  }
  const r = parse(text, { now });
  const pairs = (level: string) =>
    r.diagnostics
      .filter((d) => d.level === level && PEER_CODE[d.code])
      .map((d) => ({ code: PEER_CODE[d.code], line: d.line }));
  const actual = {
    ...r,
    fields: r.fields.map((f) => ({ name: f.name, value: f.value, line: f.line })),
    errors: pairs('error'),
    recommendations: pairs('warning'),
    notifications: pairs('info'),
  };
  return subsetMismatch(actual, expected);
}

function runSerialiseCase(c: SerialiseCase, now: Date): string | undefined {
  const o = expand(c.options, placeholders(now)) as Record<string, string | string[]>;
  const input: SecurityTxtInput = { ...o, contacts: o.contact };
  delete (input as Record<string, unknown>).contact;
  let out: string;
  try {
    out = generate(input, { now });
  } catch (e) {
    return c.throws ? undefined : `threw ${(e as Error).message}`;
  }
  if (c.throws) return 'did not throw';
  const expected = expand(c.expected, placeholders(now));
  return out === expected ? undefined : `expected ${JSON.stringify(expected)}, got ${JSON.stringify(out)}`;
}

describe('security.txt peer suite', () => {
  it('has the cases its README promises', () => {
    expect(suite.parse).toHaveLength(49);
    expect(suite.serialize).toHaveLength(13);
  });

  // Before, within a year of, and after the dated cases' Expires values (2021-12-31, 2026-09-15/23, 2030-04-01).
  for (const instant of [
    '2020-06-01T12:00:00.000Z',
    '2021-06-01T00:00:00.000Z',
    '2026-09-01T08:30:00.000Z',
    '2027-02-28T23:59:59.999Z',
  ]) {
    it(`passes every case, or differs only where listed, at ${instant}`, () => {
      const now = new Date(instant);
      const differences: Record<string, string> = {};
      for (const c of suite.parse) {
        const m = runParseCase(c, now);
        if (m) differences[`parse: ${c.name}`] = m;
      }
      for (const c of suite.serialize) {
        const m = runSerialiseCase(c, now);
        if (m) differences[`serialise: ${c.name}`] = m;
      }
      const total = suite.parse.length + suite.serialize.length;
      console.log(
        `security.txt conformance at ${instant}: ${total - Object.keys(differences).length}/${total} passed`,
      );
      for (const [name, why] of Object.entries(KNOWN_DIFFERENCES)) console.log(`  differs: ${name} (${why})`);
      expect(Object.keys(differences).sort()).toEqual(Object.keys(KNOWN_DIFFERENCES).sort());
      if (Object.keys(differences).length > Object.keys(KNOWN_DIFFERENCES).length) console.log(differences);
    });
  }
});
