/**
 * A pass per CI or release file that generates an SBOM (at its first matching line); a failure
 * when none does. A committed SBOM without a generating step is a low-severity failure: it may
 * not match what is released.
 */
import { type SbomStep, sbomGenerationFact } from '../../collectors/composition/index.js';
import type { Facts } from '../../collectors/types.js';
import { factsFor } from '../common.js';
import { definitionFor } from '../definitions.js';
import { finding } from '../finding.js';
import { list, oneLine, plural, quote } from '../text.js';
import type { Finding, Probe } from '../types.js';

const definition = definitionFor(import.meta.url);

function run(facts: Facts): Finding[] {
  const got = factsFor(facts, definition, sbomGenerationFact);
  if (!got.ok) return got.findings;
  const { steps, ciFiles, unread, committed, releases } = got.value;
  if (steps.length > 0) {
    const byFile = new Map<string, SbomStep[]>();
    for (const s of steps) byFile.set(s.path, [...(byFile.get(s.path) ?? []), s]);
    return [...byFile].map(([path, fileSteps]) =>
      finding(definition, {
        outcome: 'pass',
        message: `${oneLine(path)} generates an SBOM (${list(
          fileSteps.map((s) => s.tool),
          3,
        )}): ${quote(fileSteps[0]!.text)}`,
        location: {
          path,
          line: fileSteps[0]!.line,
          ...(fileSteps[0]!.column ? { column: fileSteps[0]!.column } : {}),
        },
        key: fileSteps.map((s) => s.tool).join(','),
      }),
    );
  }
  const checked =
    ciFiles.length === 0
      ? 'no CI or release configuration found'
      : `checked ${plural(ciFiles.length, 'CI/release file')}${unread.length > 0 ? `, ${unread.length} too large or unreadable` : ''}`;
  if (committed.length > 0) {
    return [
      finding(definition, {
        outcome: 'fail',
        severity: 'low',
        sub: 'committed-only',
        message: `An SBOM is committed (${list(committed, 3)}) but no CI or release step generates it, so it may not match what is released (${checked})`,
        location: { path: committed[0]! },
        key: 'committed-only',
      }),
    ];
  }
  const release = releases[0];
  if (!release) {
    // Releases are made outside the tree (by hand, or by another repository's pipeline).
    return [
      finding(definition, {
        outcome: 'unknown',
        message: `No CI or release file in the tree publishes a release (${checked}), so releases are made outside it and whether an SBOM is published with them cannot be seen`,
        key: 'no-release-in-tree',
      }),
    ];
  }
  return [
    finding(definition, {
      outcome: 'fail',
      message: `No CI workflow or release configuration generates an SBOM, though ${oneLine(release.path)} publishes releases (${release.what}; ${checked})`,
      location:
        release.line === undefined ? { path: release.path } : { path: release.path, line: release.line },
      key: 'none',
    }),
  ];
}

export const probe: Probe = { definition, run };
