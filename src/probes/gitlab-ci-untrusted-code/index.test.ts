import { describe, expect, it } from 'vitest';
import { outcomes, runProbe, runProbeWithFailingCollector } from '../test-helpers.js';
import { probe } from './index.js';

describe('gitlab-ci-untrusted-code', () => {
  it('fails a job that runs in merge-request pipelines with deploy credentials', async () => {
    const findings = await runProbe(probe, {
      '.gitlab-ci.yml': `deploy:
  stage: deploy
  environment: production
  script:
    - ./deploy.sh --token "$DEPLOY_TOKEN"
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
`,
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      rule: 'gitlab-ci-untrusted-code/merge-request-credentials',
      outcome: 'fail',
      severity: 'high',
      location: { path: '.gitlab-ci.yml', line: 1, route: 'deploy' },
    });
    expect(findings[0]?.message).toContain('environment production and variable DEPLOY_TOKEN');
  });

  it('counts workflow rules for jobs without their own, and accepts a fork guard', async () => {
    const workflow = 'workflow:\n  rules:\n    - if: $CI_MERGE_REQUEST_IID\n';
    const job =
      'publish:\n  id_tokens:\n    SIGSTORE_ID_TOKEN:\n      aud: sigstore\n  script: [make publish]\n';
    expect(outcomes(await runProbe(probe, { '.gitlab-ci.yml': workflow + job }))).toEqual(['fail']);
    const guarded = `${job}  rules:\n    - if: $CI_PIPELINE_SOURCE == "merge_request_event" && $CI_MERGE_REQUEST_SOURCE_PROJECT_ID == $CI_PROJECT_ID\n`;
    expect(outcomes(await runProbe(probe, { '.gitlab-ci.yml': workflow + guarded }))).toEqual(['pass']);
    // protected branches only: not a merge-request pipeline
    const branch = `${job}  rules:\n    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH\n`;
    expect(outcomes(await runProbe(probe, { '.gitlab-ci.yml': workflow + branch }))).toEqual(['pass']);
  });

  it('fails an attacker-controlled variable passed to eval or sh -c, at the script line, but not a plain echo', async () => {
    const findings = await runProbe(probe, {
      '.gitlab-ci.yml': `lint:
  script:
    - echo "$CI_MERGE_REQUEST_TITLE"
    - |
      set -e
      eval "check $CI_COMMIT_MESSAGE"
    - sh -c "echo \${CI_COMMIT_BRANCH}"
`,
    });
    expect(findings.map((f) => [f.rule, f.location?.line, f.location?.route])).toEqual([
      ['gitlab-ci-untrusted-code/injection', 6, 'lint.script[1]'],
      ['gitlab-ci-untrusted-code/injection', 7, 'lint.script[2]'],
    ]);
    expect(findings[0]?.message).toContain('passes CI_COMMIT_MESSAGE');
  });

  it('is not-applicable without GitLab CI, error for a malformed file, error when the collector fails', async () => {
    expect(outcomes(await runProbe(probe, {}))).toEqual(['not-applicable']);
    expect(outcomes(await runProbe(probe, { '.gitlab-ci.yml': 'x: {\n' }))).toEqual(['error']);
    expect(outcomes(await runProbeWithFailingCollector(probe, {}, 'gitlab-ci'))).toEqual(['error']);
  });
});
