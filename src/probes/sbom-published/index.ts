/**
 * A pass per CI or release file that generates an SBOM (at its first matching line); a failure
 * when none does and the tree visibly builds and publishes what users receive. The tree decides
 * only then: a file merely named for releasing, or a publish of source that is compiled where it
 * is installed (crates.io) for anything but a declared library, leaves the distributed artefacts
 * built elsewhere, so the outcome is unknown. A committed SBOM without a generating step is a low-severity failure: it may
 * not match what is released.
 */
import { type SbomStep, sbomGenerationFact } from '../../collectors/composition/index.js';
import type { Facts } from '../../collectors/types.js';
import { factsFor } from '../common.js';
import { definitionFor } from '../definitions.js';
import { finding } from '../finding.js';
import { productKindOf } from '../product-kind.js';
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
  const built = releases.find((r) => r.shows === 'built');
  if (built) {
    return [
      finding(definition, {
        outcome: 'fail',
        message: `No CI workflow or release configuration generates an SBOM, though ${oneLine(built.path)} publishes releases (${built.what}; ${checked})`,
        location: built.line === undefined ? { path: built.path } : { path: built.path, line: built.line },
        key: 'none',
      }),
    ];
  }
  const source = releases.find((r) => r.shows === 'source');
  if (source) {
    const kind = productKindOf(facts);
    const at = { path: source.path, ...(source.line === undefined ? {} : { line: source.line }) };
    if (kind === 'library' || kind === 'framework') {
      // The published source package is what a library's users receive.
      return [
        finding(definition, {
          outcome: 'fail',
          message: `No CI workflow or release configuration generates an SBOM, though ${oneLine(source.path)} publishes the ${kind}'s packages (${source.what}; ${checked})`,
          location: at,
          key: 'none',
        }),
      ];
    }
    return [
      finding(definition, {
        outcome: 'unknown',
        sub: 'source-only',
        message: `${oneLine(source.path)} publishes source packages (${source.what}) that are compiled where they are installed; the built ${kind ?? 'product'} users run is made elsewhere (by users' machines or a distributor's pipeline), so whether an SBOM is published with it cannot be seen (${checked})`,
        location: at,
        key: 'source-only',
        remediation:
          'Declare product.kind library in vouch.yaml if the published package is the product (then its SBOM belongs in this release workflow); otherwise attest where the distributed binaries are built and their SBOM published.',
      }),
    ];
  }
  const named = releases[0];
  if (named) {
    return [
      finding(definition, {
        outcome: 'unknown',
        sub: 'release-unseen',
        message: `${oneLine(named.path)} is named for releasing, but no step in the tree visibly publishes artefacts (it may run a script, draft notes or tag), so where the released artefacts are built, and whether an SBOM goes with them, cannot be seen (${checked})`,
        location: { path: named.path },
        key: 'release-unseen',
        remediation:
          'Make the publishing step visible in the release workflow and generate an SBOM there, or attest where releases are built and their SBOM published.',
      }),
    ];
  }
  // Releases are made outside the tree (by hand, or by another repository's pipeline).
  return [
    finding(definition, {
      outcome: 'unknown',
      message: `No CI or release file in the tree publishes a release (${checked}), so releases are made outside it and whether an SBOM is published with them cannot be seen`,
      key: 'no-release-in-tree',
    }),
  ];
}

export const probe: Probe = { definition, run };
