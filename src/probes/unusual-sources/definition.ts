import { compositionFact } from '../../collectors/composition/index.js';
import type { ProbeDefinition } from '../types.js';

export const definition: ProbeDefinition = {
  id: 'unusual-sources',
  title: 'Components from outside the registries',
  description:
    'Information: components fetched from git repositories, tarball URLs or local paths bypass ' +
    'the registry, its advisories and often version pinning, so they deserve a conscious decision.',
  severity: 'info',
  confidence: 'high',
  remediation:
    'Prefer the published registry release; otherwise pin git dependencies to a full commit hash ' +
    'and keep a record of why the component comes from elsewhere.',
  facts: [compositionFact.id],
};
