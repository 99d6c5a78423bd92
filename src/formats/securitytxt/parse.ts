/**
 * security.txt (RFC 9116): parse and validate in one pass, with a diagnostic per broken rule
 * at its line and column. A broken MUST is an error (the file is invalid); a broken SHOULD or
 * RECOMMENDED is a warning; what is merely worth knowing (an unknown field) is info.
 * The clock is an argument: nothing here reads the wall clock.
 */

import { type PhysicalLine, readCleartextEnvelope } from './cleartext.js';
import { oneYearAfter, parseDateTime } from './date-time.js';
import { isLanguageTag } from './language-tag.js';
import { checkUri } from './uri.js';

export type Level = 'error' | 'warning' | 'info';

export type DiagnosticCode =
  | 'file-too-large'
  | 'too-many-lines'
  | 'bom'
  | 'line-ending'
  | 'line-syntax'
  | 'line-too-long'
  | 'uri-syntax'
  | 'contact-scheme'
  | 'not-https'
  | 'expires-syntax'
  | 'expired'
  | 'expires-far'
  | 'language-tag'
  | 'unknown-field'
  | 'contact-missing'
  | 'expires-missing'
  | 'expires-repeated'
  | 'languages-repeated'
  | 'canonical-missing'
  | 'canonical-mismatch'
  | 'encryption-missing'
  | 'unsigned'
  | 'csaf-repeated'
  // Raised where the file is read, not by `parse`:
  | 'encoding'
  | 'content-type'
  | 'signature-invalid';

export interface Diagnostic {
  level: Level;
  code: DiagnosticCode;
  message: string;
  /** 1-based; null for a finding about the whole file. */
  line: number | null;
  column: number | null;
  /** The clause that states the rule: RFC 9116 section numbers unless another document is named. */
  rfc: string;
}

export interface Field {
  /** As written (names are case-insensitive, RFC 9116 §2.4). */
  name: string;
  value: string;
  line: number;
  /** 1-based column of the name. */
  column: number;
}

export interface SecurityTxt {
  /** Every line with field syntax, in file order, whether or not its value is valid. */
  fields: Field[];
  /** A complete OpenPGP cleartext signed message (RFC 4880 §7); says nothing about verification. */
  signed: boolean;
  /** The armoured signature when signed, for a verifier. */
  signature?: { hashes: string[]; armoured: string };
  diagnostics: Diagnostic[];
  /** No error-level diagnostic. */
  valid: boolean;
  // Valid values of each registered field, in file order.
  contact: string[];
  /** The first valid Expires value as written. */
  expires: string | null;
  /** The same instant, ISO 8601 UTC. */
  expiresAt: string | null;
  acknowledgments: string[];
  canonical: string[];
  csaf: string[];
  encryption: string[];
  hiring: string[];
  policy: string[];
  preferredLanguages: string[];
}

export interface ParseOptions {
  /** The instant Expires is judged against (`--now`). */
  now: Date;
  /**
   * Where the file was read from (URLs: the one asked for and, after redirects, the one
   * answered); a Canonical field should list one of them (RFC 9116 §2.5.2).
   */
  location?: string | readonly string[];
}

/**
 * Bounds for hostile input (RFC 9116 §5.4 warns of files built to exhaust parsers). Files
 * seen in the wild are a few hundred bytes.
 */
export const LIMITS = { bytes: 32_768, lines: 1000, fieldCharacters: 2048 } as const;

type ListKey = 'acknowledgments' | 'canonical' | 'csaf' | 'hiring' | 'policy';

/** Registered fields whose web URIs must be https (RFC 9116 §2.5.x; CSAF 2.0 §7.1.8 for CSAF). */
const HTTPS_FIELDS: Record<string, { key: ListKey; rfc: string }> = {
  acknowledgments: { key: 'acknowledgments', rfc: '2.5.1' },
  canonical: { key: 'canonical', rfc: '2.5.2' },
  csaf: { key: 'csaf', rfc: 'CSAF 2.0 §7.1.8' },
  hiring: { key: 'hiring', rfc: '2.5.6' },
  policy: { key: 'policy', rfc: '2.5.7' },
};
const REGISTERED = new Set([
  ...Object.keys(HTTPS_FIELDS),
  'contact',
  'encryption',
  'expires',
  'preferred-languages',
]);
const CONTACT_SCHEMES = new Set(['mailto', 'tel', 'https']);
/** Where a key can be had: over https, from DNS (RFC 7929) or by fingerprint. */
const ENCRYPTION_SCHEMES = new Set(['https', 'dns', 'openpgp4fpr']);
// RFC 5322 §3.6.8 field-name: printable ASCII but ":"; then ": " and a value (RFC 9116 §4).
const FIELD = /^([!-9;-~]+):[ \t]*(.*?)[ \t]*$/s;

