import { describe, expect, it } from 'vitest';
import { auditText } from '../actions-audit.js';
import { probe } from './index.js';

const W = '.github/workflows/ci.yml';

describe('gha-secrets-inherit', () => {
  it('reports secrets: inherit at the call, and not named secrets', () => {
    const text = `on: push
jobs:
  a:
    uses: acme/w/.github/workflows/x.yml@0123456789abcdef0123456789abcdef01234567
    secrets: inherit
  b:
    uses: acme/w/.github/workflows/x.yml@0123456789abcdef0123456789abcdef01234567
    secrets:
      token: \${{ secrets.TOKEN }}
`;
    expect(auditText(probe, W, text).map((f) => f.location?.line)).toEqual([4]);
  });
});
