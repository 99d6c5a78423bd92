/**
 * `vouch vulns` matching on the real Go, Python, Rust and Maven lockfiles of the shared data,
 * against an independent, simple reading of the same OSV records: for each component, loop over
 * the records naming its package, and walk each range's events sorted by the ecosystem's version
 * order (introduced opens, fixed closes at, last_affected closes after). match.ts is not used.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalisePypiName } from '../../src/composition/merge.js';
import { scanComposition } from '../../src/composition/scan.js';
import { buildInventory } from '../../src/inventory/walk.js';
import { openStore, type Store } from '../../src/store/db.js';
import { importPaths } from '../../src/vulnerabilities/import/index.js';
import { matchComponents } from '../../src/vulnerabilities/scan.js';
import { compareVersions, schemeForEcosystem, schemes } from '../../src/vulnerabilities/versions/index.js';
import type { VersionScheme } from '../../src/vulnerabilities/versions/types.js';
import { SHARED } from '../helpers/lockfile-peer-suite.js';

const OSV = join(SHARED, 'peer-suites/osv');
const LOCKS = join(SHARED, 'peer-suites/real-lockfiles');

interface Rec {
  id: string;
  withdrawn?: string;
  affected?: {
    package?: { ecosystem: string; name: string };
    ranges?: { type: string; events: Record<string, string>[] }[];
    versions?: string[];
  }[];
}

const records: Rec[] = [
  'osv-go.jsonl',
  'osv-pypi.jsonl',
  'osv-rustsec.jsonl',
  'osv-maven-zeppelin.jsonl',
].flatMap((f) =>
  readFileSync(join(OSV, f), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Rec),
);

const ECOSYSTEM: Record<string, string> = { golang: 'Go', pypi: 'PyPI', cargo: 'crates.io', maven: 'Maven' };
const nameKey = (eco: string, name: string) => (eco === 'PyPI' ? normalisePypiName(name) : name);

/** Affected by one range, read directly off the sorted events. */
function inRange(scheme: VersionScheme, events: Record<string, string>[], version: string): boolean {
  const order = (a: string, b: string) =>
    a === '0' ? (b === '0' ? 0 : -1) : b === '0' ? 1 : compareVersions(scheme, a, b)!;
  const list = events.flatMap((e) => Object.entries(e)).filter(([k]) => k !== 'limit');
  if (
    list.some(([k, v]) => !(k === 'introduced' && v === '0') && compareVersions(scheme, v, v) === undefined)
  )
    return false;
  const sorted = list.map((e, i) => ({ e, i })).sort((a, b) => order(a.e[1], b.e[1]) || a.i - b.i);
  let open = false;
  for (const {
    e: [kind, at],
  } of sorted) {
    const c = at === '0' ? 1 : compareVersions(scheme, version, at)!;
    if (kind === 'introduced' && c >= 0) open = true;
    else if (kind === 'fixed' && c >= 0) open = false;
    else if (kind === 'last_affected' && c > 0) open = false;
  }
  return open;
}

function expected(
  components: { ecosystem: string; name: string; version: string; pinned: boolean; purl: string }[],
): string[] {
  const out = new Set<string>();
  for (const c of components) {
    const eco = ECOSYSTEM[c.ecosystem];
    if (!eco || !c.pinned) continue;
    const version = eco === 'Go' ? c.version.replace(/^v/, '') : c.version;
    const scheme = schemeForEcosystem(eco)!;
    if (compareVersions(scheme, version, version) === undefined) continue;
    for (const r of records) {
      if (r.withdrawn) continue;
      for (const a of r.affected ?? []) {
        if (!a.package || a.package.ecosystem.split(':')[0] !== eco) continue;
        if (nameKey(eco, a.package.name) !== nameKey(eco, c.name)) continue;
        const hit =
          a.versions?.includes(version) ||
          (a.ranges ?? []).some(
            (g) =>
              (g.type === 'ECOSYSTEM' || g.type === 'SEMVER') &&
              inRange(g.type === 'SEMVER' ? schemes.semver : scheme, g.events, version),
          );
        if (hit) out.add(`${c.purl} ${r.id}`);
      }
    }
  }
  return [...out].sort();
}

