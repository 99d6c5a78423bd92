import { securityPolicyFact } from '../../collectors/security-policy/index.js';
import type { ProbeDefinition } from '../types.js';

export const definition: ProbeDefinition = {
  id: 'security-policy-contact',
  title: 'Security policy names a reporting contact',
  description:
    'A policy is only useful if it says where to send a report: a monitored security email address, ' +
    'a private reporting form, or GitHub private vulnerability reporting.',
  severity: 'medium',
  confidence: 'medium',
  remediation:
    'Name a private reporting channel in the security policy, e.g. "Email security@<your-domain>" or ' +
    '"Use the Report a vulnerability button under this repository\'s Security tab" (enable GitHub private ' +
    'vulnerability reporting), or link a reporting form. In security.txt add a `Contact:` field ' +
    '(mailto: or https: URI).',
  facts: [securityPolicyFact.id],
};
