import { describe, expect, it } from 'vitest';
import { auditText } from '../actions-audit.js';
import { probe } from './index.js';

const W = '.github/workflows/ci.yml';
const wf = (steps: string, extra = '') => `on: pull_request_target
${extra}jobs:
  build:
    runs-on: ubuntu-latest
    steps:
${steps}`;

describe('gha-template-injection', () => {
  it('reports an attacker-controlled context expanded into run:, at the context', () => {
    const text = wf('      - run: |\n          echo "${{ github.event.pull_request.title }}"\n');
    const [f, ...rest] = auditText(probe, W, text);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ rule: 'gha-template-injection', severity: 'high', confidence: 'high' });
    expect(f?.location).toMatchObject({ path: W, line: 7, column: 21, route: 'jobs.build.steps[0].run' });
  });

  it('reports github-script scripts, and env values that are not constant as the env sub-rule', () => {
    const text = wf(
      "      - uses: actions/github-script@60a0d83039c74a4aee543508d2ffcb1c3799cdea\n        with:\n          script: console.log('${{ github.head_ref }}')\n      - run: echo ${{ env.T }}\n        env:\n          T: ${{ github.event.issue.title }}\n",
    );
    expect(auditText(probe, W, text).map((f) => [f.rule, f.location?.line])).toEqual([
      ['gha-template-injection', 8],
      ['gha-template-injection/env', 9],
    ]);
  });

  it('leaves env passing, constant env, secrets-free conditions and the condition side of && alone', () => {
    const text = wf(
      "      - run: echo \"$TITLE\" ${{ env.C }} ${{ github.event.issue.title && 'yes' || 'no' }}\n        env:\n          TITLE: ${{ github.event.pull_request.title }}\n          C: constant\n",
    );
    expect(auditText(probe, W, text)).toEqual([]);
  });

  it('keeps its fingerprint when lines are inserted above the finding', () => {
    const text = wf('      - run: echo "${{ github.head_ref }}"\n');
    const moved = text.replace('jobs:', 'env:\n  A: b\n\njobs:');
    const [a] = auditText(probe, W, text);
    const [b] = auditText(probe, W, moved);
    expect(b?.location?.line).toBe((a?.location?.line ?? 0) + 3);
    expect(b?.fingerprint).toBe(a?.fingerprint);
  });

  it('shows constant matrix values and fixed contexts as low observations that leave the files passing', () => {
    const text = `on: pull_request_target
jobs:
  build:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        os: [linux, macos]
    steps:
      - id: t
        run: echo \${{ matrix.os }} \${{ github.sha }} \${{ steps.t.outcome }}
      - run: echo \${{ github.token }} \${{ matrix.os || github.head_ref }}
`;
    expect(auditText(probe, W, text).map((f) => [f.rule, f.severity, f.location?.column])).toEqual([
      ['gha-template-injection/secret', 'low', 23],
      ['gha-template-injection', 'high', 56],
    ]);
    const seen = auditText(probe, W, text, 'observation');
    expect(seen.map((f) => [f.rule, f.severity, f.location?.line, f.location?.column])).toEqual([
      ['gha-template-injection/matrix-static', 'low', 10, 23],
      ['gha-template-injection/fixed-context', 'low', 10, 40],
      ['gha-template-injection/fixed-context', 'low', 10, 58],
      ['gha-template-injection/matrix-static', 'low', 11, 43],
    ]);
    expect(seen[0]?.remediation).toContain('Nothing to fix for safety');
    const observedOnly = text.replace(/ {6}- run: echo .*\n$/, '');
    expect(auditText(probe, W, observedOnly)).toEqual([]);
    expect(auditText(probe, W, observedOnly, 'pass')).toHaveLength(1);
  });

  it('reports a step output expanded into a script as an observation, not a failure', () => {
    const text = wf(
      '      - id: v\n        run: echo "x=1" >> "$GITHUB_OUTPUT"\n      - run: echo ${{ steps.v.outputs.x }}\n',
    );
    expect(auditText(probe, W, text)).toEqual([]);
    expect(
      auditText(probe, W, text, 'observation').map((f) => [f.rule, f.severity, f.location?.line]),
    ).toEqual([['gha-template-injection/output', 'info', 8]]);
    // an observation answers nothing: the file still passes
    expect(auditText(probe, W, text, 'pass')).toHaveLength(1);
  });

  it('shows a ref name or an env value of unknown origin as an observation where only writers start the step', () => {
    const release = (on: string) => `on:
${on}
jobs:
  create-release:
    runs-on: ubuntu-latest
    steps:
      - run: echo "VERSION=\${{ github.ref_name }}" >> $GITHUB_ENV
      - run: echo "ASSET=x.tar.gz" >> $GITHUB_ENV
      - run: gh release upload \${{ env.ASSET }} \${{ github.event.head_commit.message }}
`;
    const tags = release('  push:\n    tags: ["[0-9]+.[0-9]+.[0-9]+"]\n  workflow_dispatch:');
    // a commit message on push may come from anyone whose pull request was merged: still a failure
    expect(auditText(probe, W, tags).map((f) => [f.rule, f.location?.line])).toEqual([
      ['gha-template-injection', 11],
    ]);
    expect(auditText(probe, W, tags, 'observation').map((f) => [f.rule, f.location?.line])).toEqual([
      ['gha-template-injection/writer-ref', 9],
      ['gha-template-injection/env', 11],
    ]);
    // once a pull request can start the workflow, the same expansions fail
    const pr = release('  push:\n  pull_request:');
    expect(auditText(probe, W, pr).map((f) => [f.rule, f.location?.line])).toEqual([
      ['gha-template-injection', 8],
      ['gha-template-injection/env', 10],
      ['gha-template-injection', 10],
    ]);
    // ... and so does a step that a pull request may run although its workflow has writer events
    const gated = release('  push:\n  pull_request:').replace(
      '      - run: echo "VERSION',
      "      - if: github.event_name == 'push'\n        run: echo \"VERSION",
    );
    expect(auditText(probe, W, gated).map((f) => f.rule)).not.toContain('gha-template-injection/writer-ref');
    expect(auditText(probe, W, gated, 'observation').map((f) => f.rule)).toContain(
      'gha-template-injection/writer-ref',
    );
  });

  it('shows a constant matrix value with shell syntax as an observation, and fails one holding an expression', () => {
    const text = (value: string) => `on: pull_request
jobs:
  build:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        java: [17]
        include:
          - java: 11
            extra: ${value}
    steps:
      - run: mvn verify \${{ matrix.extra || '' }}
`;
    const constant = text(`-Denforcer.fail=false --projects '!proto'`);
    expect(auditText(probe, W, constant)).toEqual([]);
    expect(auditText(probe, W, constant, 'observation').map((f) => f.rule)).toEqual([
      'gha-template-injection/matrix-constant',
    ]);
    const injected = text(`"\${{ github.event.pull_request.title }}"`);
    expect(auditText(probe, W, injected).map((f) => f.rule)).toContain('gha-template-injection/matrix');
  });
});
