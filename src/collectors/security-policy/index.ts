/**
 * Security policies: SECURITY.md-style prose and RFC 9116 security.txt files. Records, with
 * 1-based positions, the reporting contacts, the phrases that describe a disclosure process and
 * the statements of response or fix timescales. Text is only matched, never rendered or run.
 */

import type { HostFacts } from '../../host/types.js';
import type { Inventory } from '../../inventory/types.js';
import { lineAround, lineStarts, positionAt } from '../../util/position.js';
import { hostFact } from '../host/index.js';
import { ruleRegex, rules, type SecurityPolicyRules } from '../rules.js';
import { type Collector, defineFact } from '../types.js';
import { filesMatching, MAX_TEXT_BYTES, readBounded } from '../util.js';

export interface PolicyFile {
  /** A path in the tree, or "OWNER/.github:PATH" for a policy the host supplies. */
  path: string;
  /** Where the policy lives: the tree, or the owner's default on the host. */
  source: 'repository' | 'organization-default';
  kind: 'policy' | 'security.txt';
  size: number;
  /** Only the first MAX_TEXT_BYTES were read. */
  truncated: boolean;
  /** No text other than whitespace. */
  empty: boolean;
  error?: string;
}

export interface Contact {
  file: string;
  kind: 'email' | 'url' | 'channel';
  value: string;
  /** The URL or phrase is about reporting (emails always are); a plain link is not. */
  reporting: boolean;
  /** From a security.txt Contact field. */
  fromSecurityTxt: boolean;
  line: number;
  column: number;
}

export interface PolicySignal {
  file: string;
  id: string;
  category: 'report' | 'handling';
  text: string;
  line: number;
  column: number;
}

export interface ResponseTime {
  file: string;
  /** The duration as written ("within 48 hours"). */
  duration: string;
  kind: 'acknowledge' | 'fix' | 'disclosure' | 'other';
  /** The sentence or table row around it, whitespace collapsed, at most 200 characters. */
  statement: string;
  line: number;
  column: number;
}

export interface SecurityTxtField {
  name: string;
  value: string;
  line: number;
}

export interface SecurityTxt {
  path: string;
  fields: SecurityTxtField[];
  contact: string[];
  /** The Expires value as written, when there is exactly one. */
  expires?: string;
  /** Parsed Expires, ISO 8601; absent when missing or not a date. */
  expiresAt?: string;
  policy: string[];
  signed: boolean;
  problems: { message: string; line?: number }[];
}

/**
 * Whether the host can supply a policy the tree lacks (GitHub shows the owner's default
 * SECURITY.md from its `.github` repository for repositories without their own).
 */
export type HostPolicy =
  | { status: 'none' }
  | { status: 'organization-default'; location: string; url: string }
  | { status: 'unknown'; reason: string };

export interface SecurityPolicyFacts {
  files: PolicyFile[];
  /** Only consulted when the tree has no policy of its own. */
  host: HostPolicy;
  contacts: Contact[];
  signals: PolicySignal[];
  responseTimes: ResponseTime[];
  securityTxt: SecurityTxt[];
}

const MAX_MATCHES_PER_RULE = 5;
const MAX_SNIPPET = 200;

function snippet(s: string): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > MAX_SNIPPET ? `${one.slice(0, MAX_SNIPPET - 1)}…` : one;
}

const EMAIL =
  /(?:mailto:)?([A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24})\b/g;
// "security [at] example [dot] com", a common way to hide an address from scrapers.
const OBFUSCATED_EMAIL =
  /\b([A-Za-z0-9._%+-]{1,64})\s{0,3}[[(]\s{0,3}at\s{0,3}[\])]\s{0,3}([A-Za-z0-9-]{1,63}(?:\s{0,3}[[(]\s{0,3}dot\s{0,3}[\])]\s{0,3}[A-Za-z0-9-]{1,63}){1,8})/gi;
