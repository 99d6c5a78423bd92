import { describe, expect, it } from 'vitest';
import { runProbe } from '../test-helpers.js';
import { probe } from './index.js';

// Built at run time so that this file holds no token-shaped text of its own.
const AWS_KEY = ['AKIA', 'Z7VQ3X5N2M4P6R8T'].join('');

describe('secrets-committed', () => {
  it('fails on a secret in product code, masked, and reports one in test code apart at low confidence', async () => {
    const findings = await runProbe(probe, {
      'src/config.js': `const key = "${AWS_KEY}";\n`,
      'test/config.test.js': `const key = "${AWS_KEY}";\n`,
    });
    const product = findings.find((f) => f.location?.path === 'src/config.js');
    const test = findings.find((f) => f.location?.path === 'test/config.test.js');
    expect(product).toMatchObject({
      rule: 'secrets-committed/aws-access-key-id',
      outcome: 'fail',
      location: { line: 1 },
    });
    expect(product!.message).not.toContain(AWS_KEY);
    expect(test?.confidence).toBe('low');
    expect(test?.message).toContain('test code');
    for (const f of findings) expect(JSON.stringify(f)).not.toContain(AWS_KEY);
  });

  it('passes when nothing is found', async () => {
    const findings = await runProbe(probe, { 'src/index.js': 'module.exports = 1;\n' });
    expect(findings.map((f) => f.outcome)).toEqual(['pass']);
  });
});
