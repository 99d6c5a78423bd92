/**
 * Host facts from GitHub's REST API. Each fact comes from the endpoint GitHub documents for it;
 * a refusal (no permission, not found where "not found" does not mean "absent", rate limit,
 * network) makes that fact `unknown` with the reason, and the others are still asked.
 */
import type { BranchRules, HostFact, HostFacts, HostSecurityPolicy } from '../types.js';
import type { ApiResult, GitHubClient } from './client.js';

/** owner/name from a remote URL on github.com (or the given web host), if it is one. */
export function githubRepositoryFrom(remote: string | undefined, webHost = 'github.com'): string | undefined {
  if (!remote) return undefined;
  const host = webHost.replace(/[.]/g, '\\.');
  const m =
    new RegExp(
      `^(?:https?|ssh|git)://(?:[^@/]+@)?${host}(?::\\d+)?/([^/]+)/([^/]+?)(?:\\.git)?/?$`,
      'i',
    ).exec(remote) ?? new RegExp(`^(?:[^@/]+@)?${host}:([^/]+)/([^/]+?)(?:\\.git)?/?$`, 'i').exec(remote);
  if (!m) return undefined;
  const [owner, name] = [m[1]!, m[2]!];
  return /^[A-Za-z0-9-]+$/.test(owner) && /^[A-Za-z0-9._-]+$/.test(name) ? `${owner}/${name}` : undefined;
}

const unknown = <T>(reason: string, source?: string): HostFact<T> => ({
  status: 'unknown',
  reason,
  ...(source ? { source } : {}),
});
const known = <T>(value: T, source: string): HostFact<T> => ({ status: 'known', value, source });

function refused<T>(r: Extract<ApiResult, { ok: false }>, what: string, source: string): HostFact<T> {
  const why =
    r.status === 403 || r.status === 401
      ? `the token may not read ${what} (${r.reason})`
      : r.status === 404
        ? `GitHub did not show ${what} to this token (HTTP 404: not found, or not visible without more permission)`
        : r.reason;
  return unknown(why, source);
}

/** Every host fact vouch asks GitHub for, when no token was given. */
export function hostFactsWithout(reason: string, repository?: string): HostFacts {
  const u = () => unknown<never>(reason);
  return {
    host: 'github',
    ...(repository ? { repository } : {}),
    defaultBranch: u(),
    organizationSecurityPolicy: u(),
    privateVulnerabilityReporting: u(),
    codeScanningDefaultSetup: u(),
    branchRules: u(),
    organizationTwoFactorRequired: u(),
    workflowTokenDefault: u(),
    allowedActions: u(),
    dependabotSecurityUpdates: u(),
  };
}

interface RepoResponse {
  default_branch?: string;
  owner?: { login?: string; type?: string };
  /** Shown only to people with admin or security permissions on the repository. */
  security_and_analysis?: { dependabot_security_updates?: { status?: string } } | null;
}

interface ContentResponse {
  type?: string;
  path?: string;
  encoding?: string;
  content?: string;
  html_url?: string;
}

/** Where GitHub looks for a default SECURITY.md in the owner's `.github` repository, in order. */
const DEFAULT_POLICY_PATHS = ['SECURITY.md', '.github/SECURITY.md', 'docs/SECURITY.md'];
const MAX_POLICY_BYTES = 512 * 1024;

async function organizationPolicy(
  client: GitHubClient,
  owner: string,
): Promise<HostFact<HostSecurityPolicy | null>> {
  const source = `GET /repos/${owner}/.github`;
  const repo = await client.get<{ private?: boolean }>(`/repos/${owner}/.github`);
  if (!repo.ok) {
    // A public .github repository is visible to any token; 404 means the owner has none.
    return repo.status === 404 ? known(null, source) : refused(repo, `${owner}/.github`, source);
  }
  if (repo.data.private) return known(null, `${source} (private: its files are not defaults)`);
  for (const path of DEFAULT_POLICY_PATHS) {
    const at = `GET /repos/${owner}/.github/contents/${path}`;
    const r = await client.get<ContentResponse>(`/repos/${owner}/.github/contents/${path}`);
    if (!r.ok) {
      if (r.status === 404) continue;
      return refused(r, `${owner}/.github/${path}`, at);
    }
    if (r.data.type !== 'file' || r.data.encoding !== 'base64' || typeof r.data.content !== 'string')
      continue;
    const bytes = Buffer.from(r.data.content, 'base64');
    return known(
      {
        from: 'organization-default',
        location: `${owner}/.github:${path}`,
        url:
          typeof r.data.html_url === 'string'
            ? r.data.html_url
            : `https://github.com/${owner}/.github/blob/HEAD/${path}`,
        text: bytes.subarray(0, MAX_POLICY_BYTES).toString('utf8'),
      },
      at,
    );
  }
  return known(null, `${source}/contents (no SECURITY.md)`);
}

