import { describe, expect, it } from 'vitest';
import { auditText } from '../actions-audit.js';
import { probe } from './index.js';

const W = '.github/workflows/ci.yml';

describe('gha-unpinned-images', () => {
  it('reports images without a tag or with latest, tags without a digest as the tag sub-rule', () => {
    const text = `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    container:
      image: node
    services:
      db:
        image: postgres:16
    steps:
      - uses: docker://alpine:latest
`;
    expect(auditText(probe, W, text).map((f) => [f.rule, f.location?.line])).toEqual([
      ['gha-unpinned-images', 6],
      ['gha-unpinned-images/tag', 9],
      ['gha-unpinned-images', 11],
    ]);
  });

  it('accepts digests and expands constant matrices', () => {
    const text = `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        image: ['node@sha256:${'a'.repeat(64)}', 'python']
    container:
      image: \${{ matrix.image }}
    steps:
      - run: true
`;
    expect(auditText(probe, W, text).map((f) => f.message)).toEqual([
      'the image of job a `python` names no version',
    ]);
  });
});
