import { describe, expect, it } from 'vitest';
import { safetensors } from '../../../test/helpers/model-files.js';
import { runProbe } from '../test-helpers.js';
import { probe } from './index.js';

describe('ai-assets-inventoried', () => {
  it('passes with a summary of the AI assets, naming files recognised by content alone', async () => {
    const findings = await runProbe(probe, {
      'package.json': JSON.stringify({ name: 'x', version: '1.0.0', dependencies: { openai: '4.0.0' } }),
      'prompts/a.txt': 'You are...',
      'models/m.safetensors': safetensors([{ name: 'w', elements: 4 }]),
      'models/renamed.dat': safetensors([{ name: 'w', elements: 4 }]),
      'CLAUDE.md': '# agent notes',
    });
    const pass = findings.find((f) => f.outcome === 'pass');
    expect(pass?.message).toBe(
      'AI inventory: 1 AI library, 2 model files, 1 prompt file; recognised by content alone: models/renamed.dat',
    );
    const tooling = findings.find((f) => f.outcome === 'observation');
    expect(tooling).toMatchObject({ rule: 'ai-assets-inventoried/development-tooling' });
    expect(tooling?.message).toContain('CLAUDE.md (Claude Code)');
  });

  it('counts in plain English', async () => {
    const findings = await runProbe(probe, {
      'package.json': JSON.stringify({
        name: 'x',
        version: '1.0.0',
        dependencies: { openai: '4.0.0', '@anthropic-ai/sdk': '0.30.0' },
      }),
    });
    expect(findings.find((f) => f.outcome === 'pass')?.message).toBe('AI inventory: 2 AI libraries');
  });

  it('is unknown for a model file whose content is not a known format', async () => {
    const findings = await runProbe(probe, { 'm.onnx': Buffer.from('not really onnx at all') });
    expect(findings.map((f) => f.outcome)).toEqual(['unknown']);
  });

  it('does not apply when only development tooling is present', async () => {
    const findings = await runProbe(probe, { 'AGENTS.md': '# x' });
    expect(findings.map((f) => f.outcome)).toEqual(['observation', 'not-applicable']);
  });

  it('says which model files lie outside the product, and judges none of them', async () => {
    const findings = await runProbe(probe, {
      'tests/fixtures/evil.pkl': Buffer.from('\x80\x02cos\nsystem\n.', 'latin1'),
      'examples/m.safetensors': safetensors([{ name: 'w', elements: 4 }]),
    });
    // a hostile name is one line in the message
    const named = await runProbe(probe, { 'tests/a\nb\u001b[31m.pkl': Buffer.from('\x80\x02N.', 'latin1') });
    expect(named[0]!.message).not.toMatch(/[\n\u001b]/);
    expect(findings.map((f) => [f.rule, f.outcome])).toEqual([
      ['ai-assets-inventoried/outside-product', 'observation'],
      ['ai-assets-inventoried', 'not-applicable'],
    ]);
    expect(findings[0]!.message).toBe(
      'model files outside the product, not judged as its models: under examples/ (examples or demos): examples/m.safetensors; under tests/fixtures/ (test fixtures: data for tests, not the product): tests/fixtures/evil.pkl',
    );
  });
});
