import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { probeDefinitions, probeIds } from './definitions.js';
import { ProbeDefinitionError, readProbeDefinitions } from './read-definitions.js';

const probesDir = new URL('./', import.meta.url);
const scratch = mkdtempSync(join(tmpdir(), 'vouch-probe-defs-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const valid = parse(readFileSync(new URL('ci-present/probe.yaml', probesDir), 'utf8')) as Record<
  string,
  unknown
>;

/** Reads a probes folder holding one probe.yaml: `valid` with `changes` applied. */
function readWith(changes: Record<string, unknown>, folder = 'ci-present'): () => unknown {
  const dir = mkdtempSync(join(scratch, 'probes-'));
  mkdirSync(join(dir, folder));
  writeFileSync(join(dir, folder, 'probe.yaml'), stringify({ ...valid, ...changes }));
  return () => readProbeDefinitions(pathToFileURL(`${dir}/`));
}

describe('probe definitions', () => {
  it('are the probe folders, sorted, each with code and tests beside its probe.yaml', () => {
    const entries = readdirSync(probesDir, { withFileTypes: true });
    const folders = entries.flatMap((e) => (e.isDirectory() ? [e.name] : [])).sort();
    expect(probeIds()).toEqual(folders);
    for (const id of folders) {
      const files = readdirSync(new URL(`${id}/`, probesDir));
      expect(files, id).toEqual(expect.arrayContaining(['probe.yaml', 'index.ts', 'index.test.ts']));
    }
  });

  it('say what remediation is for and are documented', () => {
    const readme = readFileSync(new URL('../../README.md', probesDir), 'utf8');
    for (const d of probeDefinitions) {
      expect(d.remediation.onOutcome.length, d.id).toBeGreaterThan(0);
      expect(d.docs, d.id).toBe('README.md#probes');
    }
    expect(readme).toMatch(/^#{2,3} Probes$/m);
  });

  it('accept the real shape', () => {
    expect(readWith({})()).toMatchObject([{ id: 'ci-present', lifecycle: 'stable' }]);
  });

  it.each([
    [{ id: 'other-name' }, /id other-name differs from its folder name/],
    [{ severity: 'info' }, /a probe that can fail needs a severity above info/],
    [
      { remediation: { text: 'x', effort: 'low', onOutcome: ['observation'] } },
      /observation is not among the outcomes/,
    ],
    [{ outcomes: { pass: 'ok', fail: 'not ok' } }, /says nothing about error/],
    [{ lifecycle: 'beta' }, /lifecycle/],
    [{ extra: 1 }, /extra/],
    [{ docs: 'somewhere' }, /docs: a repository path and an anchor/],
  ])('reject %j', (changes, message) => {
    expect(readWith(changes)).toThrow(ProbeDefinitionError);
    expect(readWith(changes)).toThrow(message);
  });

  it('reject a folder with code but no probe.yaml, and YAML that does not parse', () => {
    const dir = mkdtempSync(join(scratch, 'probes-'));
    mkdirSync(join(dir, 'half-probe'));
    writeFileSync(join(dir, 'half-probe', 'index.ts'), 'export {};\n');
    expect(() => readProbeDefinitions(pathToFileURL(`${dir}/`))).toThrow(
      /half-probe\/ has code but no probe.yaml/,
    );
    const bad = mkdtempSync(join(scratch, 'probes-'));
    mkdirSync(join(bad, 'x'));
    writeFileSync(join(bad, 'x', 'probe.yaml'), 'id: x\nid: y\n');
    expect(() => readProbeDefinitions(pathToFileURL(`${bad}/`))).toThrow(/not valid YAML/);
  });
});
