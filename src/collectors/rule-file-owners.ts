/**
 * Every module that loads a rule file through ruleFile (./rules.ts), asked for it once. The build
 * calls this with no shipped data present, so each file is validated by its owner's schema and
 * its value shipped (../build-data.ts); a test checks that no file in rules/ is left out.
 */
import { licenceRules } from '../manifest/licence.js';
import { dockerfileRules } from '../models/dockerfile/rules.js';
import { contextTrustTable } from '../models/github-actions/contexts.js';
import { gitlabTrust } from '../models/gitlab-ci/trust.js';
import { auditRules } from '../probes/actions-audit-rules.js';
import { releaseRules } from '../release/rules.js';
import { secureDefaultRules } from '../secure-defaults/rules.js';
import { evaluationRules } from './ai-evaluations/parse.js';
import { aiAssetRules } from './ai-usage/assets.js';
import { aiIndicators } from './ai-usage/index.js';
import { reviewTrace } from './change-history/index.js';

export function loadEveryOwnedRuleFile(): void {
  licenceRules();
  dockerfileRules();
  contextTrustTable();
  gitlabTrust();
  auditRules();
  releaseRules();
  secureDefaultRules();
  evaluationRules();
  aiAssetRules();
  aiIndicators();
  reviewTrace('');
}
