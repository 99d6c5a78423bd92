import { compositionFact } from '../../collectors/composition/index.js';
import type { ProbeDefinition } from '../types.js';

export const definition: ProbeDefinition = {
  id: 'license-concerns',
  title: 'Licence information',
  description:
    'Information for the vendor, not a requirement of either Code: components whose lockfile ' +
    'entry names no licence, and copyleft components in a product declared proprietary, are worth ' +
    'a look before release.',
  severity: 'info',
  confidence: 'medium',
  remediation:
    'Check the licence of each listed component with its project; replace or get legal advice ' +
    'for copyleft components in a proprietary product.',
  facts: [compositionFact.id, 'manifest'],
};
