import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { outcomes, runProbe, runProbeWithFailingCollector } from '../test-helpers.js';
import { probe } from './index.js';

const multistage = readFileSync(
  new URL('../../composition/extractors/docker/dockerfile/testdata/multistage.Dockerfile', import.meta.url),
  'utf8',
);

describe('container-base-pinned', () => {
  it('fails each FROM pulled by tag, skips stages and scratch, and is unknown for an unset build argument', async () => {
    const findings = await runProbe(probe, { Dockerfile: multistage });
    const fails = findings.filter((f) => f.outcome === 'fail');
    expect(fails.map((f) => f.location?.line)).toEqual([7, 27]);
    expect(fails[0]?.message).toContain(
      'FROM `node:20.11.0-alpine` is not pinned by digest (tag `20.11.0-alpine` can move)',
    );
    expect(fails[1]).toMatchObject({ location: { line: 27, column: 1, route: 'stages[5].from' } });
    expect(outcomes(findings)).toEqual(['fail', 'unknown', 'fail']);
    // the heredoc's "FROM" is content, not an instruction
    expect(findings.some((f) => f.message.includes('this-is-heredoc-content'))).toBe(false);
  });

  it('passes when every image is pinned by digest', async () => {
    const [f] = await runProbe(probe, {
      'docker/app.Dockerfile': `FROM node:20@sha256:${'a'.repeat(64)} AS build\nRUN npm ci\nFROM build\n`,
    });
    expect(f).toMatchObject({ outcome: 'pass', location: { path: 'docker/app.Dockerfile' } });
    expect(f?.message).toContain('1 base image pinned by digest');
  });

  it('is not-applicable without a Dockerfile, and skips fixtures', async () => {
    expect(outcomes(await runProbe(probe, { 'testdata/Dockerfile': 'FROM node\n' }))).toEqual([
      'not-applicable',
    ]);
  });

  it('gives one error finding for a Dockerfile over the size limit and goes on with the others', async () => {
    const findings = await runProbe(probe, {
      Dockerfile: `FROM alpine\nRUN echo ${'x'.repeat(5 * 1024 * 1024)}\n`,
      'svc/Containerfile': 'FROM alpine:3\n',
    });
    expect(outcomes(findings)).toEqual(['error', 'fail']);
    expect(findings[0]?.message).toMatch(
      /^Dockerfile could not be analysed as a Dockerfile: file is \d+ bytes, over the/,
    );
  });

  it('is error when the dockerfiles collector fails', async () => {
    const [f] = await runProbeWithFailingCollector(probe, {}, 'dockerfiles');
    expect(f?.outcome).toBe('error');
  });
});