export function parse(text: string, options: ParseOptions): SecurityTxt {
  const now = options.now.getTime();
  const result: SecurityTxt = {
    fields: [],
    signed: false,
    diagnostics: [],
    valid: true,
    contact: [],
    expires: null,
    expiresAt: null,
    acknowledgments: [],
    canonical: [],
    csaf: [],
    encryption: [],
    hiring: [],
    policy: [],
    preferredLanguages: [],
  };
  const out = result.diagnostics;
  const report = (...args: Parameters<typeof diag>) => out.push(diag(...args));

  if (Buffer.byteLength(text, 'utf8') > LIMITS.bytes) {
    report('error', 'file-too-large', `larger than ${LIMITS.bytes} bytes; not read`, null, null, '5.4');
    result.valid = false;
    return result;
  }
  if (text.startsWith('\uFEFF')) {
    report('error', 'bom', 'starts with a byte order mark, which the grammar does not allow', 1, 1, '4');
    text = text.slice(1);
  }

  const pieces = text.split('\n');
  const endsWithLf = pieces[pieces.length - 1] === '';
  if (endsWithLf) pieces.pop();
  if (pieces.length > LIMITS.lines)
    report('error', 'too-many-lines', `more than ${LIMITS.lines} lines`, null, null, '5.4');
  const physical: PhysicalLine[] = pieces.map((p, i) => ({
    text: p.endsWith('\r') ? p.slice(0, -1) : p,
    line: i + 1,
    offset: 0,
  }));
  // Line-ending problems belong to their line, so they are reported as each line is read.
  const checkLineEnding = (l: PhysicalLine): void => {
    const problem = l.text.includes('\r')
      ? 'a carriage return without a line feed'
      : l.line === physical.length && !endsWithLf && l.text !== ''
        ? 'the last line has no line ending'
        : undefined;
    if (problem)
      report(
        'error',
        'line-ending',
        `${problem}; lines end in CRLF or LF`,
        l.line,
        l.offset + l.text.length + 1,
        '2.2',
      );
  };

  const envelope = readCleartextEnvelope(physical);
  if (envelope) {
    result.signed = true;
    result.signature = { hashes: envelope.hashes, armoured: envelope.signature };
    // The armour lines are not content, but their line endings still count.
    const inBody = new Set(envelope.body.map((l) => l.line));
    for (const l of physical) if (!inBody.has(l.line)) checkLineEnding(l);
  }

  let contactFields = 0;
  let encryptionFields = 0;
  let hasMailto = false;
  let expiresSeen = 0;
  let languagesSeen = 0;
  let csafSeen = 0;
  const repeated: Diagnostic[] = [];
  const laterWarnings: Diagnostic[] = [];

  for (const l of envelope ? envelope.body : physical) {
    checkLineEnding(l);
    if (/^[ \t]*$/.test(l.text) || l.text.startsWith('#')) continue;
    const m = FIELD.exec(l.text);
    const column = l.offset + 1;
    if (!m || m[2] === '') {
      report(
        'error',
        'line-syntax',
        'neither a comment ("# …") nor a field ("Name: value")',
        l.line,
        column,
        '4',
      );
      continue;
    }
    const field: Field = { name: m[1] as string, value: m[2] as string, line: l.line, column };
    result.fields.push(field);
    const key = field.name.toLowerCase();
    const valueColumn = column + l.text.indexOf(field.value, field.name.length + 1);
    if (!REGISTERED.has(key)) {
      report(
        'info',
        'unknown-field',
        `unknown field "${field.name}" (ignored, RFC 9116 §2.4)`,
        l.line,
        column,
        '2.4',
      );
      continue;
    }
    if (key === 'contact') contactFields++;
    if (key === 'encryption') encryptionFields++;
    if (key === 'contact' && /^mailto:/i.test(field.value)) hasMailto = true;
    if (key === 'expires' && ++expiresSeen === 2)
      repeated.push(
        diag('error', 'expires-repeated', 'Expires appears more than once', l.line, column, '2.5.5'),
      );
    if (key === 'preferred-languages' && ++languagesSeen === 2)
      repeated.push(
        diag(
          'error',
          'languages-repeated',
          'Preferred-Languages appears more than once',
          l.line,
          column,
          '2.5.8',
        ),
      );
    if (key === 'csaf' && ++csafSeen === 2)
      laterWarnings.push(
        diag(
          'warning',
          'csaf-repeated',
          'more than one CSAF field; the CSAF standard says to keep one',
          l.line,
          column,
          'CSAF 2.0 §7.1.8',
        ),
      );

    if ([...l.text].length > LIMITS.fieldCharacters) {
      report(
        'error',
        'line-too-long',
        `longer than ${LIMITS.fieldCharacters} characters`,
        l.line,
        column,
        '5.4',
      );
      continue;
    }
    if (key === 'expires') {
      const at = parseDateTime(field.value);
      if (at === undefined) {
        report(
          'error',
          'expires-syntax',
          'not an RFC 3339 date-time with a time zone, such as 2027-01-31T23:59:59Z',
          l.line,
          valueColumn,
          '2.5.5',
        );
        continue;
      }
      if (result.expires === null) {
        result.expires = field.value;
        result.expiresAt = new Date(at).toISOString();
      }
      if (at < now)
        report('error', 'expired', `expired on ${new Date(at).toISOString()}`, l.line, valueColumn, '2.5.5');
      else if (at > oneYearAfter(now))
        report(
          'warning',
          'expires-far',
          'more than a year ahead; the RFC recommends less than a year',
          l.line,
          valueColumn,
          '2.5.5',
        );
      continue;
    }
    if (key === 'preferred-languages') {
      const tags = field.value.split(',').map((t) => t.trim());
      const bad = tags.find((t) => !isLanguageTag(t));
      if (bad !== undefined)
        report(
          'error',
          'language-tag',
          `"${bad}" is not an RFC 5646 language tag`,
          l.line,
          valueColumn,
          '2.5.8',
        );
      else result.preferredLanguages.push(...tags);
      continue;
    }
    const uri = checkUri(field.value);
    if (!uri.ok) {
      report('error', 'uri-syntax', `not a URI: ${uri.reason}`, l.line, valueColumn, '2.5');
      continue;
    }
    if (key === 'contact') {
      if (!CONTACT_SCHEMES.has(uri.scheme))
        report(
          'error',
          'contact-scheme',
          'Contact must be a mailto:, tel: or https: URI',
          l.line,
          valueColumn,
          '2.5.3',
        );
      else result.contact.push(field.value);
    } else if (key === 'encryption') {
      if (!ENCRYPTION_SCHEMES.has(uri.scheme))
        report(
          'error',
          'not-https',
          'Encryption must be an https:, dns: or openpgp4fpr: URI',
          l.line,
          valueColumn,
          '2.5.4',
        );
      else result.encryption.push(field.value);
    } else {
      const spec = HTTPS_FIELDS[key] as { key: ListKey; rfc: string };
      if (uri.scheme !== 'https')
        report('error', 'not-https', `${field.name} must be an https: URI`, l.line, valueColumn, spec.rfc);
      else result[spec.key].push(field.value);
    }
  }

  if (contactFields === 0)
    report('error', 'contact-missing', 'no Contact field; at least one is required', null, null, '2.5.3');
  if (expiresSeen === 0)
    report('error', 'expires-missing', 'no Expires field; exactly one is required', null, null, '2.5.5');
  out.push(...repeated);

  if (result.signed && result.canonical.length === 0)
    report(
      'warning',
      'canonical-missing',
      'signed, but no Canonical field says where the file belongs',
      null,
      null,
      '2.5.2',
    );
  const locations = typeof options.location === 'string' ? [options.location] : (options.location ?? []);
  const firstCanonical = result.fields.find((f) => f.name.toLowerCase() === 'canonical');
  if (
    firstCanonical &&
    result.canonical.length > 0 &&
    locations.length > 0 &&
    !locations.some((l) => result.canonical.includes(l))
  )
    report(
      'warning',
      'canonical-mismatch',
      `no Canonical field lists ${locations.join(' or ')}, where the file was read; it should not be trusted`,
      firstCanonical.line,
      firstCanonical.column,
      '2.5.2',
    );
  if (hasMailto && encryptionFields === 0)
    report(
      'warning',
      'encryption-missing',
      'an email contact but no Encryption key for reports',
      null,
      null,
      '2.5.4',
    );
  if (!result.signed)
    report('warning', 'unsigned', 'not signed with an OpenPGP cleartext signature', null, null, '2.3');
  out.push(...laterWarnings);

  result.valid = !out.some((d) => d.level === 'error');
  return result;
}

function diag(
  level: Level,
  code: DiagnosticCode,
  message: string,
  line: number | null,
  column: number | null,
  rfc: string,
): Diagnostic {
  return { level, code, message, line, column, rfc };
}
