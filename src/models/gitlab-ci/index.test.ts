import { describe, expect, it } from 'vitest';
import { buildGitlabFile } from './index.js';

const PIPELINE = `include:
  - local: /ci/build.yml
  - remote: https://example.com/ci.yml
  - project: group/templates
    ref: v1.2
    file: [/a.yml, /b.yml]
  - template: Security/SAST.gitlab-ci.yml
  - component: gitlab.example.com/org/comp/lint@1.0.0

default:
  image: node:20

.deploy-base: &deploy
  image: alpine:3.19
  environment: production
  secrets:
    DB_PASSWORD:
      vault: prod/db/password@ops
  before_script:
    - apk add curl

deploy:
  <<: *deploy
  script:
    - ./deploy.sh "$DEPLOY_TOKEN"
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"

test:
  extends: .tpl
  script: |
    npm ci
    npm test

.tpl:
  image:
    name: node:20@sha256:${'a'.repeat(64)}
  services:
    - postgres:16
`;

describe('buildGitlabFile', () => {
  it('reads includes of every kind with positions', () => {
    const f = buildGitlabFile('.gitlab-ci.yml', PIPELINE);
    expect(f.error).toBeUndefined();
    expect(f.includes.map((i) => [i.kind, i.value.value, i.value.span.line])).toEqual([
      ['local', '/ci/build.yml', 2],
      ['remote', 'https://example.com/ci.yml', 3],
      ['project', 'group/templates', 4],
      ['template', 'Security/SAST.gitlab-ci.yml', 7],
      ['component', 'gitlab.example.com/org/comp/lint@1.0.0', 8],
    ]);
    expect(f.includes[2]).toMatchObject({
      ref: { value: 'v1.2', span: { line: 5 } },
      files: [{ value: '/a.yml' }, { value: '/b.yml' }],
    });
    expect(f.defaultImage).toMatchObject({
      value: 'node:20',
      span: { line: 11, column: 10 },
      route: 'default.image',
    });
  });

  it('applies <<: merge keys through anchors, with routes of the job that uses them', () => {
    const deploy = buildGitlabFile('.gitlab-ci.yml', PIPELINE).jobs.find((j) => j.name === 'deploy')!;
    expect(deploy.image).toMatchObject({ value: 'alpine:3.19', span: { line: 14 } });
    expect(deploy.environment?.value).toBe('production');
    expect(deploy.secrets.map((s) => s.value)).toEqual(['DB_PASSWORD']);
    expect(deploy.commands.map((c) => [c.key, c.text, c.route])).toEqual([
      ['before_script', 'apk add curl', 'deploy.before_script[0]'],
      ['script', './deploy.sh "$DEPLOY_TOKEN"', 'deploy.script[0]'],
    ]);
    expect(deploy.rulesIf[0]).toMatchObject({
      value: '$CI_PIPELINE_SOURCE == "merge_request_event"',
      route: 'deploy.rules[0].if',
    });
  });

  it('resolves extends: (templates below the job too), and marks hidden jobs', () => {
    const f = buildGitlabFile('.gitlab-ci.yml', PIPELINE);
    const test = f.jobs.find((j) => j.name === 'test')!;
    expect(test.image?.value).toMatch(/^node:20@sha256:a{64}$/);
    expect(test.services.map((s) => s.value)).toEqual(['postgres:16']);
    expect(test.commands[0]).toMatchObject({ key: 'script', text: 'npm ci\nnpm test\n', span: { line: 31 } });
    expect(f.jobs.filter((j) => j.hidden).map((j) => j.name)).toEqual(['.deploy-base', '.tpl']);
  });

  it('survives extends cycles', () => {
    const f = buildGitlabFile(
      'x.yml',
      'a:\n  extends: b\n  script: [x]\nb:\n  extends: a\n  image: alpine\n',
    );
    expect(f.jobs.find((j) => j.name === 'a')?.image?.value).toBe('alpine');
  });

  it('gives a clear error for malformed YAML, deep nesting and alias bombs, never throwing', () => {
    expect(buildGitlabFile('x.yml', 'job: [\n').error).toMatch(/^\d+:\d+: /);
    expect(buildGitlabFile('x.yml', `${'['.repeat(5000)}${']'.repeat(5000)}`).error).toMatch(/nest/i);
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      bomb.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(',')}]`);
    }
    bomb.push('job:\n  script: *i');
    expect(buildGitlabFile('x.yml', bomb.join('\n')).error).toContain('alias bomb');
    expect(buildGitlabFile('x.yml', '- a\n- b\n').error).toBe(
      'the pipeline is not a mapping of keywords and jobs',
    );
  });
});
