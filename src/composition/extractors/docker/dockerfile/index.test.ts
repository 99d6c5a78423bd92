// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${...} here is the file syntax under test, not a template
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isValidPurl } from '../../../purl-check.js';
import { parseImageRef } from '../../support/image-ref.js';
import { dockerfileExtractor, substitute } from './index.js';

const TESTDATA = join(import.meta.dirname, 'testdata');

async function extractFixture(name: string) {
  const text = readFileSync(join(TESTDATA, name), 'utf8');
  return dockerfileExtractor.extract({ path: `docker/${name}`, text, readSibling: async () => undefined });
}

describe('docker/dockerfile', () => {
  it('multi-stage: ARG defaults, stage references, scratch, heredocs, COPY --from images, scopes', async () => {
    const r = await extractFixture('multistage.Dockerfile');
    expect(r.error).toBeUndefined();
    expect(r.components.map((c) => [c.name, c.version, c.pinned, c.scope, c.location.line])).toEqual([
      ['node', '20.11.0-alpine', false, 'dev', 7],
      ['golang', '1.22', true, 'dev', 14],
      ['registry.example.com:5000/team/runtime', '2.3', false, 'prod', 27],
      ['ghcr.io/example/assets', '1.0', true, 'prod', 30],
    ]);
    expect(r.components[1]!.hashes).toEqual([
      { alg: 'SHA-256', content: '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef' },
    ]);
    expect(r.components.map((c) => c.purl)).toEqual([
      'pkg:docker/node@20.11.0-alpine',
      'pkg:docker/golang@1.22',
      'pkg:docker/registry.example.com:5000/team/runtime@2.3',
      'pkg:docker/ghcr.io/example/assets@1.0',
    ]);
    for (const c of r.components) expect(isValidPurl(c.purl)).toBe(true);
    expect(r.notes).toEqual(['line 23: ${UNSET}:1 uses a build argument with no default; image unknown']);
  });

  it('honours the escape directive and CRLF line ends', async () => {
    const r = await extractFixture('windows.Dockerfile');
    expect(r.error).toBeUndefined();
    expect(r.components.map((c) => [c.name, c.version, c.scope, c.location.line])).toEqual([
      ['mcr.microsoft.com/windows/servercore', 'ltsc2022', 'prod', 2],
    ]);
  });

  it('an image without a tag is latest and unpinned', async () => {
    const r = await extractFixture('Containerfile');
    expect(r.components.map((c) => [c.name, c.version, c.pinned, c.purl])).toEqual([
      ['ubuntu', 'latest', false, 'pkg:docker/ubuntu@latest'],
    ]);
  });

  it('parses image references', () => {
    expect(parseImageRef('nginx')).toEqual({ name: 'nginx' });
    expect(parseImageRef('localhost:5000/app')).toEqual({ name: 'localhost:5000/app' });
    expect(parseImageRef('localhost:5000/app:1.0')).toEqual({ name: 'localhost:5000/app', tag: '1.0' });
    expect(parseImageRef(`alpine@sha256:${'A'.repeat(64)}`)).toEqual({
      name: 'alpine',
      digest: `sha256:${'a'.repeat(64)}`,
    });
    expect(parseImageRef('alpine@sha256:xyz')).toBeUndefined();
    expect(parseImageRef('my image')).toBeUndefined();
    expect(parseImageRef('${X}')).toBeUndefined();
    expect(parseImageRef('a//b')).toBeUndefined();
  });

  it('substitutes build arguments like Docker', () => {
    const vars = new Map([
      ['A', 'x'],
      ['E', ''],
    ]);
    expect(substitute('$A-${A}', vars)).toBe('x-x');
    expect(substitute('${E:-d}/${B:-d}/${A:+alt}/${B:+alt}', vars)).toBe('d/d/alt/');
    expect(substitute('${B}', vars)).toBeUndefined();
  });

  it('never throws on garbage and stays linear on a huge line', async () => {
    for (const text of [
      'FROM',
      'FROM --platform=x',
      'COPY --from=nope a b',
      '\\\n\\\n\\',
      '\u0000FROM a b c d e',
    ]) {
      const r = await dockerfileExtractor.extract({
        path: 'Dockerfile',
        text,
        readSibling: async () => undefined,
      });
      expect(r.error).toBeUndefined();
    }
    const huge = `FROM ${'a'.repeat(3_000_000)}:1\n`;
    const r = await dockerfileExtractor.extract({
      path: 'Dockerfile',
      text: huge,
      readSibling: async () => undefined,
    });
    expect(r.components).toHaveLength(0);
    expect(r.notes?.[0]?.length).toBeLessThan(200);
    const tooBig = await dockerfileExtractor.extract({
      path: 'Dockerfile',
      text: 'x'.repeat(5 * 1024 * 1024),
      readSibling: async () => undefined,
    });
    expect(tooBig.error).toMatch(/too large/);
  });

  it('matches Dockerfile and Containerfile names', () => {
    for (const p of [
      'Dockerfile',
      'a/Dockerfile',
      'Dockerfile.prod',
      'api.Dockerfile',
      'Containerfile',
      'x/dockerfile',
    ]) {
      expect(dockerfileExtractor.matches(p), p).toBe(true);
    }
    for (const p of [
      'Dockerfile.dockerignore',
      'docs/Dockerfile.md',
      'Dockerfile/x',
      'MyDockerfiles',
      'docker-compose.yml',
    ]) {
      expect(dockerfileExtractor.matches(p), p).toBe(false);
    }
  });
});
