import { describe, expect, it } from 'vitest';
import { buildActionsFile } from '../../models/github-actions/index.js';
import { type ActionsFileModel, auditText } from '../actions-audit.js';
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

  // ollama's test.yaml (test/truth/ollama+ollama): `container: ${{ matrix.container }}` over
  // include rows, one without a container and two with the same image
  it('reports each expanded image once and nothing for the expression when the matrix expands', () => {
    const text = `on: push
jobs:
  linux:
    strategy:
      matrix:
        include:
          - preset: CPU
          - preset: CUDA
            container: nvidia/cuda:13.0.0-devel-ubuntu22.04
          - preset: Vulkan
            container: ubuntu:22.04
          - preset: MLX
            container: nvidia/cuda:13.0.0-devel-ubuntu22.04
    runs-on: linux
    container: \${{ matrix.container }}
    steps:
      - run: true
`;
    const model = buildActionsFile({ path: W, text }) as ActionsFileModel;
    const all = probe.auditFiles([model]);
    expect(all.map((f) => [f.outcome, f.rule, f.message])).toEqual([
      [
        'fail',
        'gha-unpinned-images/tag',
        'the image of job linux `nvidia/cuda:13.0.0-devel-ubuntu22.04` names a tag, not a digest',
      ],
      ['fail', 'gha-unpinned-images/tag', 'the image of job linux `ubuntu:22.04` names a tag, not a digest'],
    ]);
    expect(new Set(all.map((f) => f.fingerprint)).size).toBe(2);
  });

  it('is unknown, not a failure, when the image expression does not expand', () => {
    const text = `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    container: \${{ inputs.image }}
    steps:
      - run: true
`;
    expect(auditText(probe, W, text)).toEqual([]);
    const unknown = auditText(probe, W, text, 'unknown');
    expect(unknown.map((f) => [f.rule, f.severity, f.location?.line])).toEqual([
      ['gha-unpinned-images/unknown', 'info', 5],
    ]);
    // undecided: the probe does not pass the file either
    expect(
      probe
        .auditFiles([buildActionsFile({ path: W, text }) as ActionsFileModel])
        .some((f) => f.outcome === 'pass'),
    ).toBe(false);
  });
});
