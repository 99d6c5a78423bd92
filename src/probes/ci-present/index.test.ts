import { describe, expect, it } from 'vitest';
import { runProbe, runProbeWithFailingCollector } from '../test-helpers.js';
import { probe } from './index.js';

describe('ci-present', () => {
  it('passes with a GitHub Actions workflow and points at it', async () => {
    const [f] = await runProbe(probe, { '.github/workflows/ci.yaml': 'on: push\njobs: {}\n' });
    expect(f).toMatchObject({ outcome: 'pass', location: { path: '.github/workflows/ci.yaml' } });
    expect(f?.message).toContain('GitHub Actions (1 file)');
  });

  it('passes with GitLab CI even when the file does not parse', async () => {
    const [f] = await runProbe(probe, { '.gitlab-ci.yml': 'test: [\n' });
    expect(f?.outcome).toBe('pass');
  });

  it('fails without CI; workflows in the wrong folder do not count', async () => {
    const [f] = await runProbe(probe, { 'workflows/ci.yml': 'on: push\n', '.github/ci.yml': 'on: push\n' });
    expect(f).toMatchObject({ outcome: 'fail', severity: 'medium' });
    expect(f?.message).toMatch(/GitHub Actions/);
  });

  it('finds Azure Pipelines kept under eng/pipelines/', async () => {
    const [f] = await runProbe(probe, {
      'eng/pipelines/pr.yml': 'trigger: none\nstages:\n- template: templates/pipeline.yml\n',
      'eng/pipelines/templates/pipeline.yml': 'jobs:\n- job: build\n  steps:\n  - script: ./build.sh\n',
    });
    expect(f).toMatchObject({ outcome: 'pass' });
    expect(f?.message).toContain('Azure Pipelines (2 files)');
  });

  it('is error when the ci collector fails', async () => {
    const [f] = await runProbeWithFailingCollector(probe, {}, 'ci');
    expect(f?.outcome).toBe('error');
  });
});
