import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { aiProductFiles } from '../../test/helpers/ai-product.js';
import { aiBomComponents } from '../formats/cyclonedx/ai-bom.js';
import { buildCycloneDx } from '../formats/cyclonedx/build.js';
import { validateCycloneDx } from '../formats/cyclonedx/validate.js';
import { memoryInventory } from '../inventory/memory.js';
import { collectAiBom } from './ai-bom.js';

describe('AI-BOM', () => {
  it('describes models (hash, card, source, licence) and data, and validates against CycloneDX 1.6', async () => {
    const files = aiProductFiles();
    const collected = await collectAiBom(memoryInventory(files));
    const components = aiBomComponents(collected);
    const doc = buildCycloneDx({
      components: [],
      rootDependsOn: [],
      product: { name: 'acme-support-bot', version: '1.2.0' },
      deterministic: true,
      aiComponents: components,
    });
    const result = await validateCycloneDx(doc, '1.6');
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
    const model = components.find((c) => c.type === 'machine-learning-model');
    const sha = createHash('sha256').update(files['models/classifier.safetensors']!).digest('hex');
    expect(model).toMatchObject({
      'bom-ref': 'vouch:model:models/classifier.safetensors',
      name: 'acme-ticket-classifier',
      hashes: [{ alg: 'SHA-256', content: sha }],
      licenses: [{ license: { id: 'Apache-2.0' } }],
      externalReferences: [
        { type: 'distribution', url: 'https://huggingface.co/distilbert/distilbert-base-uncased' },
      ],
      modelCard: {
        modelParameters: {
          task: 'text-classification',
          architectureFamily: 'transformers',
          datasets: [{ type: 'dataset', name: 'acme/support-tickets' }],
        },
      },
    });
    expect(components.filter((c) => c.type === 'data').map((c) => c['bom-ref'])).toEqual([
      'vouch:prompt:prompts/summarise.prompty',
      'vouch:prompt:prompts/system.txt',
    ]);
  });

  it('lets vouch.yaml ai.models describe a model, over the card', async () => {
    const files = aiProductFiles();
    files['vouch.yaml'] =
      `${String(files['vouch.yaml'])}  models:\n    - path: models/classifier.safetensors\n      name: ticket-router\n      version: "3"\n      license: MIT\n      limitations: English tickets only\n`;
    const { models } = await collectAiBom(memoryInventory(files));
    const [c] = aiBomComponents({ models, data: [] });
    expect(c).toMatchObject({
      name: 'ticket-router',
      version: '3',
      licenses: [{ license: { id: 'MIT' } }],
      modelCard: { considerations: { technicalLimitations: ['English tickets only'] } },
    });
    expect(c?.properties).toContainEqual({ name: 'vouch:modelCard', value: 'vouch.yaml' });
  });
});
