/**
 * action.yml (issue 10, item 7): every action it uses is pinned by full commit SHA, no input is
 * spliced into a script, and the assess step's script, run here as the runner would run it, assesses
 * a repository, writes SARIF when this vouch can, and reports the file for the upload step.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ensureBuilt, repoRoot } from '../helpers/bin.js';
import { minimalManifest } from '../helpers/manifest.js';
import { makeRepo } from '../helpers/repo.js';

interface Step {
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
}
const action = parse(readFileSync(join(repoRoot, 'action.yml'), 'utf8')) as {
  runs: { using: string; steps: Step[] };
  inputs: Record<string, { default?: string }>;
};
const steps = action.runs.steps;
/** The Node that runs vouch: VOUCH_TEST_NODE (CI's Node 24 leg) or the one running the tests. */
const testNode = process.env.VOUCH_TEST_NODE || process.execPath;
const scratch = mkdtempSync(join(tmpdir(), 'vouch-action-'));
let other: string;

beforeAll(() => {
  ensureBuilt();
  other = makeRepo({ 'vouch.yaml': minimalManifest(), 'README.md': '# other\n' }, { commit: true });
}, 600_000);
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
  rmSync(other, { recursive: true, force: true });
});

describe('action.yml', () => {
  it('pins every action by full commit SHA and splices no expression into a script', () => {
    expect(action.runs.using).toBe('composite');
    const uses = steps.filter((s) => s.uses).map((s) => s.uses!);
    expect(uses.some((u) => u.startsWith('github/codeql-action/upload-sarif@'))).toBe(true);
    for (const u of uses) expect(u).toMatch(/@[0-9a-f]{40}$/);
    for (const s of steps.filter((step) => step.run)) expect(s.run).not.toContain('${{');
  });

  it('uploads only when the assess step reported a SARIF file that exists', () => {
    const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'))!;
    expect(upload.if).toContain("steps.assess.outputs.sarif-file != ''");
    expect(upload.if).toContain('hashFiles(inputs.sarif-file)');
  });

  const runAssessStep = (env: Record<string, string>) => {
    const step = steps.find((s) => s.id === 'assess')!;
    const output = join(scratch, `output-${Math.random().toString(36).slice(2)}`);
    const r = spawnSync('bash', ['-eo', 'pipefail', '-c', step.run!], {
      cwd: other,
      encoding: 'utf8',
      timeout: 180_000,
      env: {
        ...process.env,
        PATH: `${dirname(testNode)}${delimiter}${process.env.PATH}`,
        GITHUB_ACTION_PATH: repoRoot,
        GITHUB_OUTPUT: output,
        GITHUB_TOKEN: '',
        VOUCH_PATH: '.',
        VOUCH_FAIL_ON: '',
        VOUCH_ARGS: '--today 2026-11-28 --offline',
        VOUCH_SARIF: 'vouch.sarif',
        ...env,
      },
    });
    return { ...r, outputs: existsSync(output) ? readFileSync(output, 'utf8') : '' };
  };

  it('the assess step assesses the repository and hands a SARIF file to the upload when it can', () => {
    const r = runAssessStep({});
    expect(r.stderr).not.toContain('internal error');
    expect(r.status).toBe(0);
    const sarifSupported = spawnSync(testNode, [join(repoRoot, 'bin/vouch.js'), 'assess', '--help'], {
      encoding: 'utf8',
    }).stdout.includes('sarif');
    if (sarifSupported) {
      expect(r.outputs).toContain('sarif-file=vouch.sarif');
      expect(JSON.parse(readFileSync(join(other, 'vouch.sarif'), 'utf8')).version).toBe('2.1.0');
    } else {
      expect(r.outputs).toBe('');
      expect(r.stdout).toContain('::notice::this vouch cannot write SARIF');
      expect(r.stdout).toMatch(/45 claims: /);
    }
  });

  it('the fail-on input fails the step', () => {
    const r = runAssessStep({ VOUCH_FAIL_ON: 'unknown' });
    expect(r.status).toBe(1);
  });
});
