/**
 * Whether the release configuration signs or attests what it publishes. One pass per signing or
 * provenance mechanism found; a failure when something is published with checksums only or with
 * nothing; unknown when no publishing step is visible (releases may be made by hand or elsewhere).
 */

import { packageManifestsFact } from '../../collectors/package-manifests/index.js';
import { type ReleaseStep, releaseIntegrityFact } from '../../collectors/release-integrity/index.js';
import type { Facts } from '../../collectors/types.js';
import { factsFor } from '../common.js';
import { definitionFor } from '../definitions.js';
import { finding } from '../finding.js';
import { list, oneLine, plural, quote } from '../text.js';
import type { Finding, Probe } from '../types.js';

const definition = definitionFor(import.meta.url);

const at = (s: ReleaseStep) => ({
  path: s.path,
  line: s.line,
  column: s.column,
  ...(s.route ? { route: s.route } : {}),
});

function run(facts: Facts): Finding[] {
  const got = factsFor(facts, definition, releaseIntegrityFact);
  if (!got.ok) return got.findings;
  const { markers, publishing, unreadable } = got.value;
  const signing = markers.filter(
    (m) => m.provides.includes('signature') || m.provides.includes('provenance'),
  );
  if (signing.length > 0) {
    const firstOf = new Map<string, ReleaseStep>();
    for (const m of signing) if (!firstOf.has(m.id)) firstOf.set(m.id, m);
    return [...firstOf.values()].map((m) =>
      finding(definition, {
        outcome: 'pass',
        message: `${m.name} (${m.provides.join(', ')}): ${quote(m.text)} in ${oneLine(m.path)}`,
        location: at(m),
        key: m.id,
      }),
    );
  }
  const checksums = markers.filter((m) => m.provides.includes('checksum'));
  const published = publishing[0];
  if (published) {
    const how =
      checksums.length > 0
        ? `with checksums only (${list([...new Set(checksums.map((c) => c.name))])}), which detect alteration but not who made the file`
        : 'with no signing or provenance step';
    return [
      finding(definition, {
        outcome: 'fail',
        message: `${plural(publishing.length, 'step')} publish a release (first ${quote(published.text)} in ${oneLine(published.path)}) ${how}`,
        location: at(published),
        key: 'unsigned-publish',
      }),
    ];
  }
  if (unreadable.length > 0) {
    const first = unreadable[0]!;
    return [
      finding(definition, {
        outcome: 'unknown',
        message: `No signing or publishing step in the files that could be read; ${plural(unreadable.length, 'file')} could not: ${oneLine(first.path)} (${oneLine(first.error, 120)})`,
        location: { path: first.path },
        key: 'unreadable',
      }),
    ];
  }
  // Nothing is published from CI, and no manifest is meant for a registry (private: true ...).
  const manifests = facts.get(packageManifestsFact)?.manifests ?? [];
  if (checksums.length === 0 && manifests.length > 0 && manifests.every((m) => !m.published)) {
    return [
      finding(definition, {
        outcome: 'not-applicable',
        message: `No publishing step in the CI or release configuration, and no package manifest is meant for a registry (${oneLine(manifests[0]!.path)} ...): nothing here is released for customers to verify`,
        key: 'unpublished',
      }),
    ];
  }
  return [
    finding(definition, {
      outcome: 'unknown',
      message:
        checksums.length > 0
          ? `Checksums are written (${list([...new Set(checksums.map((c) => c.name))])}) but nothing is signed, and no publishing step is visible in the tree`
          : 'No publishing step in the CI or release configuration: how releases are published, and whether they are signed, is not visible in the tree',
      ...(checksums[0] ? { location: at(checksums[0]) } : {}),
      key: 'no-publishing',
      remediation:
        'If releases are published from CI, sign or attest them there; if they are published by hand, attest in vouch.yaml how customers verify them (sscop:3.1.1).',
    }),
  ];
}

export const probe: Probe = { definition, run };
