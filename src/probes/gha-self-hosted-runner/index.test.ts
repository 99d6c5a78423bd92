import { describe, expect, it } from 'vitest';
import { auditText } from '../actions-audit.js';
import { probe } from './index.js';

const W = '.github/workflows/ci.yml';
const job = (id: string, runsOn: string, strategy = '') =>
  `  ${id}:\n    runs-on: ${runsOn}\n${strategy}    steps:\n      - run: make\n`;

describe('gha-self-hosted-runner', () => {
  it('is unknown (never a failure) for the self-hosted label, a runner group and a matrix value', () => {
    const text = `on: push\njobs:\n${job('a', '[self-hosted, linux]')}${job('b', '\n      group: builders')}${job(
      'c',
      '${{ matrix.os }}',
      '    strategy:\n      matrix:\n        os: [ubuntu-latest]\n        include:\n          - os: self-hosted\n',
    )}`;
    expect(auditText(probe, W, text)).toEqual([]);
    const unknown = auditText(probe, W, text, 'unknown');
    expect(unknown.map((f) => [f.rule, f.location?.line, f.confidence])).toEqual([
      ['gha-self-hosted-runner/label', 4, 'high'],
      ['gha-self-hosted-runner/group', 8, 'low'],
      ['gha-self-hosted-runner/matrix', 13, 'high'],
    ]);
    expect(unknown[0]?.message).toMatch(/whether the repository is public/);
  });

  it('passes GitHub-hosted runners, excluded matrix values and runners chosen by an input', () => {
    const text = `on: push\njobs:\n${job('a', 'ubuntu-latest')}${job(
      'b',
      '${{ matrix.os }}',
      '    strategy:\n      matrix:\n        os: [self-hosted, ubuntu-latest]\n        exclude:\n          - os: self-hosted\n',
    )}${job('c', '${{ inputs.os }}')}`;
    expect(auditText(probe, W, text, 'unknown')).toEqual([]);
    expect(auditText(probe, W, text, 'pass')).toHaveLength(1);
  });
});
