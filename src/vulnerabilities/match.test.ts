import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHARED } from '../../test/helpers/lockfile-peer-suite.js';
import { type Match, matchAffected, type OsvAffected, type OsvRange, smallestFixedVersion } from './match.js';

const OSV = join(SHARED, 'peer-suites/osv');

function records(file: string): { id: string; affected?: OsvAffected[] }[] {
  return readFileSync(join(OSV, file), 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l));
}

function entry(ecosystem: string, ranges: OsvRange[], versions?: string[]): OsvAffected {
  return { package: { ecosystem, name: 'pkg' }, ranges, ...(versions ? { versions } : {}) };
}

const eco = (...events: OsvRange['events']): OsvRange => ({ type: 'ECOSYSTEM', events });

function status(a: OsvAffected, v: string): Match['status'] {
  return matchAffected(a, v).status;
}

describe('matchAffected, the OSV evaluation rules', () => {
  it('treats introduced "0" as below everything and fixed as exclusive', () => {
    const a = entry('npm', [eco({ introduced: '0' }, { fixed: '1.0.2' })]);
    expect(status(a, '0.0.0-alpha')).toBe('affected');
    expect(status(a, '1.0.1')).toBe('affected');
    expect(status(a, '1.0.2-rc.1')).toBe('affected');
    expect(status(a, '1.0.2')).toBe('not-affected');
  });

  it('treats last_affected as inclusive', () => {
    const a = entry('PyPI', [eco({ introduced: '0' }, { last_affected: '2.1.214' })]);
    expect(status(a, '2.1.214')).toBe('affected');
    expect(status(a, '2.1.214.post1')).toBe('not-affected');
    expect(matchAffected(a, '2.0')).toEqual({
      status: 'affected',
      by: { range: { range: 0, type: 'ECOSYSTEM', introduced: '0', lastAffected: '2.1.214' } },
      gitRangesSkipped: 0,
    });
  });

  it('sorts unsorted events and reports the interval that matched', () => {
    const a = entry('Maven', [
      eco({ fixed: '3.2.5' }, { introduced: '3.0.0' }, { fixed: '1.0.2' }, { introduced: '1.0.0' }),
    ]);
    expect(status(a, '0.9')).toBe('not-affected');
    expect(status(a, '1.0.1')).toBe('affected');
    expect(status(a, '2.0')).toBe('not-affected');
    expect(matchAffected(a, '3.1')).toMatchObject({ by: { range: { introduced: '3.0.0', fixed: '3.2.5' } } });
    expect(status(a, '3.2.5')).toBe('not-affected');
  });

  it('keeps the record order at equal versions (adjacent intervals stay joined, empty ones empty)', () => {
    const adjacent = entry('PyPI', [
      eco({ introduced: '0' }, { fixed: '3.1.1' }, { introduced: '3.1.1' }, { fixed: '3.1.3' }),
    ]);
    expect(status(adjacent, '3.1.1')).toBe('affected');
    const empty = entry('PyPI', [eco({ introduced: '2.0' }, { fixed: '2.0' })]);
    expect(status(empty, '2.0')).toBe('not-affected');
    expect(status(empty, '3.0')).toBe('not-affected');
  });

  it('ORs several ranges and the versions list', () => {
    const a = entry(
      'RubyGems',
      [eco({ introduced: '1.0' }, { fixed: '1.1' }), eco({ introduced: '2.0' }, { fixed: '2.1' })],
      ['0.5'],
    );
    expect(matchAffected(a, '2.0.5')).toMatchObject({ status: 'affected', by: { range: { range: 1 } } });
    expect(matchAffected(a, '0.5')).toMatchObject({ status: 'affected', by: { listed: '0.5' } });
    expect(status(a, '1.5')).toBe('not-affected');
  });

  it('covers only versions below a limit when limits are given ("*" is no limit)', () => {
    const limited = entry('Go', [eco({ introduced: '1.0.0' }, { limit: '1.5.0' })]);
    expect(status(limited, '1.4.9')).toBe('affected');
    expect(status(limited, '1.5.0')).toBe('not-affected');
    const two = entry('Go', [eco({ introduced: '1.0.0' }, { limit: '1.5.0' }, { limit: '*' })]);
    expect(status(two, '9.0.0')).toBe('affected');
  });

  it('uses SemVer order for SEMVER ranges whatever the ecosystem', () => {
    const a = entry('PyPI', [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.0.0' }] }]);
    // In PEP 440 "1.0.0-1" is a post-release (above 1.0.0); in SemVer it is a pre-release.
    expect(status(a, '1.0.0-1')).toBe('affected');
    const b = entry('PyPI', [eco({ introduced: '0' }, { fixed: '1.0.0' })]);
    expect(status(b, '1.0.0-1')).toBe('not-affected');
  });

  it('reads the ecosystem without its release suffix', () => {
    const a = entry('Debian:12', [eco({ introduced: '0' }, { fixed: '1.2.1-2.2+deb12u1' })]);
    expect(status(a, '1.2.1-2.2')).toBe('affected');
    expect(status(a, '1:1.0-1')).toBe('not-affected');
  });

  it('never guesses: GIT-only entries are not evaluated, unknown ecosystems and invalid versions say so', () => {
    const git: OsvAffected = {
      ranges: [
        {
          type: 'GIT',
          repo: 'https://example.org/r',
          events: [{ introduced: '0' }, { fixed: 'a'.repeat(40) }],
        },
      ],
    };
    expect(status(git, '1.0')).toBe('not-evaluated');
    const mixed = entry('PyPI', [git.ranges![0]!, eco({ introduced: '0' }, { fixed: '2.0' })]);
    expect(matchAffected(mixed, '2.0')).toEqual({ status: 'not-affected', gitRangesSkipped: 1 });
    expect(matchAffected(entry('Linux', [eco({ introduced: '0' })]), '6.1')).toMatchObject({
      status: 'unknown-ecosystem',
      ecosystem: 'Linux',
    });
    expect(status(entry('Linux', [eco({ introduced: '0' })], ['6.1']), '6.1')).toBe('affected');
    expect(matchAffected(entry('CRAN', [eco({ introduced: '0' }, { fixed: '1.0' })]), '1.0a')).toMatchObject({
      status: 'invalid-version',
      version: '1.0a',
    });
    expect(matchAffected(entry('CRAN', [eco({ introduced: '0' }, { fixed: 'bad' })]), '1.0')).toMatchObject({
      status: 'invalid-version',
      version: 'bad',
    });
    expect(status(entry('npm', [eco({ introduced: '0' })]), 'x'.repeat(300))).toBe('invalid-version');
  });

  it('a range it cannot read outweighs a range that says not affected', () => {
    const a = entry('CRAN', [eco({ introduced: '0' }, { fixed: 'bad' }), eco({ introduced: '5.0' })]);
    expect(status(a, '1.0')).toBe('invalid-version');
    expect(status(a, '5.1')).toBe('affected');
  });
});

describe('smallestFixedVersion', () => {
  it('gives the smallest fix above the version that no other range covers', () => {
    const a = entry('PyPI', [
      eco({ introduced: '0' }, { fixed: '1.2' }, { introduced: '1.2.5' }, { fixed: '1.3' }),
      eco({ introduced: '1.1' }, { fixed: '1.1.9' }),
    ]);
    expect(smallestFixedVersion(a, '1.0')).toBe('1.2');
    expect(smallestFixedVersion(a, '1.1.5')).toBe('1.2');
    expect(smallestFixedVersion(a, '1.2.6')).toBe('1.3');
    expect(
      smallestFixedVersion(entry('npm', [eco({ introduced: '0' }, { last_affected: '2.0.0' })]), '1.0.0'),
    ).toBe(undefined);
  });
  it('skips a fix that a listed version still covers', () => {
    const a = entry(
      'npm',
      [eco({ introduced: '0' }, { fixed: '1.0.0' }, { introduced: '1.0.1' }, { fixed: '2.0.0' })],
      ['1.0.0'],
    );
    expect(smallestFixedVersion(a, '0.5.0')).toBe('2.0.0');
  });
});

/**
 * Upstream records whose `versions` list names a version their own ECOSYSTEM ranges do not
 * cover (the list is part of the match, so these versions are still reported affected).
 */
const LISTED_OUTSIDE_RANGES: Record<string, string> = {
  'PYSEC-2023-61 3.2a1': 'pre-releases of 3.2 listed, but the range starts at introduced "3.2"',
  'PYSEC-2023-61 3.2b1': 'pre-releases of 3.2 listed, but the range starts at introduced "3.2"',
  'PYSEC-2023-61 3.2rc1': 'pre-releases of 3.2 listed, but the range starts at introduced "3.2"',
  'PYSEC-2023-61 4.2a1': 'pre-releases of 4.2 listed, but the range starts at introduced "4.2"',
  'PYSEC-2023-61 4.2b1': 'pre-releases of 4.2 listed, but the range starts at introduced "4.2"',
  'PYSEC-2023-61 4.2rc1': 'pre-releases of 4.2 listed, but the range starts at introduced "4.2"',
  'PYSEC-2023-177 23.9.0': 'the fixed version itself is listed as affected',
  'PYSEC-2023-177 23.9.0.post1': 'a post-release of the fixed version is listed as affected',
  'PYSEC-2021-114 2.11.6':
    'overlapping intervals in one range ([2.11, 2.11.7) and [0, 2.11.6)): the spec walk closes at fixed 2.11.6',
};

describe('matchAffected on real OSV records (../shared/peer-suites/osv)', () => {
  it('finds every version a record lists inside its own ranges, the list removed (PyPI, Maven)', () => {
    const misses: string[] = [];
    let checked = 0;
    for (const file of ['osv-pypi.jsonl', 'osv-maven-zeppelin.jsonl']) {
      for (const r of records(file)) {
        for (const a of r.affected ?? []) {
          if (!a.versions?.length || !a.ranges?.some((g) => g.type !== 'GIT')) continue;
          const rangesOnly = { ...a, versions: [] };
          for (const v of a.versions) {
            checked++;
            const m = matchAffected(rangesOnly, v);
            if (m.status !== 'affected' && LISTED_OUTSIDE_RANGES[`${r.id} ${v}`] === undefined) {
              misses.push(`${r.id} ${a.package?.ecosystem} ${v}: ${m.status}`);
            }
            // With the list, every listed version is affected.
            if (matchAffected(a, v).status !== 'affected')
              misses.push(`${r.id} ${v}: not affected with the list`);
          }
        }
      }
    }
    console.log(`osv versions lists: ${checked} listed versions checked against ranges alone`);
    expect(checked).toBeGreaterThan(100_000);
    expect(misses).toEqual([]);
  });

  it('agrees with plain number-tuple intervals on SEMVER records of plain X.Y.Z versions (Go, RustSec)', () => {
    const plain = /^\d+\.\d+\.\d+$/;
    const tuple = (v: string): number[] => v.split('.').map(Number);
    const less = (a: number[], b: number[]): boolean => {
      for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
      return false;
    };
    let ranges = 0;
    let probes = 0;
    const wrong: string[] = [];
    for (const file of ['osv-go.jsonl', 'osv-rustsec.jsonl']) {
      for (const r of records(file)) {
        for (const a of r.affected ?? []) {
          for (const range of a.ranges ?? []) {
            // Simple shape only: introduced/fixed pairs in ascending order, plain versions.
            const ev = range.events;
            const pairs: [number[], number[] | undefined][] = [];
            let simple = range.type === 'SEMVER' && ev.length > 0;
            for (let i = 0; simple && i < ev.length; i += 2) {
              const intro = ev[i]!.introduced;
              const fixed = ev[i + 1]?.fixed;
              if (intro === undefined || (intro !== '0' && !plain.test(intro))) simple = false;
              else if (i + 1 < ev.length && (fixed === undefined || !plain.test(fixed))) simple = false;
              else
                pairs.push([
                  intro === '0' ? [0, 0, 0] : tuple(intro),
                  fixed === undefined ? undefined : tuple(fixed),
                ]);
            }
            for (let i = 1; simple && i < pairs.length; i++) {
              const prev = pairs[i - 1]![1];
              if (prev === undefined || less(pairs[i]![0], prev)) simple = false;
            }
            if (!simple) continue;
            ranges++;
            const one = { ...a, ranges: [range], versions: [] };
            for (const [lo, hi] of pairs) {
              for (const t of [lo, hi].filter((x) => x !== undefined)) {
                for (const p of [
                  t,
                  [t[0]!, t[1]!, t[2]! + 1],
                  [t[0]!, t[1]! + 1, 0],
                  t[2]! > 0 ? [t[0]!, t[1]!, t[2]! - 1] : t,
                ]) {
                  const expected = pairs.some(([l, h]) => !less(p, l) && (h === undefined || less(p, h)));
                  const v = p.join('.');
                  probes++;
                  expect(matchAffected(one, v).status, `${r.id} ${v}`).toBe(
                    expected ? 'affected' : 'not-affected',
                  );
                  expect(matchAffected(one, `v${v}`).status, `${r.id} v${v}`).toBe(
                    expected ? 'affected' : 'not-affected',
                  );
                }
              }
            }
          }
        }
      }
    }
    console.log(`osv SEMVER records: ${ranges} simple ranges, ${probes} probe versions`);
    expect(ranges).toBeGreaterThan(4000);
    expect(wrong).toEqual([]);
  });

  it('never turns a GIT range into a verdict (PyPI entries cut down to their GIT ranges)', () => {
    let gitRanges = 0;
    for (const r of records('osv-pypi.jsonl')) {
      for (const a of r.affected ?? []) {
        const git = (a.ranges ?? []).filter((g) => g.type === 'GIT');
        if (git.length === 0) continue;
        gitRanges++;
        const gitOnly = { package: a.package, ranges: git };
        for (const v of a.versions?.slice(0, 3) ?? ['1.0'])
          expect(matchAffected(gitOnly, v).status).toBe('not-evaluated');
      }
    }
    console.log(`osv PyPI entries with GIT ranges: ${gitRanges}`);
    expect(gitRanges).toBeGreaterThan(1000);
  });
});
