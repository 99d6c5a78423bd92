import { securityPolicyFact } from '../../collectors/security-policy/index.js';
import type { ProbeDefinition } from '../types.js';

export const definition: ProbeDefinition = {
  id: 'security-policy-response-times',
  title: 'Security policy states response timescales',
  description:
    'Stated timescales (acknowledge within N days, fix or disclose within N days) set expectations for ' +
    'reporters and are asked for by the Software Security Code of Practice.',
  severity: 'low',
  confidence: 'medium',
  remediation:
    'State timescales in the security policy, for example: "We acknowledge reports within 3 working days, ' +
    'give an initial assessment within 10 working days, and aim to release a fix within 90 days."',
  facts: [securityPolicyFact.id],
};
