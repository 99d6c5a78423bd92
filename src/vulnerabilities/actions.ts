/**
 * Advisories for GitHub Actions (OSV ecosystem "GitHub Actions", GHSA records) read from the
 * store for the actions a repository uses, and an action reference matched against them. A tag
 * is the version ("v1.2.3" is 1.2.3); a commit SHA or a moving tag ("v4", "main") names no
 * version offline, so it is undecided where an advisory exists, never assumed safe or affected.
 */
import type { Store } from '../store/db.js';
import { recordScores } from './cvss.js';
import { matchAffected, type OsvAffected, smallestFixedVersion } from './match.js';

export const ACTIONS_ECOSYSTEM = 'GitHub Actions';

export type AdvisorySeverity = 'low' | 'medium' | 'high' | 'critical';

export interface ActionAdvisory {
  id: string;
  aliases: string[];
  summary?: string;
  /** From the record's GHSA severity, else its highest CVSS score; undefined when it gives neither. */
  severity?: AdvisorySeverity;
  /** The package name as the record spells it. */
  name: string;
  entry: OsvAffected;
}

export interface ActionAdvisories {
  /** Whether the store holds any advisory of the ecosystem: without one, silence proves nothing. */
  holdsEcosystem: boolean;
  /** Advisory entries for the names asked, by lower-cased package name. */
  byName: Map<string, ActionAdvisory[]>;
}

const GHSA_SEVERITY: Record<string, AdvisorySeverity> = {
  LOW: 'low',
  MODERATE: 'medium',
  MEDIUM: 'medium',
  HIGH: 'high',
  CRITICAL: 'critical',
};

function severityOf(record: Record<string, unknown>): AdvisorySeverity | undefined {
  const specific = record.database_specific as { severity?: unknown } | undefined;
  const named =
    typeof specific?.severity === 'string' ? GHSA_SEVERITY[specific.severity.toUpperCase()] : undefined;
  if (named) return named;
  const scores = recordScores(record.severity).map((s) => s.score);
  if (scores.length === 0) return undefined;
  const top = Math.max(...scores);
  if (top >= 9) return 'critical';
  if (top >= 7) return 'high';
  if (top >= 4) return 'medium';
  return top > 0 ? 'low' : undefined;
}

/**
 * The ecosystem's entries for the given action names (`owner/repo` or `owner/repo/path`, compared
 * without case as GitHub does). The ecosystem is small (hundreds of rows), so its index rows are
 * read once and filtered here rather than matched name by name with case folding in SQL.
 */
export function readActionAdvisories(store: Store, names: Iterable<string>): ActionAdvisories {
  const { db } = store;
  const wanted = new Set([...names].map((n) => n.toLowerCase()));
  const rows = store.select<{ record_id: string; name: string; idx: number; entry: string | null }>(
    db
      .selectFrom('affected')
      .select(['record_id', 'name', 'idx', 'entry'])
      .where('ecosystem', '=', ACTIONS_ECOSYSTEM),
  );
  const byName = new Map<string, ActionAdvisory[]>();
  const holdsEcosystem = rows.length > 0;
  const hits = rows.filter((r) => wanted.has(r.name.toLowerCase()));
  if (hits.length === 0) return { holdsEcosystem, byName };
  const ids = [...new Set(hits.map((r) => r.record_id))];
  const bodies = new Map<string, Record<string, unknown>>();
  for (let i = 0; i < ids.length; i += 500) {
    for (const row of store.select<{ id: string; body: string }>(
      db
        .selectFrom('records')
        .select(['id', 'body'])
        .where('id', 'in', ids.slice(i, i + 500))
        .where('withdrawn', 'is', null),
    ))
      bodies.set(row.id, JSON.parse(row.body) as Record<string, unknown>);
  }
  for (const row of hits) {
    const record = bodies.get(row.record_id);
    if (!record) continue;
    const entry =
      row.entry !== null
        ? (JSON.parse(row.entry) as OsvAffected)
        : (record.affected as OsvAffected[] | undefined)?.[row.idx];
    if (!entry) continue;
    const aliases = Array.isArray(record.aliases)
      ? record.aliases.filter((a): a is string => typeof a === 'string').sort()
      : [];
    const severity = severityOf(record);
    const advisory: ActionAdvisory = {
      id: row.record_id,
      aliases,
      ...(typeof record.summary === 'string' ? { summary: record.summary } : {}),
      ...(severity ? { severity } : {}),
      name: row.name,
      entry,
    };
    const key = row.name.toLowerCase();
    const list = byName.get(key);
    if (list) list.push(advisory);
    else byName.set(key, [advisory]);
  }
  for (const list of byName.values())
    list.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : a.entry === b.entry ? 0 : 1));
  return { holdsEcosystem, byName };
}

/** The names a `uses:` may be advised under: the action's path first, then its repository. */
export function actionNames(uses: { owner?: string; repo?: string; path?: string }): string[] {
  const repo = `${uses.owner}/${uses.repo}`;
  return uses.path ? [`${repo}/${uses.path}`, repo] : [repo];
}

const FULL_VERSION = /^v?(\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.+-]*)?)$/;

export type ActionRefMatch =
  | { status: 'affected'; advisory: ActionAdvisory; version: string; fixed?: string }
  /** An advisory exists for the action but the ref names no version that can be compared offline. */
  | { status: 'undecided'; advisory: ActionAdvisory; reason: string };

/** Every advisory entry that affects the ref, or leaves it undecided, for one action; none: clear. */
export function matchActionRef(advisories: readonly ActionAdvisory[], ref: string): ActionRefMatch[] {
  if (advisories.length === 0) return [];
  const full = FULL_VERSION.exec(ref);
  if (!full) {
    const reason = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i.test(ref)
      ? 'a commit SHA: which release it is needs a tag-to-commit map, which the store does not hold'
      : /^v?\d+(?:\.\d+)?$/.test(ref)
        ? 'a moving major or minor tag: which release it points to today is not known offline'
        : 'a branch or a tag that is not a version: what it points to is not known offline';
    return advisories.map((advisory) => ({ status: 'undecided', advisory, reason }));
  }
  const version = full[1]!;
  const out: ActionRefMatch[] = [];
  for (const advisory of advisories) {
    const m = matchAffected(advisory.entry, version);
    if (m.status === 'affected') {
      const fixed = smallestFixedVersion(advisory.entry, version);
      out.push({ status: 'affected', advisory, version, ...(fixed ? { fixed } : {}) });
    } else if (m.status !== 'not-affected')
      out.push({
        status: 'undecided',
        advisory,
        reason: `the advisory's ranges cannot be evaluated (${m.reason})`,
      });
  }
  return out;
}
