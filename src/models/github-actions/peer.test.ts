/**
 * Every workflow and action of the zizmor and OpenSSF Scorecard test suites
 * (../shared/peer-suites/gha) builds into the model without throwing, and the spans of job ids,
 * `uses:` and `run:` values cover exactly their text.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GHA_SUITE, yamlFiles } from '../../../test/helpers/gha-peer-suite.js';
import { blockingProblem, buildActionsFile } from './build.js';
import type { Action, Span, Step, Str, Workflow } from './types.js';

const ROOT = GHA_SUITE;

function spanText(lines: readonly string[], span: Span): string {
  if (span.line !== span.endLine) return '';
  return (lines[span.line - 1] ?? '').slice(span.column - 1, span.endColumn - 1);
}

/** The written form of a one-line scalar: as is, or quoted. */
function writtenAs(value: string): string[] {
  return [value, `'${value.replaceAll("'", "''")}'`, JSON.stringify(value)];
}

describe('GitHub Actions model over real workflows (zizmor + Scorecard fixtures)', () => {
  const files = yamlFiles(ROOT).map((path) => {
    const text = readFileSync(path, 'utf8');
    const rel = relative(ROOT, path);
    const kind = /(^|\/)action\.ya?ml$/.test(rel) ? ('action' as const) : ('workflow' as const);
    return {
      rel,
      text,
      lines: text.split(/\r?\n/),
      file: buildActionsFile({ path: rel, text, kind }) as Workflow | Action,
    };
  });

  it('builds every file; only the fixtures broken on purpose have blocking problems', () => {
    expect(files.length).toBeGreaterThan(300);
    const blocked = files.filter((f) => blockingProblem(f.file)).map((f) => f.rel);
    expect(blocked).toEqual([
      'zizmor/test-data/invalid/bad-yaml-2.yml',
      'zizmor/test-data/invalid/invalid-action-2/action.yml',
      'zizmor/test-data/invalid/issue-1395-repro-duplicate-mapping-keys.yml',
    ]);
    const workflows = files.filter((f) => f.file.kind === 'workflow');
    const jobs = workflows.reduce((n, f) => n + (f.file as Workflow).jobs.length, 0);
    console.info(`gha model: ${files.length} files, ${workflows.length} workflows, ${jobs} jobs`);
    expect(jobs).toBeGreaterThan(300);
  });

  it('points spans of job ids, uses and one-line run values at their text, with matching routes', () => {
    let checked = 0;
    const wrong: string[] = [];
    const check = (f: (typeof files)[number], s: Str | undefined, route: RegExp) => {
      if (!s || s.via || s.text) return;
      if (!route.test(s.route)) wrong.push(`${f.rel}: route ${s.route}`);
      const written = spanText(f.lines, s.span);
      if (s.value.includes('\n') || written === '') return;
      checked++;
      if (!writtenAs(s.value).includes(written))
        wrong.push(`${f.rel}:${s.span.line}:${s.span.column} ${written}`);
    };
    const steps = (f: (typeof files)[number], list: readonly Step[], base: string) => {
      list.forEach((step) => {
        const i = step.index;
        // steps inside `- parallel:` are numbered on with the job's other steps
        const at = new RegExp(
          `^${base.replace(/[.[\]]/g, '\\$&')}\\.steps\\[(?:${i}\\]|\\d+\\]\\.parallel\\[\\d+\\])\\.`,
        );
        check(f, step.uses?.raw, new RegExp(`${at.source}uses$`));
        check(f, step.run, new RegExp(`${at.source}run$`));
      });
    };
    for (const f of files) {
      if (blockingProblem(f.file)) continue;
      if (f.file.kind === 'action') {
        if (f.file.runs) steps(f, f.file.runs.steps, 'runs');
        continue;
      }
      for (const job of f.file.jobs) {
        check(f, job.id, /^jobs\./);
        check(f, job.uses?.raw, /^jobs\..*\.uses$/);
        steps(f, job.steps, job.route);
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(900);
  });

  it('starts block run: text where the block starts', () => {
    let checked = 0;
    for (const f of files) {
      if (f.file.kind !== 'workflow' || blockingProblem(f.file)) continue;
      for (const step of f.file.jobs.flatMap((j) => j.steps)) {
        const t = step.run?.text;
        const first = step.run?.value.split('\n')[0];
        if (!t || !first || step.run?.via) continue;
        expect(f.lines[t.line - 1]?.slice(t.column - 1), `${f.rel}:${t.line}`).toBe(
          t.lineMapped ? first : f.lines[t.line - 1]?.slice(t.column - 1),
        );
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(50);
  });
});
