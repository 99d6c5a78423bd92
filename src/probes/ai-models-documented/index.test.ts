import { describe, expect, it } from 'vitest';
import { MODEL_CARD } from '../../../test/helpers/ai-product.js';
import { safetensors } from '../../../test/helpers/model-files.js';
import { manifestWith, runProbe } from '../test-helpers.js';
import { probe } from './index.js';

const model = safetensors([{ name: 'w', elements: 4 }]);

describe('ai-models-documented', () => {
  it('passes with a model card in the folder or above', async () => {
    const [f] = await runProbe(probe, { 'models/v1/m.safetensors': model, 'models/README.md': MODEL_CARD });
    expect(f).toMatchObject({ outcome: 'pass' });
    expect(f?.message).toContain('card models/README.md');
  });

  it('passes with a vouch.yaml description, and fails without either', async () => {
    const yaml = manifestWith(
      'ai:\n  uses: true\n  roles: [developer]\n  models:\n    - path: m.safetensors\n      task: text-classification\n',
    );
    expect((await runProbe(probe, { 'vouch.yaml': yaml, 'm.safetensors': model }))[0]?.outcome).toBe('pass');
    const bare = await runProbe(probe, { 'm.safetensors': model, 'README.md': '# no front matter' });
    expect(bare).toMatchObject([{ outcome: 'fail', location: { path: 'm.safetensors' } }]);
  });
});
