// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${{ ... }} here is GitHub's syntax under test
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  exitCodeIgnored,
  expandedRun,
  jobEvents,
  jobGatesPullRequests,
  mayRunOn,
  referencesIn,
  stepEvents,
} from './analysis.js';
import { buildActionsFile } from './build.js';
import type { Job, Workflow } from './types.js';

const workflow = (text: string) => buildActionsFile({ path: '.github/workflows/w.yml', text }) as Workflow;
const ci = workflow(readFileSync(join(import.meta.dirname, 'testdata/ci.yml'), 'utf8'));
const job = (wf: Workflow, id: string): Job => wf.jobs.find((j) => j.id.value === id)!;

describe('events per job and step', () => {
  it('drops events an if: on github.event_name rules out, and follows needs', () => {
    expect(jobEvents(ci, job(ci, 'test'))).toEqual(['push', 'pull_request', 'schedule']);
    expect(jobEvents(ci, job(ci, 'nightly'))).toEqual(['schedule']);
    expect(jobEvents(ci, job(ci, 'after'))).toEqual(['schedule']);
    expect(jobGatesPullRequests(ci, job(ci, 'nightly'))).toBe(false);
    expect(jobGatesPullRequests(ci, job(ci, 'test'))).toBe(true);
  });

  it('evaluates conditions three-valued: only certainly-false conditions drop an event', () => {
    expect(mayRunOn("${{ github.event_name != 'pull_request' }}", 'pull_request')).toBe(false);
    expect(mayRunOn("github.event_name == 'push' || github.ref == 'refs/heads/main'", 'pull_request')).toBe(
      true,
    );
    expect(mayRunOn("github.event_name == 'push' && success()", 'pull_request')).toBe(false);
    expect(mayRunOn('contains(fromJSON(\'["push", "schedule"]\'), github.event_name)', 'pull_request')).toBe(
      false,
    );
    expect(mayRunOn('contains(fromJSON(\'["push", "schedule"]\'), github.event_name)', 'schedule')).toBe(
      true,
    );
    expect(mayRunOn('broken ==', 'push')).toBe(true);
    expect(mayRunOn(undefined, 'push')).toBe(true);
  });

  it('lets always() jobs run after a skipped need, and applies step if:', () => {
    const wf = workflow(`on: [push, pull_request]
jobs:
  only-push:
    if: github.event_name == 'push'
    steps: [{run: a}]
  report:
    needs: only-push
    if: always()
    steps:
      - run: b
        if: github.event_name == 'pull_request'
`);
    expect(jobEvents(wf, job(wf, 'report'))).toEqual(['push', 'pull_request']);
    expect(stepEvents(wf, job(wf, 'report'), job(wf, 'report').steps[0]!)).toEqual(['pull_request']);
  });
});

describe('exit codes and env expansion', () => {
  it('recognises swallowed exit codes', () => {
    const test = job(ci, 'test');
    expect(exitCodeIgnored(test.steps[2]!, test)).toBe('the command ends with "|| true"');
    expect(exitCodeIgnored(test.steps[1]!, test)).toBeUndefined();
    const wf = workflow(`on: push
jobs:
  a:
    continue-on-error: true
    steps: [{run: make test}]
  b:
    steps:
      - run: make test
        continue-on-error: true
      - run: |
          set +e
          make test
      - run: |
          make test
          make lint || exit 0
      - run: |
          make test
          echo done
        shell: bash {0}
`);
    const [a, b] = wf.jobs;
    expect(exitCodeIgnored(a!.steps[0]!, a)).toBe('the job has continue-on-error: true');
    expect(exitCodeIgnored(b!.steps[0]!, b)).toBe('the step has continue-on-error: true');
    expect(exitCodeIgnored(b!.steps[1]!, b)).toBe('set +e turns off exit on error before the command');
    // the last line swallows; the first still fails the step under bash -e
    expect(exitCodeIgnored(b!.steps[2]!, b)).toMatch(/exit 0/);
    expect(exitCodeIgnored(b!.steps[2]!, b, 0)).toBeUndefined();
    expect(exitCodeIgnored(b!.steps[3]!, b, 0)).toMatch(/has no -e/);
    expect(exitCodeIgnored(b!.steps[3]!, b, 1)).toBeUndefined();
  });

  it('substitutes constant env from step, job and workflow scopes', () => {
    const test = job(ci, 'test');
    expect(expandedRun(test.steps[1]!, test, ci)).toBe(
      'echo "${{ github.event.pull_request.title }}"\ncargo test --workspace\n',
    );
    const wf = workflow(`on: push
env: {A: "\${{ secrets.X }}", B: b}
jobs:
  j:
    env: \${{ fromJSON(needs.x.outputs.env) }}
    steps: [{run: "\${{ env.A }} \${{ env['B'] }} \${{ env.C }}"}]
`);
    // job env is an expression: nothing below it is known
    expect(expandedRun(wf.jobs[0]!.steps[0]!, wf.jobs[0], wf)).toBe(
      "${{ env.A }} ${{ env['B'] }} ${{ env.C }}",
    );
    expect(expandedRun(wf.jobs[0]!.steps[0]!, undefined, wf)).toBe('${{ env.A }} b ${{ env.C }}');
  });

  it('lists references of run text with offsets into it', () => {
    const text = 'echo "${{ github.event.issue.title }}"';
    const refs = referencesIn(text);
    expect(refs.map((r) => [r.path, text.slice(r.start, r.end)])).toEqual([
      ['github.event.issue.title', 'github.event.issue.title'],
    ]);
  });
});
