import { securityPolicyFact } from '../../collectors/security-policy/index.js';
import type { ProbeDefinition } from '../types.js';

export const definition: ProbeDefinition = {
  id: 'security-policy-present',
  title: 'Security policy present',
  description:
    'A security policy tells people who find a vulnerability how to report it privately. Without one, ' +
    'reports arrive as public issues or not at all.',
  severity: 'medium',
  confidence: 'high',
  remediation:
    'Add SECURITY.md at the repository root (or .github/SECURITY.md) that says how to report a ' +
    'vulnerability privately (a security email address or GitHub private vulnerability reporting), ' +
    'what happens after a report, and how quickly you respond. A .well-known/security.txt (RFC 9116) ' +
    'with Contact and Expires fields also counts.',
  facts: [securityPolicyFact.id],
};
