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

/** ISO 8601 UTC with milliseconds, or undefined when the text is not an RFC 3339 date-time. */
export function normaliseTime(text: unknown): string | undefined {
  if (typeof text !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(text)) return undefined;
  const t = Date.parse(text);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

const EVENT_KEYS = new Set(['introduced', 'fixed', 'last_affected', 'limit']);

function rangeProblem(range: unknown): string | undefined {
  if (!isObject(range) || typeof range.type !== 'string') return 'a range without a type';
  if (!Array.isArray(range.events) || range.events.length === 0) return 'a range without events';
  for (const e of range.events) {
    if (!isObject(e)) return 'an event that is not an object';
    const keys = Object.keys(e).filter((k) => EVENT_KEYS.has(k));
    if (keys.length !== 1 || typeof e[keys[0]!] !== 'string') return 'an event without exactly one version';
  }
  return undefined;
}

/** What matching reads of an entry (checked above): the rest (symbols, notes) stays in the body. */
function slimEntry(entry: Record<string, unknown>): string {
  const pkg = entry.package as Record<string, unknown>;
  return JSON.stringify({
    package: { ecosystem: pkg.ecosystem, name: pkg.name },
    ...(entry.ranges !== undefined
      ? {
          ranges: (entry.ranges as Record<string, unknown>[]).map((r) => ({
            type: r.type,
            events: r.events,
          })),
        }
      : {}),
    ...(entry.versions !== undefined ? { versions: entry.versions } : {}),
  });
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
  const aliases = ((value.aliases as unknown[] | undefined) ?? []).filter(
    (a): a is string => typeof a === 'string' && a.length > 0 && a.length <= MAX_ID && a !== id,
  );
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
    affected.push({ ecosystem, name: packageKey(ecosystem, pkg.name), idx, entry: slimEntry(entry) });
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
      aliases: [...new Set(aliases)],
      affected,
      unknownEcosystems,
      body: text,
    },
  };
}
