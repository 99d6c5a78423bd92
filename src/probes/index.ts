/**
 * Every probe vouch runs. The assessment maps their findings to claims via catalogue/evidence.yaml.
 */
import { aiUseUndeclared } from './ai-use-undeclared/index.js';
import { probe as ciPresent } from './ci-present/index.js';
import { probe as ciRunsTests } from './ci-runs-tests/index.js';
import { probe as codeownersPresent } from './codeowners-present/index.js';
import { compositionProbes } from './composition.js';
import { probe as dependencyUpdateTool } from './dependency-update-tool/index.js';
import { probe as lockfileCommitted } from './lockfile-committed/index.js';
import { probe as securityPolicyContact } from './security-policy-contact/index.js';
import { probe as securityPolicyDisclosureProcess } from './security-policy-disclosure-process/index.js';
import { probe as securityPolicyPresent } from './security-policy-present/index.js';
import { probe as securityPolicyResponseTimes } from './security-policy-response-times/index.js';
import { probe as staticAnalysisConfigured } from './static-analysis-configured/index.js';
import type { Probe } from './types.js';

export const probes: Probe[] = [
  securityPolicyPresent,
  securityPolicyContact,
  securityPolicyDisclosureProcess,
  securityPolicyResponseTimes,
  lockfileCommitted,
  ciPresent,
  ciRunsTests,
  dependencyUpdateTool,
  staticAnalysisConfigured,
  codeownersPresent,
  ...compositionProbes,
  aiUseUndeclared,
];
