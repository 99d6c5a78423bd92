import { describe, expect, it } from 'vitest';
import { memoryInventory } from '../../inventory/memory.js';
import { collectOne } from '../test-helpers.js';
import { type StaticAnalysisFacts, staticAnalysisCollector } from './index.js';

const collect = (files: Record<string, string>) =>
  collectOne(staticAnalysisCollector, memoryInventory(files)) as Promise<StaticAnalysisFacts>;

const job = (steps: string) => `on: push\njobs:\n  scan:\n    runs-on: x\n    steps:\n${steps}`;

describe('static-analysis collector', () => {
  it('finds CodeQL by action with its position and keeps kinds apart', async () => {
    const facts = await collect({
      '.github/workflows/codeql.yml': job(
        '      - uses: github/codeql-action/init@v3\n      - uses: github/codeql-action/analyze@v3\n',
      ),
      '.github/workflows/deps.yml': job(
        '      - uses: aquasecurity/trivy-action@0.28.0\n      - run: npm audit --audit-level=high\n',
      ),
    });
    expect(facts.tools.map((t) => [t.id, t.kind, t.inCi])).toEqual([
      ['codeql', 'sast', true],
      ['trivy', 'sca', true],
      ['npm-audit', 'sca', true],
    ]);
    expect(facts.tools[0]?.detections[0]).toEqual({
      via: 'ci-uses',
      path: '.github/workflows/codeql.yml',
      line: 6,
      column: 15,
      evidence: 'github/codeql-action/init@v3',
    });
  });

  it('finds CodeQL run through a reusable workflow from another repository, by its file name', async () => {
    const caller = (ref: string) => ({
      '.github/workflows/run-codeql.yml': `on: [push, pull_request]\njobs:\n  analysis:\n    permissions:\n      security-events: write\n    uses: ${ref}\n`,
    });
    const facts = await collect(
      caller('spring-io/github-actions/.github/workflows/codeql-analysis.yml@7dc305d'),
    );
    expect(facts.tools.map((t) => [t.id, t.inCi])).toEqual([['codeql', true]]);
    expect(facts.tools[0]?.detections[0]).toMatchObject({
      via: 'ci-uses',
      path: '.github/workflows/run-codeql.yml',
      line: 6,
    });
    expect((await collect(caller('acme/shared/.github/workflows/build.yml@v1'))).tools).toEqual([]);
    // a local reusable workflow is in the tree and read as such, not judged by its name
    expect((await collect(caller('./.github/workflows/codeql.yml'))).tools).toEqual([]);
  });

  it('finds Semgrep by command and by config file', async () => {
    const facts = await collect({
      '.gitlab-ci.yml': 'semgrep:\n  image: semgrep/semgrep\n  script:\n    - semgrep ci --sarif\n',
      '.semgrep.yml': 'rules: []\n',
    });
    const semgrep = facts.tools.find((t) => t.id === 'semgrep');
    expect(semgrep).toMatchObject({ inCi: true, configured: true });
    expect(semgrep?.detections.map((d) => [d.via, d.path, d.line])).toEqual([
      ['ci-uses', '.gitlab-ci.yml', 2],
      ['ci-command', '.gitlab-ci.yml', 4],
      ['config', '.semgrep.yml', undefined],
    ]);
  });

  it('counts ESLint as SAST only with a security plugin configured', async () => {
    const ci = { '.github/workflows/lint.yml': job('      - run: npx eslint .\n') };
    const plain = await collect({ ...ci, 'package.json': '{"devDependencies":{"eslint":"9"}}' });
    expect(plain.tools).toEqual([]);
    const withPlugin = await collect({
      ...ci,
      'package.json': '{"devDependencies":{"eslint-plugin-security":"3"}}',
    });
    expect(withPlugin.tools[0]).toMatchObject({ id: 'eslint-security', inCi: true, configured: true });
    expect(withPlugin.tools[0]?.detections.find((d) => d.via === 'config')).toMatchObject({
      path: 'package.json',
      line: 1,
    });
  });

  it('recognises GitLab SAST templates and Azure tasks', async () => {
    const gitlab = await collect({ '.gitlab-ci.yml': 'include:\n  - template: Jobs/SAST.gitlab-ci.yml\n' });
    expect(gitlab.tools.map((t) => t.id)).toEqual(['gitlab-sast']);
    const azure = await collect({ 'azure-pipelines.yml': 'steps:\n- task: SonarCloudAnalyze@1\n' });
    expect(azure.tools.map((t) => [t.id, t.inCi])).toEqual([['sonar', true]]);
  });

  it('records a hosted service configured by file, and CI files it could not read', async () => {
    const facts = await collect({
      'sonar-project.properties': 'sonar.projectKey=x\n',
      '.github/workflows/broken.yml': 'jobs: [\n',
    });
    expect(facts.tools[0]).toMatchObject({ id: 'sonar', inCi: false, configured: true, service: true });
    expect(facts.ciUnparsed.map((u) => u.path)).toEqual(['.github/workflows/broken.yml']);
  });
});