interface RuleResponse {
  type?: string;
  ruleset_source?: string;
  ruleset_id?: number;
  parameters?: {
    required_approving_review_count?: number;
    require_code_owner_review?: boolean;
    required_status_checks?: { context?: string }[];
  };
}

interface ProtectionResponse {
  required_status_checks?: { contexts?: string[]; checks?: { context?: string }[] } | null;
  required_pull_request_reviews?: {
    required_approving_review_count?: number;
    require_code_owner_reviews?: boolean;
  } | null;
  required_signatures?: { enabled?: boolean } | null;
  allow_force_pushes?: { enabled?: boolean } | null;
  allow_deletions?: { enabled?: boolean } | null;
}

async function branchRules(
  client: GitHubClient,
  repo: string,
  branch: string,
): Promise<HostFact<BranchRules>> {
  const b = encodeURIComponent(branch);
  const rulesSource = `GET /repos/${repo}/rules/branches/${branch}`;
  const [rules, protection] = await Promise.all([
    client.list<RuleResponse>(`/repos/${repo}/rules/branches/${b}`),
    client.get<ProtectionResponse>(`/repos/${repo}/branches/${b}/protection`),
  ]);
  if (!rules.ok) return refused(rules, `the rules for ${branch}`, rulesSource);
  // Classic protection needs admin rights to read; GitHub answers 404 "Branch not protected" when there is none.
  const classicAbsent =
    !protection.ok && protection.status === 404 && /not protected/i.test(protection.reason);
  if (!protection.ok && !classicAbsent) {
    return refused(
      protection,
      `the classic protection of ${branch}`,
      `GET /repos/${repo}/branches/${branch}/protection`,
    );
  }
  const out: BranchRules = {
    branch,
    requiredApprovals: null,
    codeOwnerReview: false,
    requiredStatusChecks: [],
    forcePushBlocked: false,
    deletionBlocked: false,
    signaturesRequired: false,
    sources: [],
  };
  const approvals = (n: number | undefined) => {
    const v = typeof n === 'number' && n >= 0 ? n : 0;
    out.requiredApprovals = Math.max(out.requiredApprovals ?? 0, v);
  };
  for (const rule of rules.data) {
    const from = `ruleset ${rule.ruleset_id ?? '?'}${rule.ruleset_source ? ` (${rule.ruleset_source})` : ''}`;
    if (!out.sources.includes(from)) out.sources.push(from);
    switch (rule.type) {
      case 'pull_request':
        approvals(rule.parameters?.required_approving_review_count);
        if (rule.parameters?.require_code_owner_review) out.codeOwnerReview = true;
        break;
      case 'required_status_checks':
        for (const c of rule.parameters?.required_status_checks ?? [])
          if (typeof c.context === 'string') out.requiredStatusChecks.push(c.context);
        break;
      case 'non_fast_forward':
        out.forcePushBlocked = true;
        break;
      case 'deletion':
        out.deletionBlocked = true;
        break;
      case 'required_signatures':
        out.signaturesRequired = true;
        break;
    }
  }
  if (protection.ok) {
    const p = protection.data;
    out.sources.push('classic branch protection');
    if (p.required_pull_request_reviews) {
      approvals(p.required_pull_request_reviews.required_approving_review_count);
      if (p.required_pull_request_reviews.require_code_owner_reviews) out.codeOwnerReview = true;
    }
    for (const c of p.required_status_checks?.checks ?? [])
      if (c.context) out.requiredStatusChecks.push(c.context);
    for (const c of p.required_status_checks?.contexts ?? []) out.requiredStatusChecks.push(c);
    if (p.allow_force_pushes?.enabled === false) out.forcePushBlocked = true;
    if (p.allow_deletions?.enabled === false) out.deletionBlocked = true;
    if (p.required_signatures?.enabled) out.signaturesRequired = true;
  }
  out.requiredStatusChecks = [...new Set(out.requiredStatusChecks)].sort();
  return known(out, `${rulesSource}; GET /repos/${repo}/branches/${branch}/protection`);
}

