import { compositionFact } from '../../collectors/composition/index.js';
import type { ProbeDefinition } from '../types.js';

export const definition: ProbeDefinition = {
  id: 'composition-known',
  title: 'Composition known',
  description:
    'Every dependency of the product can only be tracked, patched and listed in an SBOM if each ' +
    'lockfile and manifest can be read. A package-manager file that cannot be parsed, or that no ' +
    'tool reads, leaves part of the composition unknown.',
  severity: 'medium',
  confidence: 'high',
  remediation:
    'Fix the file so its package manager accepts it (regenerate the lockfile), or, for a format ' +
    'vouch does not read, generate a CycloneDX or SPDX SBOM for that part with its own tooling.',
  facts: [compositionFact.id],
};
