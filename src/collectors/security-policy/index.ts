/**
 * Security policies: SECURITY.md-style prose and RFC 9116 security.txt files. Records, with
 * 1-based positions, the reporting contacts, the phrases that describe a disclosure process and
 * the statements of response or fix timescales. Text is only matched, never rendered or run.
 */

import { type DiagnosticCode, parse as parseSecurityTxtFile } from '../../formats/securitytxt/parse.js';
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
  /** For a README or CONTRIBUTING file: the security section (or paragraph) read as the policy. */
  section?: PolicySection;
  /** Little prose of its own: its substance is a link to a page elsewhere (see delegations). */
  pointerOnly: boolean;
}

export interface PolicySection {
  /** The heading's text, or "" for a paragraph without one. */
  heading: string;
  line: number;
  endLine: number;
}

/** A sentence that sends the reader to a page outside the tree for the policy or the channel. */
export interface Delegation {
  file: string;
  url: string;
  /** The sentence, whitespace collapsed, at most 200 characters. */
  statement: string;
  line: number;
  column: number;
  /** The lines the sentence spans. */
  fromLine: number;
  toLine: number;
}

export interface Contact {
  file: string;
  kind: 'email' | 'url' | 'channel';
  value: string;
  /** The URL or phrase is about reporting (emails always are); a plain link is not. */
  reporting: boolean;
  /** From a security.txt Contact field. */
  fromSecurityTxt: boolean;
  /** In a sentence that tells reporters where to report, so preferred over incidental contacts. */
  instructed: boolean;
  line: number;
  column: number;
}

export interface PolicySignal {
  file: string;
  id: string;
  /** How to report, what happens next, or a further part of a good policy (rules quality:). */
  category: 'report' | 'handling' | 'scope' | 'safe-harbour' | 'supported-versions';
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
  /** Sentences that route reporters to an external page (not a known reporting channel). */
  delegations: Delegation[];
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
// "`security at python dot org`": spelled out, so only inside backticks, quotes or angle brackets.
const SPELLED_EMAIL =
  /[`"'<]([A-Za-z0-9._%+-]{1,64})\s{1,3}at\s{1,3}([A-Za-z0-9-]{1,63}(?:\s{1,3}dot\s{1,3}[A-Za-z0-9-]{1,63}){1,8})[`"'>]/gi;
const URL = /https?:\/\/[^\s<>()"'`[\]{}|\\^]{1,2000}/g;
const SENTENCE_WINDOW = 300;

/** Link and emphasis markup, so what remains is the prose. */
const MARKUP = /[[\]()<>*_`|#=~^]/g;

function prose(s: string): string {
  return s.replace(URL, ' ').replace(MARKUP, ' ').replace(/\s+/g, ' ').trim();
}

/**
 * The sentence around [start, end); when that is only a link, the sentence that introduces it on
 * an earlier line ("...can be found here:" followed by the URL on its own line).
 */
function sentenceAround(text: string, start: number, end: number): { from: number; to: number } {
  const unit = unitAround(text, start, end, SENTENCE_WINDOW);
  if (/[A-Za-z]{2}/.test(prose(text.slice(unit.from, unit.to)))) return unit;
  const before = text.slice(0, unit.from).trimEnd();
  if (!before.endsWith(':')) return unit;
  const intro = unitAround(text, before.length - 1, before.length - 1, SENTENCE_WINDOW);
  return { from: intro.from, to: unit.to };
}

interface PolicyText {
  contacts: Contact[];
  delegations: Delegation[];
}

function extractContacts(file: string, text: string, starts: number[], r: SecurityPolicyRules): PolicyText {
  const out: Contact[] = [];
  const delegations: Delegation[] = [];
  const ignored = new Set(r.contact.ignoreEmailDomains.map((d) => d.toLowerCase()));
  const instruction = ruleRegex(r.contact.instruction, 'i');
  const incidental = ruleRegex(r.contact.incidental, 'i');
  const seen = new Set<string>();
  const sentence = (start: number, end: number) => {
    const unit = sentenceAround(text, start, end);
    return { ...unit, text: text.slice(unit.from, unit.to) };
  };
  const add = (c: Contact) => {
    const key = `${c.kind}\0${c.value.toLowerCase()}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(c);
  };
  const addEmail = (address: string, start: number, end: number) => {
    const domain = address.slice(address.indexOf('@') + 1).toLowerCase();
    if (ignored.has(domain)) return;
    const around = prose(sentence(start, end).text);
    // A copyright line's or a questions address is not where reports go.
    const reporting = !incidental.test(around);
    add({
      file,
      kind: 'email',
      value: address,
      reporting,
      fromSecurityTxt: false,
      instructed: reporting && instruction.test(around),
      ...positionAt(starts, start),
    });
  };
  for (const m of text.matchAll(EMAIL)) addEmail(m[1]!, m.index, m.index + m[0].length);
  for (const m of text.matchAll(OBFUSCATED_EMAIL)) {
    addEmail(`${m[1]}@${m[2]!.replace(/\s*[[(]\s*dot\s*[\])]\s*/gi, '.')}`, m.index, m.index + m[0].length);
  }
  for (const m of text.matchAll(SPELLED_EMAIL)) {
    addEmail(`${m[1]}@${m[2]!.replace(/\s+dot\s+/gi, '.')}`, m.index + 1, m.index + m[0].length - 1);
  }
  const reportingUrls = r.contact.reportingUrls.map((s) => ruleRegex(s, 'i'));
  const context = ruleRegex(r.contact.urlContext, 'i');
  const delegation = ruleRegex(r.contact.delegation, 'i');
  const topic = ruleRegex(r.contact.delegationTopic, 'i');
  for (const m of text.matchAll(URL)) {
    const url = m[0].replace(/[.,;:!?*_~]+$/, '');
    const known = reportingUrls.some((re) => re.test(url));
    const unit = sentence(m.index, m.index + m[0].length);
    const around = prose(unit.text);
    const delegates = !known && delegation.test(around) && topic.test(around);
    if (delegates && !delegations.some((d) => d.url === url)) {
      const from = positionAt(starts, unit.from + (unit.text.length - unit.text.trimStart().length)).line;
      delegations.push({
        file,
        url,
        statement: snippet(unit.text),
        ...positionAt(starts, m.index),
        fromLine: from,
        toLine: positionAt(starts, Math.max(unit.from, unit.to - 1)).line,
      });
    }
    // A page the policy defers to may hold the channel, but vouch cannot see it from the tree.
    const reporting = !delegates && (known || context.test(around));
    add({
      file,
      kind: 'url',
      value: url,
      reporting,
      fromSecurityTxt: false,
      instructed: reporting && instruction.test(around),
      ...positionAt(starts, m.index),
    });
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
        instructed: true,
        ...positionAt(starts, hit.index),
      });
      break;
    }
  }
  return { contacts: out, delegations };
}

