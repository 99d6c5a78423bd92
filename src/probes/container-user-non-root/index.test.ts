import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { outcomes, runProbe, runProbeWithFailingCollector } from '../test-helpers.js';
import { probe } from './index.js';

const multistage = readFileSync(
  new URL('../../composition/extractors/docker/dockerfile/testdata/multistage.Dockerfile', import.meta.url),
  'utf8',
);

describe('container-user-non-root', () => {
  it('passes when the final stage sets a numeric non-root USER', async () => {
    const [f] = await runProbe(probe, { Dockerfile: multistage });
    expect(f).toMatchObject({ outcome: 'pass', location: { line: 34, column: 1 } });
  });

  it('only the final stage counts: a USER in a builder stage does not make the image non-root', async () => {
    const [f] = await runProbe(probe, {
      Dockerfile:
        'FROM node:20 AS build\nUSER node\nRUN npm ci\nFROM node:20-slim\nCOPY --from=build /app /app\n',
    });
    expect(f).toMatchObject({ outcome: 'fail', confidence: 'medium', location: { line: 4 } });
    expect(f?.message).toContain('sets no USER');
  });

  it('inherits USER through FROM <stage>, and fails USER root and 0:0 last', async () => {
    const [inherited] = await runProbe(probe, {
      Dockerfile: 'FROM alpine AS base\nUSER app\nFROM base\nRUN true\n',
    });
    expect(inherited).toMatchObject({ outcome: 'pass', location: { line: 2 } });
    expect(inherited?.message).toContain('(inherited from stage 0)');
    const [root] = await runProbe(probe, { Dockerfile: 'FROM alpine\nUSER app\nRUN x\nUSER 0:0\n' });
    expect(root).toMatchObject({ outcome: 'fail', confidence: 'high', location: { line: 4 } });
  });

  it('passes a known non-root base image without USER, and is unknown for a variable user', async () => {
    const [distroless] = await runProbe(probe, {
      Dockerfile: 'FROM gcr.io/distroless/static:nonroot\nCOPY app /\n',
    });
    expect(distroless?.outcome).toBe('pass');
    const [variable] = await runProbe(probe, { Dockerfile: 'FROM alpine\nARG U=app\nUSER $U\n' });
    expect(variable?.outcome).toBe('unknown');
  });

  it('is not-applicable without a Dockerfile; error when the collector fails', async () => {
    expect(outcomes(await runProbe(probe, {}))).toEqual(['not-applicable']);
    expect(outcomes(await runProbeWithFailingCollector(probe, {}, 'dockerfiles'))).toEqual(['error']);
  });
});
