/**
 * One OSV record checked and reduced to what the store indexes. Records are hostile input:
 * anything the schema requires and matching relies on (id, modified, the shape of affected
 * packages and ranges) is checked, and a record that fails is refused with a reason the import
 * counts; nothing is guessed.
 */

import { baseEcosystem, packageKey } from '../ecosystems.js';
import { schemeForEcosystem } from '../versions/index.js';

/** A record larger than this is refused (the largest real ones are a few hundred KiB). */
export const MAX_RECORD_BYTES = 8 * 1024 * 1024;
const MAX_ID = 256;

export interface OsvRecordRow {
  id: string;
  modified: string;
  published: string | null;
  withdrawn: string | null;
  summary: string | null;
  aliases: string[];
  /** Index rows for affected entries whose ecosystem has a known version order (or SEMVER ranges). */
  affected: { ecosystem: string; name: string; idx: number; entry: string }[];
  /** Affected entries left out of the index: their ecosystem has no version order vouch knows. */
  unknownEcosystems: string[];
  body: string;
}

export type Checked = { ok: true; row: OsvRecordRow } | { ok: false; reason: string };

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const digitAt = (s: string, i: number): number => {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
};

/** `count` digits of `s` from `at` as a number, or -1 when one is not a digit. */
function digits(s: string, at: number, count: number): number {
  let n = 0;
  for (let i = at; i < at + count; i++) {
    const d = digitAt(s, i);
    if (d < 0) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * The normal form of `YYYY-MM-DDTHH:MM:SS[.fraction]Z` with every field in range, computed from
 * the text; undefined for any other text. Nearly every OSV time has this shape, and building the
 * normal form directly saves a Date per time; it equals what Date.parse and toISOString give
 * (the fraction truncated to milliseconds), which the tests check.
 */
function canonicalUtc(text: string): string | undefined {
  const n = text.length;
  if (n < 20 || text.charCodeAt(n - 1) !== 90 /* Z */) return undefined;
  if (text[4] !== '-' || text[7] !== '-' || text[10] !== 'T' || text[13] !== ':' || text[16] !== ':')
    return undefined;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1) return undefined;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!)) return undefined;
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return undefined;
  if (n === 20) return `${text.slice(0, 19)}.000Z`;
  if (text[19] !== '.' || n < 22) return undefined;
  for (let i = 20; i < n - 1; i++) if (digitAt(text, i) < 0) return undefined;
  const ms = text.slice(20, Math.min(23, n - 1));
  return `${text.slice(0, 20)}${ms.length === 3 ? ms : ms.padEnd(3, '0')}Z`;
}

/** ISO 8601 UTC with milliseconds, or undefined when the text is not an RFC 3339 date-time. */
export function normaliseTime(text: unknown): string | undefined {
  if (typeof text !== 'string') return undefined;
  const canonical = canonicalUtc(text);
  if (canonical !== undefined) return canonical;
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text)) return undefined;
  const t = Date.parse(text);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

const EVENT_KEYS = new Set(['introduced', 'fixed', 'last_affected', 'limit']);

function rangeProblem(range: unknown): string | undefined {
  if (!isObject(range) || typeof range.type !== 'string') return 'a range without a type';
  if (!Array.isArray(range.events) || range.events.length === 0) return 'a range without events';
  for (const e of range.events) {
    if (!isObject(e)) return 'an event that is not an object';
    let versions = 0;
    let version: unknown;
    for (const k in e)
      if (EVENT_KEYS.has(k)) {
        versions++;
        version = e[k];
      }
    if (versions !== 1 || typeof version !== 'string') return 'an event without exactly one version';
  }
  return undefined;
}

/**
 * What matching reads of an entry (checked above): the rest (symbols, notes) stays in the body.
 * Written piece by piece, the same text JSON.stringify gives for
 * `{package: {ecosystem, name}, ranges: [{type, events}], versions}`, without building that object.
 */
