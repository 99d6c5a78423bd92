/**
 * Runs one osv-scalibr extractor fixture folder from ../shared/peer-suites/lockfiles against a
 * vouch extractor. Comparison follows the suite's README: packages as a set of (path, name,
 * version, commit), plus dependency groups and line numbers where upstream checks them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, posix, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Component, ExtractInput, Extractor } from '../../src/composition/component.js';

export const SHARED = resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared');
export const LOCKFILE_SUITE = join(SHARED, 'peer-suites/lockfiles');

interface WantPackage {
  name: string;
  version: string;
  purlType: string;
  depGroups?: string[];
  commit?: string;
  location?: { path: string; line?: number };
}

interface PeerCase {
  test: string;
  name: string;
  path: string;
  wantErr: null | { contains?: string; any?: boolean };
  wantPackages?: WantPackage[] | null;
  lineNumbersCompared?: boolean;
  wantNotPackages?: { name: string; version: string }[];
  extra?: Record<string, unknown>;
}

export interface PeerCaseResult {
  key: string;
  ok: boolean;
  /** Listed in knownDisagreements: counted apart, with the reason. */
  disagreement?: string;
  reason?: string;
}

export interface PeerSuiteResult {
  folder: string;
  total: number;
  passed: number;
  disagreements: PeerCaseResult[];
  failures: PeerCaseResult[];
}

const purlTypeOf: Record<string, string> = {
  npm: 'npm',
  pypi: 'pypi',
  golang: 'golang',
  cargo: 'cargo',
  gem: 'gem',
  composer: 'composer',
  nuget: 'nuget',
  maven: 'maven',
};

function key(p: { name: string; version: string; commit?: string | undefined }): string {
  return `${p.name}@${p.version}${p.commit ? `#${p.commit}` : ''}`;
}

export function caseKey(c: { test: string; name: string; path: string }): string {
  return `${c.test}/${c.name} (${c.path})`;
}

/** Compares one case; returns a reason string on mismatch, undefined on match. */
function compare(c: PeerCase, components: Component[], error: string | undefined): string | undefined {
  if (c.wantErr && !error) return 'expected an error, got none';
  if (!c.wantErr && error) return `unexpected error: ${error}`;
  const want = c.wantPackages ?? [];
  if (c.wantErr && want.length === 0) return undefined;
  const got = components.map((p) => ({
    name: p.name,
    version: p.version,
    commit: p.commit,
    purlType: p.purl.slice(4, p.purl.indexOf('/')),
    groups: [...(p.groups ?? [])].sort(),
    line: p.location.line,
  }));
  const wantKeys = want.map((w) => key(w)).sort();
  const gotKeys = got.map((g) => key(g)).sort();
  if (JSON.stringify(wantKeys) !== JSON.stringify(gotKeys)) {
    const missing = wantKeys.filter((k) => !gotKeys.includes(k));
    const extra = gotKeys.filter((k) => !wantKeys.includes(k));
    return `package set differs; missing [${missing.join(', ')}] extra [${extra.join(', ')}]`;
  }
  const pool = [...got];
  for (const w of want) {
    const i = pool.findIndex(
      (g) =>
        key(g) === key(w) &&
        g.purlType === purlTypeOf[w.purlType] &&
        (w.depGroups === undefined || JSON.stringify(g.groups) === JSON.stringify([...w.depGroups].sort())) &&
        // Go's zero value: line 0 means upstream set no line.
        (c.lineNumbersCompared === false || !w.location?.line || g.line === w.location.line),
    );
    if (i < 0) {
      const cands = got.filter((g) => key(g) === key(w));
      return `no match for ${key(w)} purlType=${w.purlType} groups=${JSON.stringify(w.depGroups)} line=${w.location?.line}; got ${JSON.stringify(cands)}`;
    }
    pool.splice(i, 1);
  }
  for (const n of c.wantNotPackages ?? []) {
    if (got.some((g) => g.name === n.name && g.version === n.version)) return `reported excluded ${key(n)}`;
  }
  return undefined;
}

/**
 * @param folder e.g. "javascript-packagelockjson"
 * @param knownDisagreements caseKey -> why we believe upstream is wrong
 * @param configure turns a case's `extra` table fields into extractor options, if the extractor has any
 */
export async function runLockfilePeerSuite(
  folder: string,
  extractor: Extractor | ((c: PeerCase) => Extractor),
  knownDisagreements: Record<string, string> = {},
): Promise<PeerSuiteResult> {
  const base = join(LOCKFILE_SUITE, folder);
  const expected = JSON.parse(readFileSync(join(base, 'expected.json'), 'utf8')) as { cases: PeerCase[] };
  const result: PeerSuiteResult = { folder, total: 0, passed: 0, disagreements: [], failures: [] };
  for (const c of expected.cases) {
    result.total++;
    const ex = typeof extractor === 'function' ? extractor(c) : extractor;
    let components: Component[] = [];
    let error: string | undefined;
    const file = join(base, c.path);
    try {
      const text = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
      if (text === undefined) throw new Error(`fixture missing: ${c.path}`);
      const r = await ex.extract({
        path: c.path,
        text,
        readSibling: async (p: string) => {
          const abs = join(base, posix.normalize(p));
          return existsSync(abs) ? readFileSync(abs, 'utf8') : undefined;
        },
      });
      components = r.components;
      error = r.error;
    } catch (e) {
      error = `threw: ${(e as Error).message}`;
    }
    const k = caseKey(c);
    const reason = compare(c, components, error);
    if (!reason) {
      result.passed++;
    } else if (knownDisagreements[k]) {
      result.disagreements.push({ key: k, ok: false, disagreement: knownDisagreements[k], reason });
    } else {
      result.failures.push({ key: k, ok: false, reason });
    }
  }
  return result;
}

export function describeResult(r: PeerSuiteResult): string {
  const lines = [`${r.folder}: ${r.passed}/${r.total} peer cases pass`];
  for (const d of r.disagreements) lines.push(`  disagree: ${d.key}: ${d.disagreement}`);
  for (const f of r.failures) lines.push(`  differs: ${f.key}: ${f.reason}`);
  return lines.join('\n');
}

/** An extractor input for a fixture file under `root`, with siblings read from the same tree. */
export function fixtureInput(root: string, path: string): ExtractInput {
  return {
    path,
    text: readFileSync(join(root, path), 'utf8'),
    readSibling: async (p) => {
      const abs = join(root, posix.normalize(p));
      return existsSync(abs) ? readFileSync(abs, 'utf8') : undefined;
    },
  };
}
