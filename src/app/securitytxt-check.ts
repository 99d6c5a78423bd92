/**
 * `securitytxt check`: read a security.txt from a file or (opt-in, by giving a URL) from the
 * web through the safe fetcher, validate it against RFC 9116, and return the result as data
 * with its exit code; text and JSON renderings beside it.
 */
import { open } from 'node:fs/promises';
import { type Diagnostic, LIMITS, parse, type SecurityTxt } from '../formats/securitytxt/index.js';
import { verifyCleartext } from '../formats/securitytxt/verify.js';
import { FETCH_DEFAULTS, type SafeFetchOptions, safeFetch } from '../net/safe-fetch.js';
import { plural } from '../probes/text.js';
import { oneLine } from '../util/text.js';

export interface SecurityTxtCheckOptions {
  /** The instant Expires is judged against. */
  now: Date;
  /** Passed to the fetcher (tests inject a resolver and a CA). */
  fetch?: SafeFetchOptions;
  /** An armoured OpenPGP public key: the cleartext signature is verified against it. */
  key?: string;
}

export interface SecurityTxtCheckResult {
  target: string;
  source: 'file' | 'url';
  /** After redirects (URLs only). */
  finalUrl?: string;
  redirects?: string[];
  now: string;
  /** 0 valid, 1 invalid, 2 could not be checked (usage, unreadable, refused, not found). */
  exitCode: 0 | 1 | 2;
  valid: boolean;
  /** Why the file could not be checked (exit code 2). */
  problem?: string;
  /** The OpenPGP cleartext signature: verified only when a key is given. */
  signature: 'absent' | 'present, not verified' | 'verified' | 'invalid';
  /** The key that verified it. */
  signedBy?: { fingerprint: string; userIds: string[] };
  counts: { errors: number; warnings: number; info: number };
  diagnostics: Diagnostic[];
  parsed?: Omit<SecurityTxt, 'diagnostics' | 'valid'>;
}

const IS_URL = /^[a-z][a-z0-9+.-]*:\/\//i;

export async function checkSecurityTxt(
  target: string,
  options: SecurityTxtCheckOptions,
): Promise<SecurityTxtCheckResult> {
  const base = { target, now: options.now.toISOString() };
  const unchecked = (source: 'file' | 'url', problem: string): SecurityTxtCheckResult => ({
    ...base,
    source,
    exitCode: 2,
    valid: false,
    problem,
    signature: 'absent',
    counts: { errors: 0, warnings: 0, info: 0 },
    diagnostics: [],
  });

  const transport: Diagnostic[] = [];
  let bytes: Buffer;
  let locations: string[] = [];
  let source: 'file' | 'url';
  let fetched: { finalUrl: string; redirects: string[] } | undefined;
  if (IS_URL.test(target)) {
    source = 'url';
    try {
      const r = await safeFetch(target, { maxBytes: FETCH_DEFAULTS.maxBytes, ...options.fetch });
      if (r.status !== 200) return unchecked(source, `HTTP ${r.status} from ${r.url}`);
      bytes = r.body;
      fetched = { finalUrl: r.url, redirects: r.redirects };
      locations = [...new Set([target, r.url])];
      const problem = contentTypeProblem(r.contentType);
      if (problem)
        transport.push({
          level: 'error',
          code: 'content-type',
          message: problem,
          line: null,
          column: null,
          rfc: '3',
        });
    } catch (e) {
      return unchecked(source, `cannot fetch: ${(e as Error).message}`);
    }
  } else {
    source = 'file';
    try {
      bytes = await readAtMost(target, LIMITS.bytes + 1);
    } catch (e) {
      return unchecked(source, `cannot read: ${(e as Error).message}`);
    }
  }

  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    // A file cut at the size limit may end inside a character; parse reports the size.
    text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    if (bytes.length <= LIMITS.bytes)
      transport.push({
        level: 'error',
        code: 'encoding',
        message: 'not valid UTF-8',
        line: null,
        column: null,
        rfc: '3',
      });
  }
  const { diagnostics, valid, ...parsed } = parse(text, { now: options.now, location: locations });
  let signature: SecurityTxtCheckResult['signature'] = parsed.signed ? 'present, not verified' : 'absent';
  let signedBy: SecurityTxtCheckResult['signedBy'];
  if (options.key !== undefined) {
    const check = parsed.signed
      ? await verifyCleartext(text, options.key)
      : { status: 'invalid' as const, reason: 'a key was given but the file is not signed' };
    if (check.status === 'unusable-key') return unchecked(source, check.reason);
    if (check.status === 'verified') {
      signature = 'verified';
      signedBy = { fingerprint: check.fingerprint, userIds: check.userIds };
    } else {
      signature = 'invalid';
      transport.push({
        level: 'error',
        code: 'signature-invalid',
        message: `the signature does not verify with the given key: ${oneLine(check.reason, 200)}`,
        line: null,
        column: null,
        rfc: '2.3',
      });
    }
  }
  const all = [...transport, ...diagnostics];
  const ok = valid && transport.length === 0;
  return {
    ...base,
    source,
    ...(fetched ?? {}),
    exitCode: ok ? 0 : 1,
    valid: ok,
    signature,
    ...(signedBy ? { signedBy } : {}),
    counts: {
      errors: all.filter((d) => d.level === 'error').length,
      warnings: all.filter((d) => d.level === 'warning').length,
      info: all.filter((d) => d.level === 'info').length,
    },
    diagnostics: all,
    parsed,
  };
}

/** RFC 9116 §3: served as text/plain with charset utf-8. */
function contentTypeProblem(contentType: string | undefined): string | undefined {
  if (!contentType) return 'no Content-Type; it must be text/plain; charset=utf-8';
  const [type, ...params] = contentType.split(';').map((p) => p.trim().toLowerCase());
  if (type !== 'text/plain')
    return `Content-Type ${oneLine(contentType, 80)}; it must be text/plain; charset=utf-8`;
  const charset = params
    .find((p) => p.startsWith('charset='))
    ?.slice(8)
    .replace(/^"|"$/g, '');
  if (charset !== 'utf-8') return `Content-Type ${oneLine(contentType, 80)} does not say charset=utf-8`;
  return undefined;
}

/** The first `limit` bytes of a regular file. */
async function readAtMost(path: string, limit: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const st = await handle.stat();
    if (!st.isFile()) throw new Error('not a regular file');
    const buffer = Buffer.alloc(Math.min(limit, st.size));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

export function renderCheckJson(result: SecurityTxtCheckResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}

/** One line per diagnostic, `where:line:column: level code: message (RFC 9116 §x)`; hostile text made one-line. */
export function renderCheckText(result: SecurityTxtCheckResult): string {
  const where = oneLine(result.finalUrl ?? result.target, 200);
  if (result.problem) return `${where}: not checked: ${oneLine(result.problem)}\n`;
  const lines = result.diagnostics.map((d) => {
    const at = d.line === null ? where : `${where}:${d.line}:${d.column ?? 1}`;
    const clause = /^\d/.test(d.rfc) ? `RFC 9116 §${d.rfc}` : d.rfc;
    return `${at}: ${d.level} ${d.code}: ${oneLine(d.message)} (${clause})`;
  });
  const { errors, warnings } = result.counts;
  const verdict = result.valid ? 'valid' : 'invalid';
  lines.push(
    `${where}: ${verdict}: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}; signature ${result.signature}${result.signedBy ? ` by ${result.signedBy.fingerprint}` : ''}; checked at ${result.now}`,
  );
  return `${lines.join('\n')}\n`;
}
