import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { safetensors } from '../../../test/helpers/model-files.js';
import { manifestWith, runProbe } from '../test-helpers.js';
import { probe } from './index.js';

const model = safetensors([{ name: 'w', elements: 8 }]);
const sha = createHash('sha256').update(model).digest('hex');
const wrong = 'a'.repeat(64);

describe('ai-model-hashes-published', () => {
  it('passes when a checksum file publishes the matching hash (names relative to its folder)', async () => {
    const [f] = await runProbe(probe, {
      'models/m.safetensors': model,
      'models/SHA256SUMS': `${sha}  m.safetensors\n`,
    });
    expect(f).toMatchObject({ outcome: 'pass' });
  });

  it('reads BSD-style lines and vouch.yaml ai.models too', async () => {
    const bsd = await runProbe(probe, {
      'm.gguf.bin': model,
      'm.safetensors': model,
      'checksums.txt': `SHA256 (m.safetensors) = ${sha}\n`,
    });
    // m.gguf.bin is the same safetensors file under another name, and has no published hash.
    expect(bsd[0]).toMatchObject({ outcome: 'unknown' });
    expect(bsd[0]?.message).toContain('m.gguf.bin');
    const yaml = await runProbe(probe, {
      'vouch.yaml': manifestWith(
        `ai:\n  uses: true\n  roles: [developer]\n  models:\n    - path: m.safetensors\n      sha256: ${sha.toUpperCase()}\n`,
      ),
      'm.safetensors': model,
    });
    expect(yaml[0]).toMatchObject({ outcome: 'pass' });
  });

  it('fails on a mismatch, pointing at the line that publishes it', async () => {
    const findings = await runProbe(probe, {
      'm.safetensors': model,
      SHA256SUMS: `\n${wrong} *m.safetensors\n`,
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ outcome: 'fail', location: { path: 'SHA256SUMS', line: 2 } });
    expect(findings[0]?.message).toContain(sha);
  });

  it('is unknown when nothing is published, and does not apply without models', async () => {
    expect((await runProbe(probe, { 'm.safetensors': model }))[0]?.outcome).toBe('unknown');
    expect((await runProbe(probe, { 'a.txt': 'x' }))[0]?.outcome).toBe('not-applicable');
  });
});
