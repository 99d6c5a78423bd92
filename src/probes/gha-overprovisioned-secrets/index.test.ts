import { describe, expect, it } from 'vitest';
import { auditText } from '../actions-audit.js';
import { probe } from './index.js';

const W = '.github/workflows/ci.yml';

describe('gha-overprovisioned-secrets', () => {
  it('reports toJSON(secrets) and computed secret names, not single secrets', () => {
    const text = `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo
        env:
          ALL: \${{ toJSON(secrets) }}
          ONE: \${{ secrets.ONE }}
          ONE_JSON: \${{ toJSON(secrets.ONE) }}
          PICKED: \${{ secrets[inputs.name] }}
`;
    expect(auditText(probe, W, text).map((f) => f.location?.line)).toEqual([8, 11]);
  });
});
