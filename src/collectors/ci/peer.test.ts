/**
 * Real-world workflows from the zizmor and OpenSSF Scorecard test suites
 * (../shared/peer-suites/gha): every file must parse except the ones that are broken on purpose,
 * and the `run:` steps found by walking the syntax tree must match a plain object walk.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { GHA_SUITE, yamlFiles } from '../../../test/helpers/gha-peer-suite.js';
import { rules } from '../rules.js';
import { parseYamlCi } from './index.js';

const ROOT = GHA_SUITE;

/** run: steps counted on the plain object, for workflows (jobs.*.steps) and actions (runs.steps). */
function countRuns(data: unknown): number {
  if (!data || typeof data !== 'object') return 0;
  const obj = data as Record<string, unknown>;
  const steps: unknown[] = [];
  const jobs = obj.jobs;
  if (jobs && typeof jobs === 'object') {
    for (const job of Object.values(jobs)) {
      const s = (job as Record<string, unknown> | null)?.steps;
      if (Array.isArray(s)) steps.push(...s);
    }
  }
  const runs = (obj.runs as Record<string, unknown> | undefined)?.steps;
  if (Array.isArray(runs)) steps.push(...runs);
  // GitHub runs `run: true` as the command "true": any scalar counts.
  return steps.filter((s) => {
    const run = s && typeof s === 'object' ? (s as Record<string, unknown>).run : undefined;
    return run !== undefined && run !== null && typeof run !== 'object' && String(run).trim() !== '';
  }).length;
}

describe('ci collector on real GitHub Actions workflows (zizmor + Scorecard fixtures)', () => {
  const gha = rules().ciSystems.systems.find((s) => s.id === 'github-actions')!;
  const files = yamlFiles(ROOT);
  const results = files.map((path) => {
    const text = readFileSync(path, 'utf8');
    const rel = relative(ROOT, path);
    return {
      rel,
      text,
      file: parseYamlCi(rel, text, gha, /action\.ya?ml$/.test(rel) ? 'local-action' : 'pipeline'),
    };
  });

  it('parses every file except those broken on purpose', () => {
    const failures = results.filter((r) => !r.file.parsed).map((r) => `${r.rel}: ${r.file.error}`);
    expect(files.length).toBeGreaterThan(300);
    // Each failure is a fixture upstream keeps invalid on purpose.
    expect(failures.every((f) => f.startsWith('zizmor/test-data/invalid/'))).toBe(true);
    expect(failures.map((f) => f.split(':')[0])).toEqual([
      'zizmor/test-data/invalid/bad-yaml-2.yml',
      'zizmor/test-data/invalid/invalid-action-2/action.yml',
      'zizmor/test-data/invalid/issue-1395-repro-duplicate-mapping-keys.yml',
    ]);
    console.info(`gha peer suite: ${results.length - failures.length}/${results.length} files parsed`);
  });

  it('finds the same run: steps as a plain object walk', () => {
    const mismatches: string[] = [];
    let compared = 0;
    for (const r of results) {
      if (!r.file.parsed || r.text.includes('*') /* aliases: the object walk would not point at them */)
        continue;
      let data: unknown;
      try {
        data = parse(r.text, { maxAliasCount: 100 });
      } catch {
        continue;
      }
      compared++;
      const ours = r.file.commands.filter(
        (c) => c.key === 'run' && /(^|\.)steps\[\d+\]\.run$/.test(c.where),
      ).length;
      const theirs = countRuns(data);
      if (ours !== theirs) mismatches.push(`${r.rel}: ${ours} vs ${theirs}`);
    }
    expect(compared).toBeGreaterThan(250);
    console.info(`gha peer suite: run: steps compared on ${compared} files, ${mismatches.length} mismatches`);
    expect(mismatches).toEqual([]);
  });

  it('attributes uses: refs to jobs with 1-based positions inside the file', () => {
    let checked = 0;
    for (const r of results) {
      if (!r.file.parsed) continue;
      const lines = r.text.split(/\r?\n/);
      for (const u of r.file.uses.filter((x) => x.key === 'uses')) {
        const line = lines[u.line - 1] ?? '';
        expect(
          line
            .slice(u.column - 1)
            .replace(/^["']/, '')
            .startsWith(u.ref.slice(0, 10)),
          `${r.rel}:${u.line}:${u.column}`,
        ).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(300);
  });
});