const CASES: { name: string; files: Record<string, string> }[] = [
  { name: 'go cosign', files: { 'go.mod': 'go/cosign-go.mod', 'go.sum': 'go/cosign-go.sum' } },
  { name: 'go scorecard', files: { 'go.mod': 'go/scorecard-go.mod', 'go.sum': 'go/scorecard-go.sum' } },
  { name: 'python ciso-assistant uv', files: { 'uv.lock': 'python/ciso-assistant-backend-uv.lock' } },
  { name: 'python fickling uv', files: { 'uv.lock': 'python/fickling-uv.lock' } },
  { name: 'python modelscan poetry', files: { 'poetry.lock': 'python/modelscan-poetry.lock' } },
  {
    name: 'python requirements',
    files: { 'requirements.txt': 'python/cdxgen-fixture-requirements-lock-hashes.txt' },
  },
  { name: 'rust ripgrep', files: { 'Cargo.lock': 'cargo/ripgrep-Cargo.lock' } },
  { name: 'rust zizmor', files: { 'Cargo.lock': 'cargo/zizmor-Cargo.lock' } },
  { name: 'maven zeppelin-server', files: { '.': 'maven/zeppelin-server' } },
  { name: 'maven dependency-track', files: { 'pom.xml': 'maven/dependency-track-apiserver-pom.xml' } },
];

describe('vouch vulns matching on real lockfiles equals an independent reading of the OSV ranges', () => {
  let store: Store;
  const totals: Record<string, number> = {};
  beforeAll(async () => {
    store = await openStore(join(mkdtempSync(join(tmpdir(), 'vouch-match-')), 'v.db'));
    importPaths(store, [OSV], { now: '2026-12-01T00:00:00.000Z' });
  });
  afterAll(async () => {
    await store.close();
    // The comparison would pass vacuously on empty sets: each ecosystem must find something.
    for (const eco of ['go', 'python', 'rust', 'maven']) expect(totals[eco], eco).toBeGreaterThan(0);
  });

  it('matches the same from a store whose index rows predate the entry column (read from the record bodies)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'vouch-lock-'));
    cpSync(join(LOCKS, 'go/scorecard-go.mod'), join(root, 'go.mod'));
    cpSync(join(LOCKS, 'go/scorecard-go.sum'), join(root, 'go.sum'));
    const scan = await scanComposition(await buildInventory(root, { readGit: false }));
    const ids = (s: Store) =>
      matchComponents(s, scan.components)
        .matches.flatMap((m) => m.records.map((r) => `${m.purl} ${r.id}`))
        .sort();
    const old = await openStore(join(mkdtempSync(join(tmpdir(), 'vouch-match-old-')), 'v.db'));
    try {
      importPaths(old, [OSV], { now: '2026-12-01T00:00:00.000Z' });
      old.prepare(old.db.updateTable('affected').set({ entry: null })).run([null]);
      const got = ids(old);
      expect(got.length).toBeGreaterThan(0);
      expect(got).toEqual(ids(store));
    } finally {
      await old.close();
    }
  });

  for (const c of CASES) {
    it(c.name, async () => {
      const root = mkdtempSync(join(tmpdir(), 'vouch-lock-'));
      for (const [to, from] of Object.entries(c.files)) {
        if (to === '.') cpSync(join(LOCKS, from), root, { recursive: true });
        else {
          mkdirSync(root, { recursive: true });
          cpSync(join(LOCKS, from), join(root, basename(to)));
        }
      }
      const scan = await scanComposition(await buildInventory(root, { readGit: false }));
      const got = matchComponents(store, scan.components)
        .matches.flatMap((m) => m.records.map((r) => `${m.purl} ${r.id}`))
        .sort();
      const want = expected(scan.components);
      expect(got).toEqual(want);
      const eco = c.name.split(' ')[0]!;
      totals[eco] = (totals[eco] ?? 0) + want.length;
    });
  }
});
