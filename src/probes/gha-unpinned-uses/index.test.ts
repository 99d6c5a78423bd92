import { describe, expect, it } from 'vitest';
import { auditText } from '../actions-audit.js';
import { probe } from './index.js';

const W = '.github/workflows/ci.yml';

describe('gha-unpinned-uses', () => {
  it('reports tags, branches and missing refs, in steps and reusable-workflow calls', () => {
    const text = `on: push
jobs:
  call:
    uses: acme/workflows/.github/workflows/build.yml@main
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: acme/tool
      - uses: actions/setup-node@1d0ff469b7ec7b3cb9d8673fde0c81c44821de2a
      - uses: ./local-action
`;
    expect(auditText(probe, W, text).map((f) => [f.location?.line, f.location?.column])).toEqual([
      [4, 11],
      [8, 15],
      [9, 15],
    ]);
  });

  it('reports composite action steps too, and accepts full commit SHAs', () => {
    const text = `runs:
  using: composite
  steps:
    - uses: acme/setup@v1
    - uses: acme/setup@0123456789abcdef0123456789abcdef01234567
`;
    expect(auditText(probe, 'action.yml', text).map((f) => f.location?.line)).toEqual([4]);
  });
});
