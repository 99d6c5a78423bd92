import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { makeAiProduct, promptfooResults } from '../../../test/helpers/ai-product.js';
import { runProbe, runProbeOnFolder } from '../test-helpers.js';
import { probe } from './index.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('ai-evaluations-current', () => {
  it('passes when the evaluations ran after the last commit to the models and prompts, and reports failures', async () => {
    const root = makeAiProduct('2026-01-15T12:00:00Z', '2026-02-01T09:12:44.512Z');
    dirs.push(root);
    const findings = await runProbeOnFolder(probe, root);
    const pass = findings.find((f) => f.outcome === 'pass');
    expect(pass?.message).toContain(
      'promptfoo evaluation evals/promptfoo-results.json of openai:gpt-4o-mini on 2026-02-01T09:12:44.512Z (report): 4/5 passed (80.0%)',
    );
    expect(pass?.message).toContain('LLM07 System prompt leakage');
    expect(pass?.message).toMatch(/garak evaluation .* 145\/150 passed/);
    const failures = findings.filter((f) => f.rule === 'ai-evaluations-current/failures');
    expect(failures.map((f) => f.outcome)).toEqual(['observation', 'observation']);
  });

  it('fails as stale when a model or prompt changed after every evaluation, naming git as the date source', async () => {
    const root = makeAiProduct('2026-03-01T00:00:00Z', '2026-02-01T09:12:44.512Z');
    dirs.push(root);
    const findings = await runProbeOnFolder(probe, root);
    const stale = findings.filter((f) => f.outcome === 'fail');
    expect(stale).toHaveLength(2);
    expect(stale[0]?.message).toMatch(
      /^stale: .* changed since: .*models\/classifier\.safetensors \(2026-03-01T00:00:00\.000Z, git commit\)/,
    );
  });

  it('is unknown when dates cannot be read, and when there are no results', async () => {
    const undated = await runProbe(probe, {
      'prompts/a.txt': 'You are...',
      'evals/promptfoo-results.json': promptfooResults('2026-02-01T00:00:00Z'),
    });
    expect(undated.at(-1)).toMatchObject({ outcome: 'unknown' });
    expect(undated.at(-1)?.message).toMatch(/cannot be decided: .*no readable date/);
    const none = await runProbe(probe, { 'prompts/a.txt': 'You are...' });
    expect(none.map((f) => f.outcome)).toEqual(['unknown']);
    expect(none[0]?.message).toMatch(/no promptfoo results or garak reports/);
    expect((await runProbe(probe, { 'a.txt': 'x' }))[0]?.outcome).toBe('not-applicable');
  });
});
