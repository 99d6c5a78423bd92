import { staticAnalysisFact } from '../../collectors/static-analysis/index.js';
import type { ProbeDefinition } from '../types.js';

export const definition: ProbeDefinition = {
  id: 'static-analysis-configured',
  title: 'Static analysis (SAST) runs in CI',
  description:
    'Static application security testing finds injection, unsafe deserialisation and similar flaws in ' +
    'the code on every change. Dependency scanning (SCA) and secret scanning are useful but do not ' +
    'analyse the code itself, so they do not count here.',
  severity: 'medium',
  confidence: 'medium',
  remediation:
    'Run a SAST tool in CI on every push and pull request, e.g. CodeQL (github/codeql-action/init + ' +
    "analyze in a workflow), Semgrep (`semgrep ci`), or GitLab's Security/SAST.gitlab-ci.yml template. " +
    'If CodeQL "default setup" is enabled in the repository settings it leaves no file to find: attest ' +
    'it in vouch.yaml.',
  facts: [staticAnalysisFact.id],
};
