import { ciFact } from '../../collectors/ci/index.js';
import { dependencyUpdatesFact } from '../../collectors/dependency-updates/index.js';
import { packageManifestsFact } from '../../collectors/package-manifests/index.js';
import type { ProbeDefinition } from '../types.js';

export const definition: ProbeDefinition = {
  id: 'dependency-update-tool',
  title: 'Dependency updates automated',
  description:
    'A tool that opens pull requests for new dependency versions keeps known-vulnerable versions ' +
    'from lingering and makes security updates routine.',
  severity: 'medium',
  confidence: 'high',
  remediation:
    'Add .github/dependabot.yml (`version: 2` and an `updates:` entry per package ecosystem and ' +
    'directory, with a schedule) or a Renovate configuration (renovate.json with `"extends": ["config:recommended"]`).',
  facts: [dependencyUpdatesFact.id, packageManifestsFact.id, ciFact.id],
};
