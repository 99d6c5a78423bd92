/**
 * Whether a concrete package version is affected by one OSV `affected[]` entry, evaluated as the
 * OSV schema's "Evaluation" section describes: each range's events sorted by version (an
 * `introduced` of "0" first, ties in record order), walked in order (`introduced` opens, `fixed` closes from that
 * version on, `last_affected` closes after it); a range with `limit` events only covers
 * versions below one of them ("*" is no limit); ranges are OR'ed, and a version listed in
 * `versions` is affected whatever the ranges say. SEMVER ranges use SemVer 2.0 order whatever
 * the ecosystem; ECOSYSTEM ranges the ecosystem's own; GIT ranges (commits) are never guessed.
 */
import { parseVersion, schemeForEcosystem, schemes } from './versions/index.js';
import type { Order, VersionScheme } from './versions/types.js';

export interface OsvEvent {
  introduced?: string;
  fixed?: string;
  last_affected?: string;
  limit?: string;
}

export interface OsvRange {
  type: string;
  repo?: string;
  events: OsvEvent[];
}

export interface OsvAffected {
  package?: { ecosystem: string; name: string; purl?: string };
  ranges?: OsvRange[];
  versions?: string[];
}

/** The range and events that made a version affected. */
export interface RangeHit {
  /** Index in `ranges`. */
  range: number;
  type: string;
  /** The `introduced` event that opened the interval holding the version. */
  introduced: string;
  /** The event that closes that interval, if any. */
  fixed?: string;
  lastAffected?: string;
}

export type Match =
  | { status: 'affected'; by: { range: RangeHit } | { listed: string }; gitRangesSkipped: number }
  | { status: 'not-affected'; gitRangesSkipped: number }
  /** Only GIT ranges could have answered: commits are not evaluated against package versions. */
  | { status: 'not-evaluated'; reason: string }
  | { status: 'unknown-ecosystem'; ecosystem: string; reason: string }
  /** The queried version, or a version in the record, is not a version of its scheme. */
  | { status: 'invalid-version'; version: string; reason: string };

type EventKind = 'introduced' | 'fixed' | 'last_affected';

interface SortedEvent {
  kind: EventKind;
  version: string;
  /** Parsed version; undefined for introduced "0" (below everything). */
  parsed: unknown;
}

type RangeOutcome =
  | { affected: true; hit: Omit<RangeHit, 'range' | 'type'> }
  | { affected: false }
  | { invalid: string; reason: string };

function eventOf(e: OsvEvent): { kind: EventKind; version: string } | undefined {
  if (e.introduced !== undefined) return { kind: 'introduced', version: e.introduced };
  if (e.fixed !== undefined) return { kind: 'fixed', version: e.fixed };
  if (e.last_affected !== undefined) return { kind: 'last_affected', version: e.last_affected };
  return undefined;
}

/** A range read once for one scheme: limits and events parsed, events sorted. */
type CompiledRange =
  | { scheme: VersionScheme; limits: unknown[]; events: SortedEvent[] }
  | { scheme: VersionScheme; invalid: string; reason: string };

/** Records are matched against many versions: each range is parsed and sorted once. */
const compiled = new WeakMap<OsvRange, CompiledRange>();

function compileRange(range: OsvRange, scheme: VersionScheme): CompiledRange {
  const cached = compiled.get(range);
  if (cached?.scheme === scheme) return cached;
  const limits: unknown[] = [];
  const events: SortedEvent[] = [];
  let result: CompiledRange | undefined;
  for (const e of range.events) {
    if (e.limit !== undefined) {
      const parsed = e.limit === '*' ? undefined : parseVersion(scheme, e.limit);
      if (e.limit !== '*' && parsed === undefined) {
        result = { scheme, invalid: e.limit, reason: `limit is not a ${scheme.id} version` };
        break;
      }
      limits.push(parsed);
      continue;
    }
    const ev = eventOf(e);
    if (ev === undefined) continue;
    const parsed =
      ev.kind === 'introduced' && ev.version === '0' ? undefined : parseVersion(scheme, ev.version);
    if (parsed === undefined && !(ev.kind === 'introduced' && ev.version === '0')) {
      result = { scheme, invalid: ev.version, reason: `${ev.kind} is not a ${scheme.id} version` };
      break;
    }
    events.push({ ...ev, parsed });
  }
  if (result === undefined) {
    // Python's sorted(), which the spec's pseudocode uses, is stable: events at equal versions
    // keep the record's order, so adjacent intervals written "fixed X, introduced X" keep X
    // affected while an empty "introduced X, fixed X" stays empty.
    events.sort((a, b) => {
      if (a.parsed === undefined || b.parsed === undefined) {
        return a.parsed === b.parsed ? 0 : a.parsed === undefined ? -1 : 1;
      }
      return scheme.compare(a.parsed, b.parsed);
    });
    result = { scheme, limits, events };
  }
  compiled.set(range, result);
  return result;
}

