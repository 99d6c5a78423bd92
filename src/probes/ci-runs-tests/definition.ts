import { ciFact } from '../../collectors/ci/index.js';
import type { ProbeDefinition } from '../types.js';

export const definition: ProbeDefinition = {
  id: 'ci-runs-tests',
  title: 'CI runs the tests',
  description:
    'Tests that run on every change catch regressions, including security fixes that are undone, ' +
    'before they are released.',
  severity: 'medium',
  confidence: 'medium',
  remediation:
    'Add a step that runs the test suite to the CI pipeline for pushes and pull requests, e.g. ' +
    '`run: npm test`, `run: pytest`, `run: go test ./...`, `run: cargo test`, `run: mvn -B verify` or ' +
    '`run: dotnet test` in a GitHub Actions job (or the `script:` of a GitLab CI job).',
  facts: [ciFact.id],
};
