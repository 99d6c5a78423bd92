import { packageManifestsFact } from '../../collectors/package-manifests/index.js';
import type { ProbeDefinition } from '../types.js';

export const definition: ProbeDefinition = {
  id: 'lockfile-committed',
  title: 'Lockfiles committed',
  description:
    'A committed lockfile fixes the exact version (and usually the hash) of every direct and indirect ' +
    'dependency, so builds are reproducible and a compromised new release is not pulled in silently.',
  severity: 'medium',
  confidence: 'high',
  remediation:
    'Generate the lockfile with your package manager and commit it next to the manifest; install from ' +
    'it in CI (npm ci, --frozen-lockfile, --locked).',
  facts: [packageManifestsFact.id],
};
