import { describe, expect, it } from 'vitest';
import { auditText } from '../actions-audit.js';
import { probe } from './index.js';

const W = '.github/workflows/ci.yml';

describe('gha-insecure-commands', () => {
  it('reports ACTIONS_ALLOW_UNSECURE_COMMANDS: true at the env key, and a whole-expression env', () => {
    const text = `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    env:
      ACTIONS_ALLOW_UNSECURE_COMMANDS: true
    steps:
      - run: echo
        env: \${{ matrix.env }}
`;
    expect(auditText(probe, W, text).map((f) => [f.rule, f.location?.line])).toEqual([
      ['gha-insecure-commands', 5],
      ['gha-insecure-commands/expression', 9],
    ]);
  });

  it('leaves values other than true alone', () => {
    const text = `on: push
env:
  ACTIONS_ALLOW_UNSECURE_COMMANDS: yes
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo
`;
    expect(auditText(probe, W, text)).toEqual([]);
  });
});