function evaluateRange(range: OsvRange, scheme: VersionScheme, v: unknown): RangeOutcome {
  const r = compileRange(range, scheme);
  if ('invalid' in r) return r;
  const { limits, events } = r;
  if (limits.length > 0 && !limits.some((l) => l === undefined || scheme.compare(v, l) < 0)) {
    return { affected: false };
  }
  let opened = -1;
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    const c: Order | undefined = e.parsed === undefined ? undefined : scheme.compare(v, e.parsed);
    if (e.kind === 'introduced') {
      if (c === undefined || c >= 0) opened = i;
    } else if (opened !== -1 && (e.kind === 'fixed' ? c! >= 0 : c! > 0)) opened = -1;
  }
  if (opened === -1) return { affected: false };
  const hit: Omit<RangeHit, 'range' | 'type'> = { introduced: events[opened]!.version };
  for (let i = opened + 1; i < events.length; i++) {
    const e = events[i]!;
    if (e.kind === 'introduced') continue;
    if (e.kind === 'fixed') hit.fixed = e.version;
    else hit.lastAffected = e.version;
    break;
  }
  return { affected: true, hit };
}

/** Whether `version` of the entry's package is affected, and by what. */
export function matchAffected(affected: OsvAffected, version: string): Match {
  if (affected.versions?.includes(version)) {
    return { status: 'affected', by: { listed: version }, gitRangesSkipped: countGit(affected) };
  }
  const ecosystem = affected.package?.ecosystem;
  const ranges = affected.ranges ?? [];
  let gitRangesSkipped = 0;
  let undecided: Match | undefined;
  for (let i = 0; i < ranges.length; i++) {
    const range = ranges[i]!;
    let scheme: VersionScheme | undefined;
    if (range.type === 'SEMVER') scheme = schemes.semver;
    else if (range.type === 'ECOSYSTEM') {
      scheme = ecosystem === undefined ? undefined : schemeForEcosystem(ecosystem);
      if (scheme === undefined) {
        undecided ??= {
          status: 'unknown-ecosystem',
          ecosystem: ecosystem ?? '',
          reason: `no version order known for ecosystem "${ecosystem ?? '(none)'}"`,
        };
        continue;
      }
    } else {
      if (range.type === 'GIT') gitRangesSkipped++;
      else
        undecided ??= { status: 'not-evaluated', reason: `range type "${range.type}" is not defined by OSV` };
      continue;
    }
    const v = parseVersion(scheme, version);
    if (v === undefined) {
      undecided ??= { status: 'invalid-version', version, reason: `not a ${scheme.id} version` };
      continue;
    }
    const outcome = evaluateRange(range, scheme, v);
    if ('invalid' in outcome) {
      undecided ??= {
        status: 'invalid-version',
        version: outcome.invalid,
        reason: `range ${i}: ${outcome.reason}`,
      };
    } else if (outcome.affected) {
      return {
        status: 'affected',
        by: { range: { range: i, type: range.type, ...outcome.hit } },
        gitRangesSkipped: countGit(affected),
      };
    }
  }
  if (undecided !== undefined) return undecided;
  if (gitRangesSkipped > 0 && gitRangesSkipped === ranges.length && (affected.versions?.length ?? 0) === 0) {
    return {
      status: 'not-evaluated',
      reason: 'only GIT ranges (commits), which are not evaluated against versions',
    };
  }
  return { status: 'not-affected', gitRangesSkipped };
}

function countGit(affected: OsvAffected): number {
  return (affected.ranges ?? []).filter((r) => r.type === 'GIT').length;
}

/**
 * The smallest `fixed` version above `version` that no range or listed version of the entry
 * still covers; undefined when the entry names none (open-ended, or only `last_affected`).
 */
export function smallestFixedVersion(affected: OsvAffected, version: string): string | undefined {
  const ecosystem = affected.package?.ecosystem;
  const order = (ecosystem === undefined ? undefined : schemeForEcosystem(ecosystem)) ?? schemes.semver;
  const current = parseVersion(order, version);
  if (current === undefined) return undefined;
  const candidates: { version: string; parsed: unknown }[] = [];
  for (const range of affected.ranges ?? []) {
    if (range.type !== 'SEMVER' && range.type !== 'ECOSYSTEM') continue;
    for (const e of range.events) {
      if (e.fixed === undefined) continue;
      const parsed = parseVersion(order, e.fixed);
      if (parsed !== undefined && order.compare(parsed, current) > 0)
        candidates.push({ version: e.fixed, parsed });
    }
  }
  candidates.sort((a, b) => order.compare(a.parsed, b.parsed));
  return candidates.find((c) => matchAffected(affected, c.version).status === 'not-affected')?.version;
}
