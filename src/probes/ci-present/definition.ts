import { ciFact } from '../../collectors/ci/index.js';
import type { ProbeDefinition } from '../types.js';

export const definition: ProbeDefinition = {
  id: 'ci-present',
  title: 'CI configuration present',
  description:
    'Continuous integration builds and checks every change the same way; most other automated ' +
    'controls (tests, static analysis, SBOMs) run there.',
  severity: 'medium',
  confidence: 'high',
  remediation:
    'Add a CI pipeline that builds and tests every push and pull request, e.g. ' +
    '.github/workflows/ci.yml (GitHub Actions) or .gitlab-ci.yml (GitLab CI/CD). If CI is configured ' +
    "outside the repository (a CI server's own settings), attest it in vouch.yaml.",
  facts: [ciFact.id],
};
