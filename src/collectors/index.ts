/**
 * Every collector vouch runs, by id. Probes name the ids they read in their definitions.
 */
import { actionAdvisoriesCollector } from './action-advisories/index.js';
import { aiEvaluationsCollector } from './ai-evaluations/index.js';
import { aiModelsCollector } from './ai-models/index.js';
import { aiUsageCollector } from './ai-usage/index.js';
import { byteScansCollector } from './byte-scans/index.js';
import { changeHistoryCollector } from './change-history/index.js';
import { ciCollector } from './ci/index.js';
import { codeownersCollector } from './codeowners/index.js';
import { compositionCollectors } from './composition/index.js';
import { dependencyUpdatesCollector } from './dependency-updates/index.js';
import { dockerfilesCollector } from './dockerfiles/index.js';
import { gitlabCiCollector } from './gitlab-ci/index.js';
import { hostCollector } from './host/index.js';
import { manifestCollector } from './manifest/index.js';
import { packageManifestsCollector } from './package-manifests/index.js';
import { releaseIntegrityCollector } from './release-integrity/index.js';
import { secretsCollector } from './secrets/index.js';
import { secureDefaultsCollector } from './secure-defaults/index.js';
import { securityPolicyCollector } from './security-policy/index.js';
import { staticAnalysisCollector } from './static-analysis/index.js';
import type { Collector } from './types.js';
import { vulnerabilitiesCollector } from './vulnerabilities/index.js';

export const collectors: Collector[] = [
  securityPolicyCollector,
  ciCollector,
  dependencyUpdatesCollector,
  staticAnalysisCollector,
  codeownersCollector,
  packageManifestsCollector,
  manifestCollector,
  aiUsageCollector,
  aiModelsCollector,
  aiEvaluationsCollector,
  hostCollector,
  releaseIntegrityCollector,
  dockerfilesCollector,
  gitlabCiCollector,
  changeHistoryCollector,
  byteScansCollector,
  secretsCollector,
  secureDefaultsCollector,
  ...compositionCollectors,
  vulnerabilitiesCollector,
  actionAdvisoriesCollector,
];
