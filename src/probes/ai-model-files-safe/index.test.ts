import { describe, expect, it } from 'vitest';
import { safetensors } from '../../../test/helpers/model-files.js';
import { pickle } from '../../../test/helpers/pickle-assembler.js';
import { runProbe } from '../test-helpers.js';
import { probe } from './index.js';

describe('ai-model-files-safe', () => {
  it('passes when every model file is scanned and safe', async () => {
    const [f, ...rest] = await runProbe(probe, {
      'models/m.safetensors': safetensors([{ name: 'w', elements: 4 }]),
    });
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ outcome: 'pass' });
    expect(f?.message).toMatch(/1 model file\(s\) scanned .*safetensors/);
  });

  it('fails on a pickle that would call os.system, naming the import, even under a renamed extension', async () => {
    const evil = pickle().proto(4).stackGlobal('os', 'system').callWith('id').op('STOP').bytes();
    const findings = await runProbe(probe, { 'weights/model.pt': evil, 'weights/other.bin': evil });
    const fails = findings.filter((f) => f.outcome === 'fail');
    expect(fails.map((f) => f.location?.path).sort()).toEqual(['weights/model.pt', 'weights/other.bin']);
    expect(fails[0]?.message).toMatch(/imports os\.system \(STACK_GLOBAL, offset \d+\)/);
    expect(fails[0]?.severity).toBe('critical');
  });

  it('is unknown, not pass, for a truncated model file', async () => {
    const st = safetensors([{ name: 'w', elements: 4 }]);
    const findings = await runProbe(probe, { 'm.safetensors': st.subarray(0, st.length - 5) });
    expect(findings.map((f) => f.outcome)).toEqual(['unknown']);
  });

  it('does not apply without model files', async () => {
    const [f] = await runProbe(probe, { 'README.md': '# x' });
    expect(f?.outcome).toBe('not-applicable');
  });
});
