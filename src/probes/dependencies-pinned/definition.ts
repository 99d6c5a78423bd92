import { compositionFact } from '../../collectors/composition/index.js';
import type { ProbeDefinition } from '../types.js';

export const definition: ProbeDefinition = {
  id: 'dependencies-pinned',
  title: 'Dependencies pinned',
  description:
    'A dependency declared as a version range resolves to whatever is newest at install time, so ' +
    'two builds of the same commit can ship different code, and a malicious release is picked up ' +
    'without review. Lockfiles (or exact pins) make builds repeatable.',
  severity: 'medium',
  confidence: 'high',
  remediation:
    "Commit the package manager's lockfile and install from it in CI (npm ci, --frozen-lockfile, " +
    '--locked); for pip requirements, pin with `==` (pip-compile --generate-hashes does this).',
  facts: [compositionFact.id],
};
