/**
 * osv-scalibr's version-ordering cases (../shared/peer-suites/versions, ~72,000 comparisons)
 * against our schemes, under every ecosystem name upstream runs each file with. Each case is
 * checked both ways: compare(A, B) must give the expected order and compare(B, A) its opposite.
 */
import { describe, expect, it } from 'vitest';
import { compareVersions, schemeForEcosystem } from '../../src/vulnerabilities/versions/index.js';
import { readVersionCases, versionSuiteFiles } from '../helpers/version-suite.js';

/**
 * Upstream cases we believe wrong, keyed "file:line", each with the reason. They are reported
 * and excluded from the pass count, never silently skipped. None so far.
 */
const BELIEVED_WRONG: Record<string, string> = {};

const EXPECTED: Record<string, number> = { '<': -1, '=': 0, '>': 1 };

const files = versionSuiteFiles();
const ecosystems = [...new Set(files.flatMap((f) => f.ecosystems))];

describe('osv-scalibr version-ordering peer suite', () => {
  it('reads as many cases as index.json announces', () => {
    for (const f of files) expect(readVersionCases(f.file).length, f.file).toBe(f.comparisons);
  });

  for (const ecosystem of ecosystems) {
    it(`orders every ${ecosystem} case as upstream does`, () => {
      const scheme = schemeForEcosystem(ecosystem);
      expect(scheme, ecosystem).toBeDefined();
      let total = 0;
      let passed = 0;
      const failures: string[] = [];
      const believedWrong: string[] = [];
      for (const f of files.filter((x) => x.ecosystems.includes(ecosystem))) {
        for (const c of readVersionCases(f.file)) {
          total++;
          const key = `${f.file}:${c.line}`;
          const want = EXPECTED[c.op];
          const forward = compareVersions(scheme!, c.a, c.b);
          const backward = compareVersions(scheme!, c.b, c.a);
          const ok = want !== undefined && forward === want && backward === -want;
          if (BELIEVED_WRONG[key] !== undefined) {
            believedWrong.push(
              `${key} ${c.a} ${c.op} ${c.b} (${ok ? 'passes anyway' : BELIEVED_WRONG[key]})`,
            );
            continue;
          }
          if (ok) passed++;
          else failures.push(`${key}: ${c.a} ${c.op} ${c.b}, got ${forward} / reverse ${backward}`);
        }
      }
      console.log(
        `versions ${ecosystem}: ${passed}/${total - believedWrong.length} pass` +
          (believedWrong.length > 0
            ? `; ${believedWrong.length} believed wrong upstream: ${believedWrong.join('; ')}`
            : ''),
      );
      expect(failures.slice(0, 20)).toEqual([]);
      expect(passed).toBe(total - believedWrong.length);
      expect(total).toBeGreaterThan(0);
    });
  }
});
