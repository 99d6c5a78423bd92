/**
 * Writing security.txt: `serialise` lays fields out as lines; `generate` builds the registered
 * fields in a fixed order from a plain object (what vouch.yaml declares) and checks the result
 * with the same parser that checks other people's files, so what vouch writes passes its own
 * check (errors throw; warnings such as "unsigned" are left to the caller).
 */

import { type Diagnostic, parse } from './parse.js';

export interface SecurityTxtInput {
  /** Comment lines written first, without the "#". */
  comments?: string | string[];
  /** In order of preference (RFC 9116 §2.5.3). */
  contacts?: string | string[];
  /** RFC 3339 text or an instant. */
  expires?: string | Date;
  acknowledgments?: string | string[];
  canonical?: string | string[];
  csaf?: string | string[];
  encryption?: string | string[];
  hiring?: string | string[];
  policy?: string | string[];
  preferredLanguages?: string | string[];
}

export class SecurityTxtError extends Error {
  constructor(
    message: string,
    readonly diagnostics: Diagnostic[] = [],
  ) {
    super(message);
    this.name = 'SecurityTxtError';
  }
}

const LINE_BREAK = /[\r\n\u0085\u2028\u2029]/;

/** Fields as lines, in the order given. A name or value that would break a line throws. */
export function serialise(
  fields: readonly { name: string; value: string }[],
  comments: readonly string[] = [],
): string {
  const lines: string[] = [];
  for (const c of comments) {
    if (LINE_BREAK.test(c)) throw new SecurityTxtError('a comment holds a line break');
    lines.push(c === '' ? '#' : `# ${c}`);
  }
  for (const f of fields) {
    if (!/^[!-9;-~]+$/.test(f.name)) throw new SecurityTxtError(`"${f.name}" is not a field name`);
    if (LINE_BREAK.test(f.value)) throw new SecurityTxtError(`the ${f.name} value holds a line break`);
    lines.push(`${f.name}: ${f.value}`);
  }
  return lines.map((l) => `${l}\n`).join('');
}

const LIST_FIELDS = [
  ['acknowledgments', 'Acknowledgments'],
  ['canonical', 'Canonical'],
  ['csaf', 'CSAF'],
  ['encryption', 'Encryption'],
  ['hiring', 'Hiring'],
  ['policy', 'Policy'],
] as const;

function list(name: string, v: string | string[] | undefined): string[] {
  if (v === undefined) return [];
  const values = Array.isArray(v) ? v : [v];
  if (values.length === 0) throw new SecurityTxtError(`${name} is an empty list; leave it out instead`);
  return values;
}

/** A security.txt for `input`, checked against `now`; throws SecurityTxtError when it would be invalid. */
export function generate(input: SecurityTxtInput, options: { now: Date }): string {
  const fields: { name: string; value: string }[] = [];
  for (const c of list('contacts', input.contacts)) fields.push({ name: 'Contact', value: c });
  if (input.expires !== undefined)
    fields.push({
      name: 'Expires',
      value: input.expires instanceof Date ? input.expires.toISOString() : input.expires,
    });
  for (const [key, name] of LIST_FIELDS)
    for (const v of list(key, input[key])) fields.push({ name, value: v });
  const languages = list('preferredLanguages', input.preferredLanguages);
  if (languages.length > 0) fields.push({ name: 'Preferred-Languages', value: languages.join(', ') });
  const text = serialise(fields, list('comments', input.comments));
  const errors = parse(text, options).diagnostics.filter((d) => d.level === 'error');
  if (errors.length > 0)
    throw new SecurityTxtError(
      `the security.txt would be invalid: ${errors.map((e) => `${e.code}${e.line ? ` (line ${e.line})` : ''}: ${e.message}`).join('; ')}`,
      errors,
    );
  return text;
}