function extractSignals(
  file: string,
  text: string,
  starts: number[],
  r: SecurityPolicyRules,
): PolicySignal[] {
  const out: PolicySignal[] = [];
  const lists: [PolicySignal['category'], { id: string; regex: string }[]][] = [
    ['report', r.disclosure.report],
    ['handling', r.disclosure.handling],
    ['scope', r.quality.scope],
    ['safe-harbour', r.quality.safeHarbour],
    ['supported-versions', r.quality.supportedVersions],
  ];
  for (const [category, rulesOf] of lists) {
    for (const rule of rulesOf) {
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

/**
 * Diagnostics that depend on the clock: the security-txt-valid probe judges expiry against the
 * run's clock (--today), so the collector, which has none, leaves them out.
 */
const CLOCK_DEPENDENT = new Set<DiagnosticCode>(['expired', 'expires-far']);
/** Any instant: only the clock-dependent diagnostics, dropped above, depend on it. */
const NO_CLOCK = new Date(0);

/**
 * RFC 9116 security.txt through vouch's one parser (src/formats/securitytxt, conformance-tested):
 * its fields, and its MUST-level errors as problems (no network, no signature check).
 */
export function parseSecurityTxt(path: string, text: string): SecurityTxt {
  const parsed = parseSecurityTxtFile(text, { now: NO_CLOCK });
  return {
    path,
    fields: parsed.fields.map(({ name, value, line }) => ({ name, value, line })),
    contact: parsed.contact,
    ...(parsed.expires !== null ? { expires: parsed.expires } : {}),
    ...(parsed.expiresAt !== null ? { expiresAt: new Date(parsed.expiresAt).toISOString() } : {}),
    policy: parsed.policy,
    signed: parsed.signed,
    problems: parsed.diagnostics
      .filter((d) => d.level === 'error' && !CLOCK_DEPENDENT.has(d.code))
      .map((d) => ({ message: d.message, ...(d.line !== null ? { line: d.line } : {}) })),
  };
}

interface Heading {
  /** 0-based index of the heading's first line. */
  index: number;
  /** Lines the heading takes (2 for an underlined one). */
  lines: number;
  level: number;
  title: string;
}

const ATX_HEADING = /^(#{1,6})\s+(.*?)[\s#]*$/;
const ASCIIDOC_HEADING = /^(={1,6})\s+(.*?)\s*$/;
const UNDERLINE = /^([=\-~^"'`#*+])\1{2,}\s*$/;
const UNDERLINE_LEVEL: Record<string, number> = { '=': 1, '-': 2 };

/** Markdown (ATX and setext), AsciiDoc and reStructuredText headings, outside fenced code. */
function headingsOf(lines: readonly string[]): Heading[] {
  const out: Heading[] = [];
  let fenced = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    if (/^\s*(?:```|~~~)/.test(line)) fenced = !fenced;
    if (fenced) continue;
    const m = ATX_HEADING.exec(line) ?? ASCIIDOC_HEADING.exec(line);
    if (m) {
      out.push({ index: i, lines: 1, level: m[1]!.length, title: m[2]! });
      continue;
    }
    const next = lines[i + 1]?.replace(/\r$/, '');
    const u = next === undefined ? null : UNDERLINE.exec(next);
    if (u && /\w/.test(line) && !/^\s*(?:[-*+]|\d+\.)\s/.test(line)) {
      out.push({ index: i, lines: 2, level: UNDERLINE_LEVEL[u[1]!] ?? 3, title: line.trim() });
      i++;
    }
  }
  return out;
}

/**
 * The security sections of a README or CONTRIBUTING file: each heading that names security, up
 * to the next heading of the same or a higher level; without one, each paragraph that says how
 * to report a vulnerability.
 */
function securitySections(text: string, r: SecurityPolicyRules): PolicySection[] {
  const lines = text.split('\n');
  const headings = headingsOf(lines);
  const title = ruleRegex(r.sections.heading, 'i');
  const about = ruleRegex(r.sections.about, 'i');
  const out: PolicySection[] = [];
  for (let h = 0; h < headings.length; h++) {
    const head = headings[h]!;
    if (!title.test(head.title)) continue;
    if (out.length > 0 && head.index + 1 <= out[out.length - 1]!.endLine) continue;
    const next = headings.slice(h + 1).find((n) => n.level <= head.level);
    let last = (next ? next.index : lines.length) - 1;
    while (last > head.index && lines[last]!.trim() === '') last--;
    if (!about.test(lines.slice(head.index, last + 1).join('\n'))) continue;
    out.push({ heading: snippet(head.title), line: head.index + 1, endLine: last + 1 });
  }
  if (out.length > 0) return out;
  const paragraph = ruleRegex(r.sections.paragraph, 'i');
  for (let i = 0; i < lines.length; ) {
    if (lines[i]!.trim() === '') {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < lines.length && lines[j + 1]!.trim() !== '') j++;
    if (paragraph.test(lines.slice(i, j + 1).join('\n')))
      out.push({ heading: '', line: i + 1, endLine: j + 1 });
    i = j + 1;
  }
  return out;
}

/** The text with every line outside the section blanked, so positions stay those of the file. */
function sectionText(text: string, section: PolicySection): string {
  return text
    .split('\n')
    .map((l, i) => (i + 1 >= section.line && i + 1 <= section.endLine ? l : ''))
    .join('\n');
}

/** Prose other than headings, links, markup and HTML comments. */
function proseLength(text: string): number {
  const lines = text.replace(/<!--[\s\S]*?-->/g, '').split('\n');
  const skip = new Set<number>();
  for (const h of headingsOf(lines)) for (let k = 0; k < h.lines; k++) skip.add(h.index + k);
  return prose(lines.filter((_, i) => !skip.has(i)).join('\n')).length;
}

/**
 * Reads one policy's text into the facts; returns whether it is pointer-only: it delegates to a
 * page, names no reporting channel of its own and has little other prose.
 */
function analysePolicy(
  facts: SecurityPolicyFacts,
  path: string,
  text: string,
  r: SecurityPolicyRules,
): boolean {
  const starts = lineStarts(text);
  const { contacts, delegations } = extractContacts(path, text, starts, r);
  facts.contacts.push(...contacts);
  facts.delegations.push(...delegations);
  facts.signals.push(...extractSignals(path, text, starts, r));
  facts.responseTimes.push(...extractResponseTimes(path, text, starts, r));
  return (
    delegations.length > 0 &&
    !contacts.some((c) => c.reporting) &&
    proseLength(text) <= r.contact.pointerOnlyMaxChars
  );
}

async function collectSecurityPolicy(inventory: Inventory, host: HostFacts): Promise<SecurityPolicyFacts> {
  const r = rules().securityPolicy;
  const facts: SecurityPolicyFacts = {
    files: [],
    host: { status: 'none' },
    contacts: [],
    delegations: [],
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
        pointerOnly: false,
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
            instructed: true,
            line: field.line,
            column,
          });
        }
        continue;
      }
      entry.pointerOnly = analysePolicy(facts, f.path, text, r);
    }
  }
  if (!facts.files.some((f) => f.kind === 'policy')) {
    // No policy file: a README or CONTRIBUTING security section is the tree's policy, and the
    // host may still show the owner's default policy beside it.
    for (const f of filesMatching(inventory, r.sectionFiles, { caseInsensitive: true })) {
      const read = await readBounded(inventory, f.path, MAX_TEXT_BYTES, 'cut');
      if ('error' in read) continue;
      for (const section of securitySections(read.text, r)) {
        const text = sectionText(read.text, section);
        facts.files.push({
          path: f.path,
          source: 'repository',
          kind: 'policy',
          size: f.size,
          truncated: read.truncated,
          empty: false,
          section,
          pointerOnly: analysePolicy(facts, f.path, text, r),
        });
      }
    }
    const org = host.organizationSecurityPolicy;
    if (org.status === 'unknown') facts.host = { status: 'unknown', reason: org.reason };
    else if (org.value) {
      const { location, url, text } = org.value;
      facts.host = { status: 'organization-default', location, url };
      const entry: PolicyFile = {
        path: location,
        source: 'organization-default',
        kind: 'policy',
        size: Buffer.byteLength(text),
        truncated: false,
        empty: text.trim() === '',
        pointerOnly: false,
      };
      facts.files.push(entry);
      entry.pointerOnly = analysePolicy(facts, location, text, r);
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
