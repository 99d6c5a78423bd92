import { describe, expect, it } from 'vitest';
import { auditText } from '../actions-audit.js';
import { probe } from './index.js';

const W = '.github/workflows/ci.yml';
const SHA = '0123456789abcdef0123456789abcdef01234567';

describe('gha-persisted-credentials', () => {
  it('fails a checkout that keeps the token in a job that uploads an artefact; without an upload it is an observation', () => {
    const text = `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@${SHA}
      - uses: actions/upload-artifact@${SHA}
  b:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@${SHA}
        with:
          persist-credentials: true
`;
    expect(auditText(probe, W, text).map((f) => [f.rule, f.confidence, f.location?.line])).toEqual([
      ['gha-persisted-credentials', 'high', 6],
    ]);
    const kept = auditText(probe, W, text, 'observation');
    expect(kept.map((f) => [f.rule, f.location?.line])).toEqual([['gha-persisted-credentials/explicit', 11]]);
    expect(kept[0]?.message).toMatch(/no later step of the job uploads an artefact/);
  });

  it('accepts persist-credentials: false', () => {
    const text = `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@${SHA}
        with:
          persist-credentials: false
`;
    expect(auditText(probe, W, text)).toEqual([]);
  });

  it('reports checkout inputs given by an expression as an observation, not a failure', () => {
    const text = `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@${SHA}
        with: \${{ fromJSON(inputs.checkout) }}
`;
    expect(auditText(probe, W, text)).toEqual([]);
    expect(
      auditText(probe, W, text, 'observation').map((f) => [f.rule, f.severity, f.location?.line]),
    ).toEqual([['gha-persisted-credentials/unknown-inputs', 'info', 7]]);
  });
});
