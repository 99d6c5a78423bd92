/**
 * What the source host knows about the repository (GitHub today). Asked only when the run is
 * online and a token was given; otherwise every host fact is `unknown` with the reason, so a claim
 * that needs one stays `unknown` instead of failing on what the tree cannot show.
 */
import { GitHubClient } from '../../host/github/client.js';
import { collectGitHubHostFacts, githubRepositoryFrom, hostFactsWithout } from '../../host/github/facts.js';
import type { HostFacts } from '../../host/types.js';
import { type Collector, defineFact } from '../types.js';

export const hostFact = defineFact<HostFacts>('host');

export const hostCollector: Collector<HostFacts> = {
  fact: hostFact,
  async collect({ inventory, run }) {
    const token = run.settings.githubToken;
    const apiUrl = run.settings.githubApiUrl;
    const webHost = apiUrl ? new URL(apiUrl).hostname.replace(/^api\./, '') : 'github.com';
    const repository = run.settings.githubRepository ?? githubRepositoryFrom(inventory.git.remote, webHost);
    if (!token) {
      return hostFactsWithout(
        'the host was not asked: no GitHub token given (--github-token or GITHUB_TOKEN)',
        repository,
      );
    }
    if (run.network === 'offline') {
      return hostFactsWithout('the host was not asked: the run is offline', repository);
    }
    if (!repository) {
      return hostFactsWithout(
        'the repository is not known on GitHub: no GitHub remote; give --github-repo OWNER/NAME',
      );
    }
    const client = new GitHubClient({ token, ...(apiUrl ? { apiUrl } : {}) });
    return collectGitHubHostFacts(client, repository);
  },
};