function dependabotSecurityUpdates(repo: RepoResponse, source: string): HostFact<boolean> {
  const status = repo.security_and_analysis?.dependabot_security_updates?.status;
  if (status === 'enabled' || status === 'disabled') return known(status === 'enabled', source);
  return unknown(
    'GitHub shows the security and analysis settings only to admins of the repository; the token did not see them',
    source,
  );
}

export async function collectGitHubHostFacts(client: GitHubClient, repository: string): Promise<HostFacts> {
  const [owner] = repository.split('/') as [string];
  const repoSource = `GET /repos/${repository}`;
  const repo = await client.get<RepoResponse>(`/repos/${repository}`);
  if (!repo.ok)
    return hostFactsWithout(`GitHub did not answer for ${repository}: ${repo.reason}`, repository);
  const branch = repo.data.default_branch;
  const isOrg = repo.data.owner?.type === 'Organization';

  const boolFrom = async (path: string, what: string, pick: (d: Record<string, unknown>) => unknown) => {
    const r = await client.get<Record<string, unknown>>(path);
    if (!r.ok) return refused<boolean>(r, what, `GET ${path}`);
    const v = pick(r.data);
    return typeof v === 'boolean'
      ? known(v, `GET ${path}`)
      : unknown<boolean>(`GitHub did not state ${what}`, `GET ${path}`);
  };

  const [policy, pvr, codeScanning, rules, twoFactor, workflow, actions] = await Promise.all([
    organizationPolicy(client, owner),
    boolFrom(
      `/repos/${repository}/private-vulnerability-reporting`,
      'whether private vulnerability reporting is on',
      (d) => d.enabled,
    ),
    (async (): Promise<HostFacts['codeScanningDefaultSetup']> => {
      const path = `/repos/${repository}/code-scanning/default-setup`;
      const r = await client.get<{ state?: string; languages?: unknown }>(path);
      if (!r.ok) return refused(r, 'the code scanning default setup', `GET ${path}`);
      const languages = Array.isArray(r.data.languages)
        ? r.data.languages.filter((l): l is string => typeof l === 'string')
        : [];
      return r.data.state === 'configured' || r.data.state === 'not-configured'
        ? known({ configured: r.data.state === 'configured', languages }, `GET ${path}`)
        : unknown('GitHub did not state the code scanning default setup', `GET ${path}`);
    })(),
    branch
      ? branchRules(client, repository, branch)
      : Promise.resolve(unknown<BranchRules>('GitHub named no default branch', repoSource)),
    isOrg
      ? boolFrom(
          `/orgs/${owner}`,
          'whether the organisation requires two-factor authentication (only its owners may see it)',
          (d) => d.two_factor_requirement_enabled,
        )
      : Promise.resolve(unknown<boolean>(`${owner} is a personal account, not an organisation`, repoSource)),
    (async (): Promise<HostFacts['workflowTokenDefault']> => {
      const path = `/repos/${repository}/actions/permissions/workflow`;
      const r = await client.get<{ default_workflow_permissions?: string }>(path);
      if (!r.ok) return refused(r, 'the default workflow token permissions', `GET ${path}`);
      const v = r.data.default_workflow_permissions;
      return v === 'read' || v === 'write'
        ? known(v, `GET ${path}`)
        : unknown('GitHub did not state the default workflow token permissions', `GET ${path}`);
    })(),
    (async (): Promise<HostFacts['allowedActions']> => {
      const path = `/repos/${repository}/actions/permissions`;
      const r = await client.get<{ allowed_actions?: string }>(path);
      if (!r.ok) return refused(r, 'which actions are allowed', `GET ${path}`);
      const v = r.data.allowed_actions;
      return v === 'all' || v === 'local_only' || v === 'selected'
        ? known(v, `GET ${path}`)
        : unknown('GitHub did not state which actions are allowed', `GET ${path}`);
    })(),
  ]);

  return {
    host: 'github',
    repository,
    defaultBranch: branch ? known(branch, repoSource) : unknown('GitHub named no default branch', repoSource),
    organizationSecurityPolicy: policy,
    privateVulnerabilityReporting: pvr,
    codeScanningDefaultSetup: codeScanning,
    branchRules: rules,
    organizationTwoFactorRequired: twoFactor,
    workflowTokenDefault: workflow,
    allowedActions: actions,
    dependabotSecurityUpdates: dependabotSecurityUpdates(repo.data, repoSource),
  };
}
