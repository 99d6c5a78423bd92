import { describe, expect, it } from 'vitest';
import { auditText } from '../actions-audit.js';
import { probe } from './index.js';

const W = '.github/workflows/ci.yml';

describe('gha-dangerous-triggers', () => {
  it('reports pull_request_target at on:, and a checkout of the head as untrusted-checkout', () => {
    const text = `name: x
on:
  pull_request_target:
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@0123456789abcdef0123456789abcdef01234567
        with:
          ref: \${{ github.event.pull_request.head.sha }}
`;
    expect(auditText(probe, W, text).map((f) => [f.rule, f.outcome, f.location?.line])).toEqual([
      ['gha-dangerous-triggers', 'fail', 2],
      ['gha-dangerous-triggers/untrusted-checkout', 'fail', 8],
    ]);
    // Without the pull request's code in reach, the trigger is shown, not judged.
    const base = text.replace(/ {8}with:\n.*\n/, '');
    expect(auditText(probe, W, base)).toEqual([]);
    const [alone, ...rest] = auditText(probe, W, base, 'observation');
    expect(rest).toEqual([]);
    expect(alone).toMatchObject({ rule: 'gha-dangerous-triggers', outcome: 'observation' });
    expect(alone?.message).toMatch(/no step checks out the pull request's code$/);
  });

  it('leaves pull_request and labeler-only workflows alone', () => {
    const labeler = `on: pull_request_target
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/labeler@634933edcd8ababfe52f92936142cc22ac488b1b
`;
    expect(auditText(probe, W, labeler)).toEqual([]);
    expect(auditText(probe, W, labeler.replace('pull_request_target', 'pull_request'))).toEqual([]);
  });
});
