import { securityPolicyFact } from '../../collectors/security-policy/index.js';
import type { ProbeDefinition } from '../types.js';

export const definition: ProbeDefinition = {
  id: 'security-policy-disclosure-process',
  title: 'Security policy describes the disclosure process',
  description:
    'Reporters need to know both how to report (privately, not in a public issue) and what happens ' +
    'next: triage, fix, advisory and coordinated disclosure.',
  severity: 'medium',
  confidence: 'medium',
  remediation:
    'Describe the process in the security policy: (1) how to report privately and that public issues ' +
    'must not be used; (2) what happens next: acknowledgement, triage and assessment, fix and release, ' +
    'a security advisory / CVE, coordinated disclosure and credit for the reporter.',
  facts: [securityPolicyFact.id],
};
