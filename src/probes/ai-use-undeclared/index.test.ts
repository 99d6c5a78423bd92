import { describe, expect, it } from 'vitest';
import { manifestWith, runProbe } from '../test-helpers.js';
import { probe } from './index.js';

const manifest = manifestWith;

describe('ai-use-undeclared', () => {
  it('passes when there is no AI and none is declared', async () => {
    const [f] = await runProbe(probe, { 'vouch.yaml': manifest(''), 'README.md': '# hi' });
    expect(f?.outcome).toBe('pass');
  });

  it('fails for a model file when vouch.yaml declares no AI, pointing at the file', async () => {
    const findings = await runProbe(probe, {
      'vouch.yaml': manifest(''),
      'models/classifier.onnx': Buffer.from([0, 1, 2]),
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      rule: 'ai-use-undeclared/model-file',
      outcome: 'fail',
      severity: 'high',
      location: { path: 'models/classifier.onnx' },
    });
  });

  it('fails when the product is itself an AI library, with nothing AI among its dependencies', async () => {
    const findings = await runProbe(probe, {
      'vouch.yaml': manifest(''),
      'pyproject.toml':
        '[project]\nname = "OpenAI"\nversion = "1.0.0"\ndependencies = ["httpx>=0.23"]\n\n[build-system]\nrequires = ["hatchling"]\n',
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      rule: 'ai-use-undeclared/library',
      outcome: 'fail',
      location: { path: 'pyproject.toml' },
    });
    expect(findings[0]?.message).toMatch(/publishes OpenAI \(pypi\), itself an AI library/);
    const other = await runProbe(probe, {
      'vouch.yaml': manifest(''),
      'package.json': JSON.stringify({ name: 'left-pad', version: '1.0.0', dependencies: { x: '^1' } }),
    });
    expect(other[0]?.outcome).toBe('pass');
  });

  it('reports AI libraries that are only development dependencies apart, without failing', async () => {
    const pkg = (deps: Record<string, Record<string, string>>) =>
      JSON.stringify({ name: 'app', version: '1.0.0', private: true, ...deps });
    const lock = (dev: boolean) =>
      JSON.stringify({
        name: 'app',
        lockfileVersion: 3,
        packages: {
          '': { name: 'app', [dev ? 'devDependencies' : 'dependencies']: { openai: '4.0.0' } },
          'node_modules/openai': { version: '4.0.0', ...(dev ? { dev: true } : {}) },
        },
      });
    const devOnly = await runProbe(probe, {
      'vouch.yaml': manifest(''),
      'package.json': pkg({ devDependencies: { openai: '4.0.0' } }),
      'package-lock.json': lock(true),
    });
    expect(devOnly.map((f) => [f.rule, f.outcome])).toEqual([
      ['ai-use-undeclared/development-library', 'observation'],
      ['ai-use-undeclared', 'pass'],
    ]);
    expect(devOnly[0]?.message).toMatch(
      /only as development dependencies, not in the product: openai \(npm\)/,
    );
    const shipped = await runProbe(probe, {
      'vouch.yaml': manifest(''),
      'package.json': pkg({ dependencies: { openai: '4.0.0' } }),
      'package-lock.json': lock(false),
    });
    expect(shipped.map((f) => [f.rule, f.outcome])).toEqual([['ai-use-undeclared/library', 'fail']]);
  });

  it('treats low-confidence extensions (pickles) as no evidence on their own', async () => {
    const [f] = await runProbe(probe, {
      'vouch.yaml': manifest(''),
      'cache/data.pkl': Buffer.from([0]),
    });
    expect(f?.outcome).toBe('pass');
  });

  it('names prompt files, evaluation files and model cards found while no AI is declared', async () => {
    const findings = await runProbe(probe, {
      'vouch.yaml': manifest(''),
      'src/ask.prompty': '---\nname: ask\n---\nuser: {{q}}',
      'promptfooconfig.yaml': 'prompts: [x]',
      'prompts/readme.txt': 'a folder name alone is not enough',
    });
    expect(findings.map((f) => [f.rule, f.location?.path])).toEqual([
      ['ai-use-undeclared/asset', 'src/ask.prompty'],
      ['ai-use-undeclared/asset', 'promptfooconfig.yaml'],
    ]);
    expect(findings[1]?.message).toBe(
      'promptfoo evaluation config promptfooconfig.yaml found, but vouch.yaml declares no AI use',
    );
  });

  it('passes when AI use is found and declared', async () => {
    const [f] = await runProbe(probe, {
      'vouch.yaml': manifest('ai:\n  uses: true\n  roles: [developer]\n'),
      'models/m.safetensors': Buffer.from([0]),
    });
    expect(f?.outcome).toBe('pass');
  });

  it('also fails when there is no vouch.yaml at all and a model is present', async () => {
    const findings = await runProbe(probe, { 'm.gguf': Buffer.from([0]) });
    expect(findings[0]?.outcome).toBe('fail');
  });
});
