import { describe, expect, it } from 'vitest';
import { auditText } from '../actions-audit.js';
import { probe } from './index.js';

const W = '.github/workflows/automerge.yml';
const wf = (on: string, jobIf: string, stepIfs: string[]) =>
  `on: ${on}\njobs:\n  merge:\n    runs-on: ubuntu-latest\n    if: ${jobIf}\n    steps:\n${stepIfs.map((c) => `      - run: gh pr merge\n        if: ${c}\n`).join('')}`;

describe('gha-bot-conditions', () => {
  it('reports actor checks against bots on pull_request_target, high when the check alone decides', () => {
    const text = wf('pull_request_target', "github.actor == 'dependabot[bot]'", [
      "${{ github.actor == 'renovate[bot]' && github.repository == 'a/b' }}",
      "github['ACTOR_ID'] == 49699333",
      "github.ref == 'x' || github.triggering_actor == 'mystery[bot]'",
    ]);
    expect(auditText(probe, W, text).map((f) => [f.location?.line, f.confidence])).toEqual([
      [5, 'high'],
      [8, 'medium'],
      [10, 'high'],
      [12, 'high'],
    ]);
  });

  it('leaves other actors, other ids, the pull request author and other triggers alone', () => {
    const text = wf('pull_request_target', "github.actor == 'notabot'", [
      'github.actor_id == 12345',
      "github.event.pull_request.user.login == 'dependabot[bot]'",
    ]);
    expect(auditText(probe, W, text)).toEqual([]);
    expect(auditText(probe, W, text, 'pass')).toHaveLength(1);
    expect(auditText(probe, W, wf('pull_request', "github.actor == 'dependabot[bot]'", []))).toEqual([]);
  });
});
