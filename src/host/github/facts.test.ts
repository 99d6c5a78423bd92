import { afterEach, describe, expect, it } from 'vitest';
import { GitHubClient, nextLink } from './client.js';
import { collectGitHubHostFacts, githubRepositoryFrom, hostFactsWithout } from './facts.js';
import { acmeAnswers, type ReplayServer, startReplay } from './testing.js';

const TOKEN = 'ghp_vouchTestToken0123456789abcdefABCDEF';
let server: ReplayServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('host facts from GitHub', () => {
  it('reads every fact from the documented endpoints, following pagination', async () => {
    server = await startReplay(TOKEN, acmeAnswers);
    const facts = await collectGitHubHostFacts(
      new GitHubClient({ token: TOKEN, apiUrl: server.url }),
      'acme/widget',
    );
    expect(facts.defaultBranch).toMatchObject({ status: 'known', value: 'main' });
    expect(facts.organizationSecurityPolicy).toMatchObject({
      status: 'known',
      value: {
        from: 'organization-default',
        location: 'acme/.github:SECURITY.md',
        url: 'https://github.com/acme/.github/blob/main/SECURITY.md',
      },
    });
    const policy = facts.organizationSecurityPolicy;
    expect(policy.status === 'known' && policy.value?.text).toMatch(/security@acme\.example/);
    expect(facts.privateVulnerabilityReporting).toMatchObject({ status: 'known', value: true });
    expect(facts.codeScanningDefaultSetup).toMatchObject({
      status: 'known',
      value: { configured: true, languages: ['actions', 'javascript-typescript'] },
    });
    expect(facts.branchRules).toMatchObject({
      status: 'known',
      value: {
        branch: 'main',
        requiredApprovals: 2,
        codeOwnerReview: true,
        requiredStatusChecks: ['lint', 'test'],
        forcePushBlocked: true,
        deletionBlocked: true,
        signaturesRequired: true,
      },
    });
    expect(facts.organizationTwoFactorRequired).toMatchObject({ status: 'known', value: true });
    expect(facts.workflowTokenDefault).toMatchObject({ status: 'known', value: 'read' });
    expect(facts.allowedActions).toMatchObject({ status: 'known', value: 'selected' });
    expect(facts.dependabotSecurityUpdates).toMatchObject({ status: 'known', value: true });
    // Every request carried the token and the API version the answers were shaped for.
    expect(
      server.requests.every((r) => r.authorization === `Bearer ${TOKEN}` && r.apiVersion === '2022-11-28'),
    ).toBe(true);
    expect(server.requests.map((r) => r.path)).toContain(
      '/repos/acme/widget/rules/branches/main?per_page=100&page=2',
    );
  });

  it('makes a refused fact unknown with the reason, keeps the others, and never shows the token', async () => {
    server = await startReplay(TOKEN, (base) => ({
      ...acmeAnswers(base),
      '/repos/acme/widget/code-scanning/default-setup': {
        status: 403,
        body: { message: `Resource not accessible with ${TOKEN}`, status: '403' },
      },
      '/repos/acme/widget/actions/permissions/workflow': { status: 403, file: 'forbidden.json' },
    }));
    const facts = await collectGitHubHostFacts(
      new GitHubClient({ token: TOKEN, apiUrl: server.url }),
      'acme/widget',
    );
    expect(facts.codeScanningDefaultSetup.status).toBe('unknown');
    expect(facts.workflowTokenDefault).toMatchObject({
      status: 'unknown',
      reason: expect.stringMatching(/may not read/),
    });
    expect(facts.privateVulnerabilityReporting).toMatchObject({ status: 'known', value: true });
    expect(JSON.stringify(facts)).not.toContain(TOKEN);
    expect(JSON.stringify(facts)).toContain('[token]');
  });

  it('stops asking once the rate limit is spent, and says until when', async () => {
    server = await startReplay(TOKEN, (base) => ({
      ...acmeAnswers(base),
      '/repos/acme/.github': {
        status: 403,
        file: 'rate-limited.json',
        headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1893456000' },
      },
    }));
    const client = new GitHubClient({ token: TOKEN, apiUrl: server.url });
    const facts = await collectGitHubHostFacts(client, 'acme/widget');
    expect(facts.organizationSecurityPolicy).toMatchObject({
      status: 'unknown',
      reason: expect.stringMatching(/rate limit is spent until 2030-01-01T00:00:00.000Z/),
    });
    const asked = server.requests.length;
    expect((await client.get('/repos/acme/widget')).ok).toBe(false);
    expect(server.requests.length).toBe(asked);
  });

  it('reports a host it cannot reach as unknown, with the reason', async () => {
    const client = new GitHubClient({ token: TOKEN, apiUrl: 'http://127.0.0.1:9', timeoutMs: 2000 });
    const facts = await collectGitHubHostFacts(client, 'acme/widget');
    expect(facts.branchRules).toMatchObject({
      status: 'unknown',
      reason: expect.stringMatching(/could not reach/),
    });
  });

  it('never sends the token to another server named in a Link header', async () => {
    server = await startReplay(TOKEN, (base) => ({
      ...acmeAnswers(base),
      '/repos/acme/widget/rules/branches/main?per_page=100': {
        file: 'rules-page-1.json',
        headers: { link: '<https://elsewhere.example/steal?page=2>; rel="next"' },
      },
    }));
    const facts = await collectGitHubHostFacts(
      new GitHubClient({ token: TOKEN, apiUrl: server.url }),
      'acme/widget',
    );
    expect(facts.branchRules).toMatchObject({
      status: 'unknown',
      reason: expect.stringMatching(/another server/),
    });
  });

  it('without a token every fact is unknown with the reason', () => {
    const facts = hostFactsWithout('no token', 'acme/widget');
    for (const [key, value] of Object.entries(facts)) {
      if (key === 'host' || key === 'repository') continue;
      expect(value, key).toEqual({ status: 'unknown', reason: 'no token' });
    }
  });
});

describe('GitHub names and links', () => {
  it('reads owner/name from the remote forms git uses', () => {
    for (const remote of [
      'https://github.com/acme/widget.git',
      'https://github.com/acme/widget',
      'git@github.com:acme/widget.git',
      'ssh://git@github.com/acme/widget.git',
    ])
      expect(githubRepositoryFrom(remote), remote).toBe('acme/widget');
    expect(githubRepositoryFrom('https://gitlab.com/acme/widget.git')).toBeUndefined();
    expect(githubRepositoryFrom('https://github.com/acme/widget/extra')).toBeUndefined();
    expect(githubRepositoryFrom('https://ghe.corp.example/acme/widget', 'ghe.corp.example')).toBe(
      'acme/widget',
    );
  });

  it('finds the next page in a Link header', () => {
    expect(
      nextLink(
        '<https://api.github.com/x?page=2>; rel="next", <https://api.github.com/x?page=5>; rel="last"',
      ),
    ).toBe('https://api.github.com/x?page=2');
    expect(nextLink('<https://api.github.com/x?page=1>; rel="prev"')).toBeUndefined();
    expect(nextLink(null)).toBeUndefined();
  });
});