const URL = /https?:\/\/[^\s<>()"'`[\]{}|\\^]{1,2000}/g;

function extractContacts(file: string, text: string, starts: number[], r: SecurityPolicyRules): Contact[] {
  const out: Contact[] = [];
  const ignored = new Set(r.contact.ignoreEmailDomains.map((d) => d.toLowerCase()));
  const seen = new Set<string>();
  const add = (c: Contact) => {
    const key = `${c.kind}\0${c.value.toLowerCase()}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(c);
  };
  for (const m of text.matchAll(EMAIL)) {
    const address = m[1]!;
    const domain = address.slice(address.indexOf('@') + 1).toLowerCase();
    if (ignored.has(domain)) continue;
    add({
      file,
      kind: 'email',
      value: address,
      reporting: true,
      fromSecurityTxt: false,
      ...positionAt(starts, m.index),
    });
  }
  for (const m of text.matchAll(OBFUSCATED_EMAIL)) {
    const domain = m[2]!.replace(/\s*[[(]\s*dot\s*[\])]\s*/gi, '.');
    if (ignored.has(domain.toLowerCase())) continue;
    add({
      file,
      kind: 'email',
      value: `${m[1]}@${domain}`,
      reporting: true,
      fromSecurityTxt: false,
      ...positionAt(starts, m.index),
    });
  }
  const reportingUrls = r.contact.reportingUrls.map((s) => ruleRegex(s, 'i'));
  const context = ruleRegex(r.contact.urlContext, 'i');
  for (const m of text.matchAll(URL)) {
    const url = m[0].replace(/[.,;:!?*_~]+$/, '');
    const reporting =
      reportingUrls.some((re) => re.test(url)) || context.test(lineAround(text, m.index).replace(url, ''));
    add({ file, kind: 'url', value: url, reporting, fromSecurityTxt: false, ...positionAt(starts, m.index) });
  }
  for (const source of r.contact.channelPhrases) {
    const m = ruleRegex(source, 'gi');
    for (const hit of text.matchAll(m)) {
      add({
        file,
        kind: 'channel',
        value: snippet(hit[0]),
        reporting: true,
        fromSecurityTxt: false,
        ...positionAt(starts, hit.index),
      });
      break;
    }
  }
  return out;
}

function extractSignals(
  file: string,
  text: string,
  starts: number[],
  r: SecurityPolicyRules,
): PolicySignal[] {
  const out: PolicySignal[] = [];
  for (const category of ['report', 'handling'] as const) {
    for (const rule of r.disclosure[category]) {
      let n = 0;
      for (const m of text.matchAll(ruleRegex(rule.regex, 'gi'))) {
        out.push({ file, id: rule.id, category, text: snippet(m[0]), ...positionAt(starts, m.index) });
        if (++n >= MAX_MATCHES_PER_RULE) break;
      }
    }
  }
  return out.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** The sentence, list item or table row around [start, end), within `window` characters. */
function unitAround(text: string, start: number, end: number, window: number): { from: number; to: number } {
  const lo = Math.max(0, start - window);
  const hi = Math.min(text.length, end + window);
  const before = text.slice(lo, start);
  const after = text.slice(end, hi);
  // Boundaries: a blank line, a sentence end, a new list item or table row.
  const boundary = /\n\s*\n|[.!?](?=\s)|\n\s*(?:[-*+]|\d+\.)\s|\n\s*\|/g;
  let from = lo;
  for (const m of before.matchAll(boundary)) from = lo + m.index + m[0].length;
  boundary.lastIndex = 0;
  const next = boundary.exec(after);
  const to = next ? end + next.index : hi;
  return { from, to };
}

function extractResponseTimes(
  file: string,
  text: string,
  starts: number[],
  r: SecurityPolicyRules,
): ResponseTime[] {
  const rt = r.responseTimes;
  const context = ruleRegex(rt.context, 'i');
  const exclude = ruleRegex(rt.exclude, 'i');
  const kinds = Object.entries(rt.kinds).map(([kind, source]) => [kind, ruleRegex(source, 'gi')] as const);
  const out: ResponseTime[] = [];
  for (const m of text.matchAll(ruleRegex(rt.duration, 'gi'))) {
    const duration = m[0].trim();
    const start = m.index + (m[0].length - m[0].trimStart().length);
    const end = m.index + m[0].length;
    const unit = unitAround(text, start, end, rt.windowChars);
    const around = text.slice(unit.from, unit.to);
    if (!context.test(around) || exclude.test(around)) continue;
    // The kind is named by the keyword nearest to the duration, preferring one before it.
    let kind: ResponseTime['kind'] = 'other';
    let best = Number.POSITIVE_INFINITY;
    const rel = start - unit.from;
    for (const [k, re] of kinds) {
      for (const hit of around.matchAll(re)) {
        const distance = hit.index < rel ? rel - hit.index : hit.index - rel + 1000;
        if (distance < best) {
          best = distance;
          kind = k as ResponseTime['kind'];
        }
      }
    }
    out.push({
      file,
      duration: snippet(duration),
      kind,
      statement: snippet(around),
      ...positionAt(starts, start),
    });
    if (out.length >= 50) break;
  }
  return out;
}

const SECURITY_TXT_FIELD = /^([A-Za-z0-9][A-Za-z0-9-]*):[ \t]*(.*?)[ \t]*$/;

/** RFC 9116 security.txt, read line by line (no network, no signature check). */
export function parseSecurityTxt(path: string, text: string): SecurityTxt {
  const result: SecurityTxt = { path, fields: [], contact: [], policy: [], signed: false, problems: [] };
  if (text.charCodeAt(0) === 0xfeff) {
    result.problems.push({ message: 'starts with a byte order mark', line: 1 });
    text = text.slice(1);
  }
  const lines = text.split(/\r?\n/);
  let inHeader = false;
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    const n = i + 1;
    if (line === '-----BEGIN PGP SIGNED MESSAGE-----') {
      result.signed = true;
      inHeader = true;
      continue;
    }
    if (inHeader) {
      // Armor headers ("Hash: SHA256") run until the first blank line.
      if (line.trim() === '') inHeader = false;
      continue;
    }
    if (line === '-----BEGIN PGP SIGNATURE-----') break;
    if (result.signed && line.startsWith('- ')) line = line.slice(2);
    if (line.trim() === '' || line.startsWith('#')) continue;
    const m = SECURITY_TXT_FIELD.exec(line);
    if (!m) {
      result.problems.push({ message: 'line is neither a field, a comment nor blank', line: n });
      continue;
    }
    result.fields.push({ name: m[1]!, value: m[2]!, line: n });
  }
  const named = (name: string) => result.fields.filter((f) => f.name.toLowerCase() === name);
  result.contact = named('contact').map((f) => f.value);
  result.policy = named('policy').map((f) => f.value);
  const expires = named('expires');
  if (result.contact.length === 0) result.problems.push({ message: 'no Contact field' });
  if (expires.length === 0) result.problems.push({ message: 'no Expires field' });
  else if (expires.length > 1)
    result.problems.push({ message: 'more than one Expires field', line: expires[1]!.line });
  else {
    const value = expires[0]!.value;
    result.expires = value;
    const time = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/i.test(value)
      ? Date.parse(value)
      : Number.NaN;
    if (Number.isNaN(time))
      result.problems.push({ message: 'Expires is not an RFC 3339 date-time', line: expires[0]!.line });
    else result.expiresAt = new Date(time).toISOString();
  }
  return result;
}

function analysePolicy(facts: SecurityPolicyFacts, path: string, text: string, r: SecurityPolicyRules): void {
  const starts = lineStarts(text);
  facts.contacts.push(...extractContacts(path, text, starts, r));
  facts.signals.push(...extractSignals(path, text, starts, r));
  facts.responseTimes.push(...extractResponseTimes(path, text, starts, r));
}

async function collectSecurityPolicy(inventory: Inventory, host: HostFacts): Promise<SecurityPolicyFacts> {
  const r = rules().securityPolicy;
  const facts: SecurityPolicyFacts = {
    files: [],
    host: { status: 'none' },
    contacts: [],
    signals: [],
    responseTimes: [],
    securityTxt: [],
  };
  const policyPaths = filesMatching(inventory, r.policyFiles, { caseInsensitive: true });
  const txtPaths = filesMatching(inventory, r.securityTxtFiles, {
    caseInsensitive: true,
    outOfScopeFor: 'configuration',
  });
  const seen = new Set<string>();
  for (const [kind, list] of [
    ['policy', policyPaths],
    ['security.txt', txtPaths],
  ] as const) {
    for (const f of list) {
      if (seen.has(f.path)) continue;
      seen.add(f.path);
      const entry: PolicyFile = {
        path: f.path,
        source: 'repository',
        kind,
        size: f.size,
        truncated: false,
        empty: true,
      };
      facts.files.push(entry);
      const read = await readBounded(inventory, f.path, MAX_TEXT_BYTES, 'cut');
      if ('error' in read) {
        entry.error = read.error;
        continue;
      }
      entry.truncated = read.truncated;
      entry.empty = read.text.trim() === '';
      if (entry.empty) continue;
      const text = read.text;
      if (kind === 'security.txt') {
        const starts = lineStarts(text);
        const txt = parseSecurityTxt(f.path, text);
        facts.securityTxt.push(txt);
        for (const field of txt.fields) {
          if (field.name.toLowerCase() !== 'contact') continue;
          const value = field.value.replace(/^mailto:/i, '');
          const column = lineAround(text, starts[field.line - 1] ?? 0).indexOf(field.value) + 1 || 1;
          facts.contacts.push({
            file: f.path,
            kind: value.includes('@') && !value.includes('/') ? 'email' : 'url',
            value,
            reporting: true,
            fromSecurityTxt: true,
            line: field.line,
            column,
          });
        }
        continue;
      }
      analysePolicy(facts, f.path, text, r);
    }
  }
  if (!facts.files.some((f) => f.kind === 'policy')) {
    const org = host.organizationSecurityPolicy;
    if (org.status === 'unknown') facts.host = { status: 'unknown', reason: org.reason };
    else if (org.value) {
      const { location, url, text } = org.value;
      facts.host = { status: 'organization-default', location, url };
      facts.files.push({
        path: location,
        source: 'organization-default',
        kind: 'policy',
        size: Buffer.byteLength(text),
        truncated: false,
        empty: text.trim() === '',
      });
      analysePolicy(facts, location, text, r);
    }
  }
  return facts;
}

export const securityPolicyFact = defineFact<SecurityPolicyFacts>('security-policy');

export const securityPolicyCollector: Collector<SecurityPolicyFacts> = {
  fact: securityPolicyFact,
  needs: [hostFact],
  collect: async ({ inventory, need }) => collectSecurityPolicy(inventory, await need(hostFact)),
};
