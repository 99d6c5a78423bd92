import type { ProbeDefinition } from '../types.js';

export const definition: ProbeDefinition = {
  id: 'ai-use-undeclared',
  title: 'AI use is declared when it is present',
  description:
    'The AI Cyber Security Code of Practice applies when a product uses AI. AI libraries or model files in a product that declares no AI leave its AI security unassessed.',
  severity: 'high',
  confidence: 'medium',
  remediation:
    'Declare AI use in vouch.yaml (`ai.uses: true` and the roles you hold, e.g. `roles: [developer]`), or, if the match is wrong, suppress this finding with the reason.',
  facts: ['manifest', 'ai-usage', 'composition'],
};
