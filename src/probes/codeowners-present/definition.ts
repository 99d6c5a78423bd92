import { codeownersFact } from '../../collectors/codeowners/index.js';
import type { ProbeDefinition } from '../types.js';

export const definition: ProbeDefinition = {
  id: 'codeowners-present',
  title: 'CODEOWNERS assigns reviewers',
  description:
    'A CODEOWNERS file names who must review changes to each part of the code; with branch protection ' +
    'it makes sure security-relevant changes get an accountable reviewer.',
  severity: 'low',
  confidence: 'high',
  remediation:
    'Add .github/CODEOWNERS (GitHub) or CODEOWNERS (GitLab) with a catch-all rule and owners for ' +
    'sensitive paths, e.g. `* @your-org/maintainers` and `/.github/ @your-org/security`, and require ' +
    'code-owner review in branch protection.',
  facts: [codeownersFact.id],
};
