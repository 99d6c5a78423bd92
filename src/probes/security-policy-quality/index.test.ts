import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runProbe, runProbeWithFailingCollector } from '../test-helpers.js';
import { probe } from './index.js';

const FULL = `# Security policy

## Supported versions

| Version | Supported |
| ------- | --------- |
| 2.x     | yes       |

## Reporting a vulnerability

Please do not open a public issue. Report vulnerabilities privately to security@acme.io.

We acknowledge reports within 3 working days, investigate, and publish an advisory with the fix.

## Scope

Issues in the example scripts are out of scope.

## Safe harbour

We will not pursue legal action against researchers who act in good faith.
`;

describe('security-policy-quality', () => {
  it('grades a complete policy A', async () => {
    const [f] = await runProbe(probe, { 'SECURITY.md': FULL });
    expect(f).toMatchObject({ outcome: 'observation', location: { path: 'SECURITY.md' } });
    expect(f?.message).toContain('grade A (7 of 7 parts)');
    expect(f?.message).not.toContain('missing');
  });

  it('names the parts a short policy lacks', async () => {
    const [f] = await runProbe(probe, { 'SECURITY.md': 'Report security issues to security@acme.io.\n' });
    expect(f?.outcome).toBe('observation');
    expect(f?.message).toMatch(
      /grade D \(2 of 7 parts\); has contact and how to report; missing what happens next, response times, scope, safe harbour and supported versions|grade D \(2 of 7 parts\)/,
    );
    for (const part of ['what happens next', 'response times', 'scope', 'safe harbour', 'supported versions'])
      expect(f?.message).toContain(part);
  });

  it('is unknown without a policy, and error when the collector fails', async () => {
    expect((await runProbe(probe, {}))[0]?.outcome).toBe('unknown');
    expect((await runProbeWithFailingCollector(probe, {}, 'security-policy'))[0]?.outcome).toBe('error');
  });

  it('gives the truth slices grades that match a reading of their SECURITY.md', async () => {
    const truth = join(import.meta.dirname, '../../../test/truth');
    const grades: Record<string, string> = {};
    for (const slice of readdirSync(truth).sort()) {
      let text: string;
      try {
        text = readFileSync(join(truth, slice, 'SECURITY.md'), 'utf8');
      } catch {
        continue;
      }
      const [f] = await runProbe(probe, { 'SECURITY.md': text });
      grades[slice] = f?.message.replace(/^SECURITY\.md: /, '') ?? '';
    }
    console.log(
      Object.entries(grades)
        .map(([k, v]) => `${k}: ${v}`)
        .join('\n'),
    );
    expect(Object.keys(grades).length).toBeGreaterThanOrEqual(5);
    for (const g of Object.values(grades)) expect(g).toMatch(/^grade [A-D] /);
  });
});
