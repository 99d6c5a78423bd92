/**
 * Checks a rule names with `check:` in rules/secrets.yaml: what a pattern cannot say (a
 * provider's checksum, a PEM body that is really key material, a URL password that is really a
 * placeholder). Each sees the candidate and the text around it, and keeps, drops or re-rates it.
 */
import { crc32 } from 'node:zlib';
import type { Confidence } from '../probes/types.js';

export interface Candidate {
  /** The text scanned (a file's content). */
  text: string;
  /** Offsets of the match in `text`. */
  start: number;
  end: number;
  /** The secret (the `secret` group, or the whole match). */
  secret: string;
  groups: Record<string, string | undefined>;
}

export interface CheckResult {
  keep: boolean;
  /** Replaces the rule's confidence. */
  confidence?: Confidence;
  /** A longer secret than the match (a PEM block's body). */
  secret?: string;
  /** Why the confidence changed, for the finding's message. */
  note?: string;
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** CRC32 of `data` in base62, left-padded to six characters (GitHub's and npm's token checksum). */
export function base62Crc32(data: string): string {
  let n = crc32(Buffer.from(data, 'latin1'));
  let out = '';
  while (n > 0) {
    out = BASE62[n % 62]! + out;
    n = Math.floor(n / 62);
  }
  return out.padStart(6, '0');
}

/** prefix_ + 30 random characters + their 6-character checksum. */
function prefixedChecksum(c: Candidate): CheckResult {
  const body = c.secret.slice(c.secret.indexOf('_') + 1);
  if (body.length !== 36) return { keep: true };
  return base62Crc32(body.slice(0, 30)) === body.slice(30)
    ? { keep: true, confidence: 'high', note: 'checksum verified' }
    : { keep: true, confidence: 'low', note: 'checksum does not verify: a made-up or mistyped token' };
}

const PLACEHOLDER_PASSWORDS = new Set([
  'password',
  'passwd',
  'mypassword',
  'secret',
  'changeme',
  'change_me',
  'example',
  'pwd',
  'pw',
  'null',
  'undefined',
  'none',
  'test',
  'token',
  'pass',
  'apikey',
  'api_key',
  // The user part of such a URL is the token (rule git-url-oauth-token).
  'x-oauth-basic',
]);

/** A URL password that is a template, a placeholder or a repeated character is not a leak. */
function credentialUrl(c: Candidate): CheckResult {
  const user = c.groups.user ?? '';
  const pass = c.secret;
  const lower = pass.toLowerCase();
  if (pass.length < 4) return { keep: false };
  if (/[${}<>%]|\*\*/.test(pass) || /[${}<>%]/.test(user)) return { keep: false };
  if (PLACEHOLDER_PASSWORDS.has(lower)) return { keep: false };
  if (/^(?:your|my)[_-]?pass|^replace|placeholder|^x+$|^\.+$/.test(lower)) return { keep: false };
  if (/^(.)\1+$/.test(pass)) return { keep: false };
  if (user !== '' && user === pass) return { keep: false };
  if (/^your[_-]?user/i.test(user)) return { keep: false };
  return { keep: true };
}

/** Characters a PEM body may hold once JSON or string escapes of line breaks are removed. */
const PEM_BODY = /^[A-Za-z0-9+/=]*$/;
const PEM_SCAN_LIMIT = 64 * 1024;
const PEM_MIN_BODY = 48;

/** A PEM private key block whose body is real base64 of some length, not `...` or `xxx`. */
function pemPrivateKey(c: Candidate): CheckResult {
  const endAt = c.text.indexOf('-----END', c.end);
  if (endAt < 0 || endAt - c.end > PEM_SCAN_LIMIT) return { keep: false };
  let body = c.text.slice(c.end, endAt).replace(/\\r|\\n|[\s"',]/g, '');
  // Encrypted PEM (RFC 1421) headers carry no key material.
  body = body.replace(/Proc-Type:[^:]*?(?=DEK-Info)|DEK-Info:[A-Z0-9-]+,[A-F0-9]+/g, '');
  if (body.length < PEM_MIN_BODY || !PEM_BODY.test(body)) return { keep: false };
  return { keep: true, secret: body };
}

/** A JWT whose header decodes to JSON naming an algorithm. */
function jwt(c: Candidate): CheckResult {
  const header = Buffer.from(c.secret.slice(0, c.secret.indexOf('.')), 'base64url').toString('latin1');
  return { keep: /^\s*\{.{0,400}"alg"\s*:/s.test(header) };
}

export const VALIDATORS = {
  'github-checksum': prefixedChecksum,
  'npm-checksum': prefixedChecksum,
  'credential-url': credentialUrl,
  'pem-private-key': pemPrivateKey,
  jwt,
} as const satisfies Record<string, (c: Candidate) => CheckResult>;
