/**
 * Facts only the source host knows (branch rules, private vulnerability reporting, an
 * organisation's default community files ...). Each is either known, with where it came from, or
 * unknown with the reason, never guessed: without a token, or when the host refuses, the claims
 * that need the fact stay `unknown`.
 */

export type HostFact<T> =
  | { status: 'known'; value: T; source: string }
  | { status: 'unknown'; reason: string; source?: string };

export interface HostSecurityPolicy {
  /** Where the host finds the policy GitHub shows for the repository. */
  from: 'repository' | 'organization-default';
  /** Repository and path, e.g. "acme/.github:SECURITY.md". */
  location: string;
  url: string;
  /** The text, bounded, for the same reading as a policy in the tree. */
  text: string;
}

export interface BranchRules {
  branch: string;
  /** Approving reviews required before merge; 0 when a pull request is required without approvals; null when none is required. */
  requiredApprovals: number | null;
  codeOwnerReview: boolean;
  requiredStatusChecks: string[];
  forcePushBlocked: boolean;
  deletionBlocked: boolean;
  signaturesRequired: boolean;
  /** Rulesets or classic protection the rules came from. */
  sources: string[];
}

export interface HostFacts {
  host: 'github';
  /** owner/name, when the repository could be identified. */
  repository?: string;
  defaultBranch: HostFact<string>;
  /** The default SECURITY.md of the owner (its `.github` repository), which GitHub shows for repositories without their own; null when there is none. */
  organizationSecurityPolicy: HostFact<HostSecurityPolicy | null>;
  privateVulnerabilityReporting: HostFact<boolean>;
  codeScanningDefaultSetup: HostFact<{ configured: boolean; languages: string[] }>;
  branchRules: HostFact<BranchRules>;
  organizationTwoFactorRequired: HostFact<boolean>;
  workflowTokenDefault: HostFact<'read' | 'write'>;
  allowedActions: HostFact<'all' | 'local_only' | 'selected'>;
  /** Whether the host raises pull requests for dependencies with known vulnerabilities. */
  dependabotSecurityUpdates: HostFact<boolean>;
}
