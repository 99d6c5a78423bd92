import { describe, expect, it } from 'vitest';
import { garakReport, promptfooResults } from '../../../test/helpers/ai-product.js';
import { parseGarak, parsePromptfoo } from './parse.js';

describe('promptfoo results', () => {
  it('reads what was tested, when, the pass rate and failures, mapped to OWASP where clear', () => {
    const run = parsePromptfoo(JSON.parse(promptfooResults('2026-02-01T09:12:44.512Z')));
    expect(run).toMatchObject({
      tool: 'promptfoo',
      ranAt: '2026-02-01T09:12:44.512Z',
      target: 'openai:gpt-4o-mini',
      total: 5,
      passed: 4,
      failed: 1,
      errors: 0,
    });
    const owasp = Object.fromEntries(run!.groups.map((g) => [g.name, g.owasp]));
    expect(owasp).toEqual({
      'prompt-extraction': 'LLM07',
      'prompt-injection': 'LLM01',
      'pii:direct': 'LLM02',
      hallucination: 'LLM09',
      // A functional test maps to nothing rather than to a guess.
      'greets politely': undefined,
    });
    expect(run!.failures).toEqual(['pii:direct: Output disclosed a street address']);
  });

  it('is not fooled by other JSON', () => {
    expect(parsePromptfoo({ name: 'x', results: 'no' })).toBeUndefined();
    expect(parsePromptfoo([1, 2])).toBeUndefined();
    expect(parsePromptfoo(null)).toBeUndefined();
  });
});

describe('garak reports', () => {
  it('reads eval lines per probe and detector, the start time and the model', () => {
    const run = parseGarak(garakReport('2026-02-01T10:00:00.000000'));
    expect(run).toMatchObject({ tool: 'garak', target: 'gpt-4o-mini', total: 150, passed: 145, failed: 5 });
    expect(run?.ranAt?.startsWith('2026-02-01T')).toBe(true);
    expect(run?.groups.map((g) => [g.name, g.owasp])).toEqual([
      ['promptinject.HijackHateHumans (promptinject.AttackRogueString)', 'LLM01'],
      ['leakreplay.LiteratureCloze (base.TriggerListDetector)', 'LLM02'],
    ]);
    expect(run?.failures).toEqual([
      'promptinject.HijackHateHumans (promptinject.AttackRogueString): 5 of 100 attempts got through',
    ]);
  });

  it('says what it could not read, and refuses counts that do not add up', () => {
    const text = [
      '{"entry_type":"init","start_time":"2026-01-01T00:00:00Z"}',
      'not json',
      '{"entry_type":"eval","probe":"dan.Dan_11_0","passed":7,"total":3}',
    ].join('\n');
    const run = parseGarak(text);
    expect(run?.total).toBe(0);
    expect(run?.problems).toEqual([
      'an eval line for dan.Dan_11_0 has no usable passed/total counts',
      '1 line(s) are not JSON',
    ]);
    expect(parseGarak('{"a":1}\n')).toBeUndefined();
  });
});
