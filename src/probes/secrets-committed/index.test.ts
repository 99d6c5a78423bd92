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

  it('takes keys and tokens tests make for themselves as observations outside product code, never in it', async () => {
    // Assembled at run time, as above; a PEM body long enough for the validator.
    const pem = [
      ['-----BEGIN RSA', 'PRIVATE KEY-----'].join(' '),
      ...Array.from(
        { length: 8 },
        (_, i) => `MIIEogIBAAKCAQEAqbKP9hmkPn0GnLjDep${i}pXMzDq9iilMse9HbcYAHXanoqbl`,
      ),
      ['-----END RSA', 'PRIVATE KEY-----'].join(' '),
      '',
    ].join('\n');
    const findings = await runProbe(probe, {
      'testdata/certificate/key.pem': pem,
      'deploy/key.pem': pem,
      'test/aws.test.js': `const key = "${AWS_KEY}";\n`,
    });
    const at = (path: string) => findings.find((f) => f.location?.path === path);
    expect(at('testdata/certificate/key.pem')).toMatchObject({
      rule: 'secrets-committed/private-key',
      outcome: 'observation',
      confidence: 'low',
    });
    expect(at('testdata/certificate/key.pem')?.message).toMatch(
      /in fixture code \(a form tests make for themselves/,
    );
    expect(at('deploy/key.pem')).toMatchObject({ rule: 'secrets-committed/private-key', outcome: 'fail' });
    // A provider token stays a failure wherever it is.
    expect(at('test/aws.test.js')).toMatchObject({ outcome: 'fail', confidence: 'low' });
  });

  it('does not report the well-known example JWT of jwt.io', async () => {
    const example = [
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9',
      'eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ',
      'SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
    ].join('.');
    const other = [
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9',
      'eyJzdWIiOiI5ODc2NTQzMjEwIiwicm9sZSI6ImFkbWluIn0',
      'k3Zq1Yc5xW9vT2pR8mN4bL6hJ0gF7dS3aQ1eU5iO9yB',
    ].join('.');
    const findings = await runProbe(probe, { 'src/a.js': `a = "${example}";\nb = "${other}";\n` });
    expect(findings.map((f) => [f.rule, f.outcome, f.location?.line])).toEqual([
      ['secrets-committed/jwt', 'fail', 2],
    ]);
  });

  it('passes when nothing is found', async () => {
    const findings = await runProbe(probe, { 'src/index.js': 'module.exports = 1;\n' });
    expect(findings.map((f) => f.outcome)).toEqual(['pass']);
  });
});
