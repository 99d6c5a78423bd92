import { describe, expect, it } from 'vitest';
import { hostFactsWithout } from '../../host/github/facts.js';
import type { HostFacts } from '../../host/types.js';
import { buildActionsFile } from '../../models/github-actions/index.js';
import { type ActionsFileModel, auditText } from '../actions-audit.js';
import { probe } from './index.js';

const W = '.github/workflows/ci.yml';
const job = (id: string, extra = '') =>
  `  ${id}:\n    runs-on: ubuntu-latest\n${extra}    steps:\n      - run: make\n`;

describe('gha-excessive-permissions', () => {
  it('reports a default token, write-all, read-all and workflow-wide write scopes, each where written', () => {
    const text = `name: ci\non: push\npermissions:\n  contents: write\n  id-token: write\njobs:\n${job('a', '    permissions: write-all\n')}${job('b', '    permissions: read-all\n')}${job('c')}`;
    expect(auditText(probe, W, text).map((f) => [f.rule, f.severity, f.location?.line])).toEqual([
      ['gha-excessive-permissions/write-scope', 'high', 4],
      ['gha-excessive-permissions/write-scope', 'high', 5],
      ['gha-excessive-permissions', 'high', 9],
      ['gha-excessive-permissions/read-all', 'medium', 14],
    ]);
    const bare = `name: ci\non: push\njobs:\n${job('a')}${job('b')}`;
    // without the host, whether the default token may write is not known
    expect(auditText(probe, W, bare, 'unknown').map((f) => [f.rule, f.location?.line])).toEqual([
      ['gha-excessive-permissions/default', 1],
      ['gha-excessive-permissions/default', 4],
      ['gha-excessive-permissions/default', 8],
    ]);
  });

  it('passes narrow permissions, and calls a workflow block that reaches one job or none covered: an observation', () => {
    const narrow = `on: push\npermissions: {}\njobs:\n${job('a', '    permissions:\n      contents: read\n')}${job('b')}`;
    expect(auditText(probe, W, narrow)).toEqual([]);
    expect(auditText(probe, W, narrow, 'pass')).toHaveLength(1);
    const oneJob = `on: push\npermissions:\n  contents: write\njobs:\n${job('a')}`;
    expect(auditText(probe, W, oneJob)).toEqual([]);
    expect(auditText(probe, W, oneJob, 'observation').map((f) => [f.rule, f.location?.line])).toEqual([
      ['gha-excessive-permissions/covered', 3],
    ]);
    const everyJobSets = `on: push\njobs:\n${job('a', '    permissions: {}\n')}${job('b', '    permissions: {}\n')}`;
    expect(auditText(probe, W, everyJobSets)).toEqual([]);
    expect(auditText(probe, W, everyJobSets, 'observation').map((f) => f.rule)).toEqual([
      'gha-excessive-permissions/covered',
    ]);
  });

  it('in a called-only workflow, a normal job is covered but a reusable-workflow call is not', () => {
    const text = `on:\n  workflow_call:\njobs:\n${job('a')}  b:\n    uses: ./.github/workflows/x.yml\n`;
    expect(auditText(probe, W, text, 'unknown').map((f) => [f.rule, f.location?.line])).toEqual([
      ['gha-excessive-permissions/default', 8],
    ]);
    expect(auditText(probe, W, text, 'observation').map((f) => [f.rule, f.location?.line])).toEqual([
      ['gha-excessive-permissions/covered', 1],
      ['gha-excessive-permissions/covered', 4],
    ]);
    expect(auditText(probe, 'x/action.yml', 'runs:\n  using: composite\n  steps: []\n')).toEqual([]);
  });

  it('judges a job left with the default token by the repository setting the host reports', () => {
    const bare = `on: push\njobs:\n${job('a')}${job('b')}`;
    const model = buildActionsFile({ path: W, text: bare }) as ActionsFileModel;
    const withDefault = (workflowTokenDefault: HostFacts['workflowTokenDefault']) =>
      probe
        .auditFiles([model], { ...hostFactsWithout('not asked'), workflowTokenDefault })
        .filter((f) => f.rule === 'gha-excessive-permissions/default')
        .map((f) => [f.outcome, f.location?.line]);
    const source = 'GET /repos/o/r/actions/permissions/workflow';
    expect(withDefault({ status: 'known', value: 'read', source })).toEqual([
      ['observation', 1],
      ['observation', 3],
      ['observation', 7],
    ]);
    expect(withDefault({ status: 'known', value: 'write', source })).toEqual([
      ['fail', 1],
      ['fail', 3],
      ['fail', 7],
    ]);
    const unknown = probe.auditFiles([model], hostFactsWithout('the run is offline'));
    expect(unknown.filter((f) => f.outcome === 'unknown')).toHaveLength(3);
    expect(unknown[0]?.message).toMatch(/repository setting the tree does not show \(the run is offline\)/);
    // with a read-only default and nothing else, the workflow passes
    expect(
      probe
        .auditFiles([model], {
          ...hostFactsWithout('not asked'),
          workflowTokenDefault: { status: 'known', value: 'read', source },
        })
        .map((f) => f.outcome),
    ).toContain('pass');
  });
});
