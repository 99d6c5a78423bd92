import { describe, expect, it } from 'vitest';
import { runProbe } from '../test-helpers.js';
import { probe } from './index.js';

const files = { 'prompts/a.txt': 'You are...', 'prompts/b.txt': 'Summarise.' };

describe('ai-assets-tracked', () => {
  it('passes when git tracks every AI asset', async () => {
    const [f] = await runProbe(probe, files, { tracked: new Set(Object.keys(files)) });
    expect(f).toMatchObject({ outcome: 'pass' });
  });

  it('fails for an asset git does not track', async () => {
    const findings = await runProbe(probe, files, { tracked: new Set(['prompts/a.txt']) });
    expect(findings).toMatchObject([
      { outcome: 'fail', location: { path: 'prompts/b.txt' }, severity: 'low' },
    ]);
  });

  it('is unknown outside a git work tree', async () => {
    const [f] = await runProbe(probe, files, { note: 'not a git repository' });
    expect(f).toMatchObject({ outcome: 'unknown' });
    expect(f?.message).toContain('not a git repository');
  });
});
