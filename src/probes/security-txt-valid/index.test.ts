import { describe, expect, it } from 'vitest';
import { collectors } from '../../collectors/index.js';
import { collectFacts, defaultRunContext } from '../../collectors/run.js';
import { memoryInventory } from '../../inventory/memory.js';
import { runProbe, runProbeWithFailingCollector } from '../test-helpers.js';
import { probe } from './index.js';

const TXT = '.well-known/security.txt';

describe('security-txt-valid', () => {
  it('passes on a security.txt with a contact and a future Expires', async () => {
    const [f, ...rest] = await runProbe(probe, {
      [TXT]: 'Contact: mailto:s@acme.io\nExpires: 2099-01-01T00:00:00Z\n',
    });
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ rule: 'security-txt-valid', outcome: 'pass', location: { path: TXT } });
    expect(f?.message).toContain('valid until 2099-01-01');
  });

  it('fails at low severity on an expired and on an invalid security.txt, locating each', async () => {
    const findings = await runProbe(probe, {
      [TXT]: 'Contact: mailto:s@acme.io\nExpires: 2001-01-01T00:00:00Z\nbogus line\n',
    });
    expect(findings.map((f) => [f.rule, f.outcome, f.severity])).toEqual([
      ['security-txt-valid/expired', 'fail', 'low'],
      ['security-txt-valid/invalid', 'fail', 'low'],
    ]);
    expect(findings[0]?.location).toEqual({ path: TXT, line: 2 });
    expect(findings[1]?.location).toEqual({ path: TXT, line: 3 });
    expect(findings[0]?.remediation).toContain(`Expires field of ${TXT}`);
  });

  it('judges expiry by the run clock, not the wall clock', async () => {
    const inventory = memoryInventory({
      [TXT]: 'Contact: mailto:s@acme.io\nExpires: 2027-03-01T00:00:00Z\n',
    });
    const on = async (today: string) =>
      probe.run(await collectFacts(inventory, collectors, { run: defaultRunContext({ today }) }));
    expect((await on('2027-02-28')).map((f) => f.rule)).toEqual(['security-txt-valid']);
    expect((await on('2027-03-02')).map((f) => f.rule)).toEqual(['security-txt-valid/expired']);
  });

  it('does not apply without a security.txt, whatever the policy says', async () => {
    const [f] = await runProbe(probe, { 'SECURITY.md': 'Email security@acme.io\n' });
    expect(f?.outcome).toBe('not-applicable');
  });

  it('is error when the collector fails', async () => {
    const [f] = await runProbeWithFailingCollector(probe, { [TXT]: 'x' }, 'security-policy');
    expect(f?.outcome).toBe('error');
  });
});