function slimEntry(entry: Record<string, unknown>, pkg: { ecosystem: string; name: string }): string {
  let out = `{"package":{"ecosystem":${JSON.stringify(pkg.ecosystem)},"name":${JSON.stringify(pkg.name)}}`;
  const ranges = entry.ranges as { type: string; events: unknown[] }[] | undefined;
  if (ranges !== undefined) {
    out += ',"ranges":[';
    for (let i = 0; i < ranges.length; i++) {
      const r = ranges[i]!;
      out += `${i === 0 ? '' : ','}{"type":${JSON.stringify(r.type)},"events":${JSON.stringify(r.events)}}`;
    }
    out += ']';
  }
  if (entry.versions !== undefined) out += `,"versions":${JSON.stringify(entry.versions)}`;
  return `${out}}`;
}

/** Checks one parsed record; `text` is its JSON as read (stored as the body). */
export function checkOsvRecord(value: unknown, text: string): Checked {
  if (text.length > MAX_RECORD_BYTES) return { ok: false, reason: 'record too large' };
  if (!isObject(value)) return { ok: false, reason: 'not a JSON object' };
  const { id } = value;
  if (typeof id !== 'string' || id.length === 0 || id.length > MAX_ID) return { ok: false, reason: 'no id' };
  const modified = normaliseTime(value.modified);
  if (modified === undefined) return { ok: false, reason: 'no valid modified time' };
  if (value.aliases !== undefined && !Array.isArray(value.aliases))
    return { ok: false, reason: 'aliases is not a list' };
  let aliases: string[] = [];
  for (const a of (value.aliases as unknown[] | undefined) ?? [])
    if (typeof a === 'string' && a.length > 0 && a.length <= MAX_ID && a !== id) aliases.push(a);
  if (aliases.length > 1) aliases = [...new Set(aliases)];
  if (value.affected !== undefined && !Array.isArray(value.affected))
    return { ok: false, reason: 'affected is not a list' };
  const affected: OsvRecordRow['affected'] = [];
  const unknownEcosystems: string[] = [];
  const entries = (value.affected as unknown[] | undefined) ?? [];
  for (let idx = 0; idx < entries.length; idx++) {
    const entry = entries[idx];
    if (!isObject(entry)) return { ok: false, reason: `affected[${idx}] is not an object` };
    if (entry.ranges !== undefined) {
      if (!Array.isArray(entry.ranges)) return { ok: false, reason: `affected[${idx}].ranges is not a list` };
      for (const r of entry.ranges) {
        const problem = rangeProblem(r);
        if (problem) return { ok: false, reason: `affected[${idx}] has ${problem}` };
      }
    }
    if (
      entry.versions !== undefined &&
      !(Array.isArray(entry.versions) && entry.versions.every((v) => typeof v === 'string'))
    )
      return { ok: false, reason: `affected[${idx}].versions is not a list of strings` };
    const pkg = entry.package;
    // Entries without a package (GIT-only records) cannot be matched against components.
    if (pkg === undefined) continue;
    if (
      !isObject(pkg) ||
      typeof pkg.ecosystem !== 'string' ||
      typeof pkg.name !== 'string' ||
      pkg.name === ''
    )
      return { ok: false, reason: `affected[${idx}].package needs an ecosystem and a name` };
    const ecosystem = baseEcosystem(pkg.ecosystem);
    const semverOnly =
      Array.isArray(entry.ranges) &&
      entry.ranges.length > 0 &&
      entry.ranges.every((r) => (r as { type: string }).type === 'SEMVER');
    if (schemeForEcosystem(ecosystem) === undefined && !semverOnly) {
      unknownEcosystems.push(pkg.ecosystem);
      continue;
    }
    affected.push({
      ecosystem,
      name: packageKey(ecosystem, pkg.name),
      idx,
      entry: slimEntry(entry, pkg as { ecosystem: string; name: string }),
    });
  }
  const withdrawn = value.withdrawn === undefined ? null : (normaliseTime(value.withdrawn) ?? null);
  return {
    ok: true,
    row: {
      id,
      modified,
      published: normaliseTime(value.published) ?? null,
      withdrawn,
      summary: typeof value.summary === 'string' ? value.summary.slice(0, 1000) : null,
      aliases,
      affected,
      unknownEcosystems,
      body: text,
    },
  };
}
