import { describe, expect, it } from 'vitest';
import { gguf, safetensors, torchLegacyFile } from '../../../test/helpers/model-files.js';
import { collectOne } from '../test-helpers.js';
import { aiUsageCollector } from './index.js';

const st = safetensors([{ name: 'w', elements: 16 }]);

describe('AI inventory (ai-usage collector)', () => {
  it('finds model files by extension and by content, so a renamed file is still found', async () => {
    const facts = await collectOne(aiUsageCollector, {
      'models/a.safetensors': st,
      'models/weights.bin': st, // a safetensors file under another name
      'cache/blob.dat': gguf([{ name: 't', elements: 4 }]),
      'cache/weights.dat': torchLegacyFile([{ name: 'w', elements: 4 }]),
      'assets/logo.bin': Buffer.from('not a model, just some bytes of a logo file'),
      LICENSE: 'MIT License\n\nPermission is hereby granted...',
    });
    const byPath = Object.fromEntries(facts.modelFiles.map((m) => [m.path, m]));
    expect(byPath['models/a.safetensors']).toMatchObject({
      format: 'safetensors',
      matchedBy: 'extension-and-content',
      confidence: 'high',
    });
    expect(byPath['models/weights.bin']).toMatchObject({
      format: 'safetensors',
      matchedBy: 'content',
      confidence: 'high',
    });
    expect(byPath['cache/blob.dat']).toMatchObject({ format: 'gguf', matchedBy: 'content' });
    // torch's magic number says it is a model, which a bare pickle does not
    expect(byPath['cache/weights.dat']).toMatchObject({
      format: 'pytorch-legacy',
      matchedBy: 'content',
      confidence: 'high',
    });
    expect(byPath['assets/logo.bin']).toBeUndefined();
    expect(byPath.LICENSE).toBeUndefined();
  });

  it('leaves models in test data, tests, examples and docs out of the product, and says so', async () => {
    const evil = Buffer.from('\x80\x02cos\nsystem\n.', 'latin1');
    const facts = await collectOne(aiUsageCollector, {
      'models/a.safetensors': st,
      'tests/data/malicious.pkl': evil, // a scanner's own hostile fixture
      'src/scanner/testdata/evil.pt': evil,
      'examples/demo/model.safetensors': st,
      'docs/model.onnx': Buffer.from([0x08, 0x07, 0x12]),
      'vendor/lib/model.safetensors': st, // vendored files ship with the product
      'tests/prompts/p.txt': 'a prompt for a test',
    });
    expect(facts.modelFiles.map((m) => m.path)).toEqual([
      'models/a.safetensors',
      'vendor/lib/model.safetensors',
    ]);
    expect(facts.prompts).toEqual([]);
    expect(facts.outsideProduct.map((m) => m.path)).toEqual([
      'docs/model.onnx',
      'examples/demo/model.safetensors',
      'src/scanner/testdata/evil.pt',
      'tests/data/malicious.pkl',
    ]);
    expect(facts.outsideProduct[3]!.reason).toMatch(/^under tests\//);
  });

  it('judges each file by its own folders when neighbours in path order sit in other folders', async () => {
    const facts = await collectOne(aiUsageCollector, {
      '.claude/a.md': 'x',
      '.claude/sub/b.md': 'x',
      '.claudex/c.md': 'x',
      'Prompts/p.txt': 'x',
      'a.txt': 'x',
      'b/Datasets/d.json': '{}',
      'b/Datasets/deeper/e.jsonl': '{}',
      'b/e.jsonl': '{}',
      'prompts/q.txt': 'x',
      'prompts/q/r.txt': 'x',
      'z.txt': 'x',
    });
    expect(facts.developmentTooling.map((d) => d.path)).toEqual(['.claude/a.md', '.claude/sub/b.md']);
    expect(facts.prompts.map((p) => p.path)).toEqual(['Prompts/p.txt', 'prompts/q.txt', 'prompts/q/r.txt']);
    expect(facts.datasets.map((d) => d.path)).toEqual(['b/Datasets/d.json', 'b/Datasets/deeper/e.jsonl']);
  });

  it('lists prompts, datasets, evaluations, cards, and development tooling apart', async () => {
    const facts = await collectOne(aiUsageCollector, {
      'prompts/system.txt': 'You are a helpful assistant.',
      'src/ask.prompty': '---\nname: ask\n---\nuser: {{question}}',
      'templates/extra.txt': 'named by the promptfoo config',
      'promptfooconfig.yaml': 'prompts:\n  - file://templates/extra.txt\nproviders: [echo]\n',
      'data/train.parquet': Buffer.from('PAR1'),
      'datasets/tickets.csv': 'id,text\n1,hello\n',
      'datasets/README.md':
        '---\ntask_categories:\n  - text-classification\nsize_categories:\n  - 1K<n<10K\n---\n# Tickets\n',
      'models/README.md':
        '---\nlicense: mit\npipeline_tag: text-generation\nbase_model: org/base\ndatasets: [acme/tickets]\n---\n# Model\n',
      'README.md': '# An ordinary readme without front matter',
      'evals/promptfoo-output.json': '{}',
      'reports/garak.1234.report.jsonl': '{}',
      'garak.config.yaml': 'plugins: {}',
      'AGENTS.md': '# agents',
      '.github/copilot-instructions.md': 'be brief',
      '.cursor/rules/style.mdc': 'rules',
      // Copilot's reusable prompt files: the developers' assistant's, not the product's
      '.github/prompts/fixSecurityAdvisory.prompt.md': '---\nmode: agent\n---\nFix the advisory.',
      'src/main.ts': 'export {}',
    });
    expect(facts.prompts.map((p) => p.path).sort()).toEqual([
      'prompts/system.txt',
      'src/ask.prompty',
      'templates/extra.txt',
    ]);
    expect(facts.datasets.map((d) => d.path).sort()).toEqual([
      'data/train.parquet',
      'datasets/README.md',
      'datasets/tickets.csv',
    ]);
    expect(facts.evaluations).toEqual(
      expect.arrayContaining([
        { path: 'promptfooconfig.yaml', tool: 'promptfoo', kind: 'config' },
        { path: 'garak.config.yaml', tool: 'garak', kind: 'config' },
        { path: 'evals/promptfoo-output.json', tool: 'promptfoo', kind: 'results' },
        { path: 'reports/garak.1234.report.jsonl', tool: 'garak', kind: 'results' },
      ]),
    );
    expect(facts.cards).toEqual([
      expect.objectContaining({ path: 'datasets/README.md', kind: 'dataset' }),
      expect.objectContaining({
        path: 'models/README.md',
        kind: 'model',
        license: 'mit',
        pipelineTag: 'text-generation',
        baseModel: ['org/base'],
        datasets: ['acme/tickets'],
      }),
    ]);
    expect(facts.developmentTooling.map((d) => d.tool).sort()).toEqual([
      'AGENTS.md agents',
      'Cursor',
      'GitHub Copilot',
      'GitHub Copilot',
    ]);
    // Agent instructions are not prompts of the product.
    expect(facts.prompts.map((p) => p.path)).not.toContain('AGENTS.md');
  });
});
