/**
 * One failing finding per package-manager file whose composition vouch could not read (parse
 * error, or a format with no extractor), located at the file; a pass when every file was read.
 */
import { compositionFact } from '../../collectors/composition/index.js';
import type { Facts } from '../../collectors/types.js';
import { factsFor } from '../common.js';
import { definitionFor } from '../definitions.js';
import { finding } from '../finding.js';
import { list, oneLine, plural } from '../text.js';
import type { Finding, Probe } from '../types.js';

const definition = definitionFor(import.meta.url);

function run(facts: Facts): Finding[] {
  const got = factsFor(facts, definition, compositionFact);
  if (!got.ok) return got.findings;
  const { coverage, components } = got.value;
  const relevant = coverage.filter((c) => c.status !== 'excluded');
  if (relevant.length === 0) {
    return [
      finding(definition, {
        outcome: 'not-applicable',
        message: 'No lockfiles or package manifests found',
        key: 'no-manifests',
      }),
    ];
  }
  const out: Finding[] = [];
  for (const c of relevant) {
    if (c.status === 'error') {
      out.push(
        finding(definition, {
          outcome: 'fail',
          sub: 'unreadable',
          message: `${oneLine(c.path)} (${c.format}) could not be read, so its dependencies are missing from the composition: ${oneLine(c.error ?? 'unknown error', 200)}`,
          location: { path: c.path },
          key: c.extractor ?? c.format,
          remediation:
            'Check the file with its package manager (install from it, or regenerate it) and commit the fixed file.',
        }),
      );
    } else if (c.status === 'unsupported') {
      out.push(
        finding(definition, {
          outcome: 'fail',
          sub: 'unsupported',
          message: `${oneLine(c.path)} is a ${c.format} file (${c.ecosystem}); vouch has no extractor for it, so its dependencies are unknown`,
          location: { path: c.path },
          key: c.format,
          remediation:
            `Generate an SBOM for this part with ${c.ecosystem} tooling (CycloneDX or SPDX JSON) and ` +
            'publish it with the product; `vouch sbom --ingest` can validate it.',
        }),
      );
    }
  }
  if (out.length > 0) return out;
  const read = relevant.filter((c) => c.status === 'extracted');
  const covered = relevant.length - read.length;
  return [
    finding(definition, {
      outcome: 'pass',
      message:
        `Every package-manager file was read: ${plural(components.length, 'component')} from ` +
        `${plural(read.length, 'file')} (${list(
          read.map((r) => r.path),
          4,
        )})${covered > 0 ? `; ${plural(covered, 'manifest')} covered by ${covered === 1 ? 'its' : 'their'} lockfile` : ''}`,
      key: 'all-known',
    }),
  ];
}

export const probe: Probe = { definition, run };
