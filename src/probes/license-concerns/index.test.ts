import { describe, expect, it } from 'vitest';
import { compositionFacts, manifestWith } from '../../collectors/composition/testing.js';
import { probe, requiredCopyleft } from './index.js';

function npmLock(packages: Record<string, { version: string; license?: string; dev?: boolean }>): string {
  const entries: Record<string, unknown> = { '': { name: 'app' } };
  for (const [name, p] of Object.entries(packages)) entries[`node_modules/${name}`] = p;
  return JSON.stringify({ name: 'app', lockfileVersion: 3, packages: entries }, null, 2);
}

describe('requiredCopyleft', () => {
  it.each([
    ['MIT', undefined],
    ['GPL-3.0-only', ['GPL']],
    ['MIT OR GPL-2.0-or-later', undefined],
    ['(MIT OR GPL-2.0) AND LGPL-2.1-only', ['LGPL']],
    ['GPL-2.0-only WITH Classpath-exception-2.0', ['GPL']],
    ['AGPL-3.0-or-later OR GPL-3.0-only', ['AGPL', 'GPL']],
    ['GNU General Public License v3', ['GPL']],
    ['Some Custom Licence', undefined],
    ['MPL-2.0', ['MPL']],
  ])('%s', (text, want) => {
    expect(requiredCopyleft(text)?.map((f) => f.label)).toEqual(want);
  });
});

describe('license-concerns', () => {
  it('lists packages without a licence, per lockfile that records licences, as information', async () => {
    const facts = await compositionFacts({
      'package-lock.json': npmLock({ a: { version: '1.0.0', license: 'MIT' }, b: { version: '2.0.0' } }),
    });
    const [f, ...rest] = probe.run(facts);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({
      rule: 'license-concerns/no-licence',
      outcome: 'observation',
      severity: 'info',
      location: { path: 'package-lock.json' },
    });
    expect(f!.message).toMatch(/^Information, not a failed requirement: 1 package of 2 .* \(b@2\.0\.0\)/);
    expect(f!.location?.line).toBeGreaterThan(1);
  });

  it('says nothing about files whose format version records no licences', async () => {
    const [f] = probe.run(
      await compositionFacts({ 'package-lock.json': npmLock({ a: { version: '1.0.0' } }) }),
    );
    expect(f?.outcome).toBe('not-applicable');
    expect(f!.message).toMatch(/no lockfile here records licences/);
  });

  it('flags run-time copyleft only in a product declared proprietary', async () => {
    const files = {
      'package-lock.json': npmLock({
        gpl: { version: '1.0.0', license: 'GPL-3.0-only' },
        dual: { version: '1.0.0', license: '(MIT OR GPL-3.0-only)' },
        devtool: { version: '1.0.0', license: 'AGPL-3.0-only', dev: true },
      }),
    };
    const findings = probe.run(
      await compositionFacts(files, { manifest: manifestWith({ license: 'proprietary' }) }),
    );
    expect(findings.map((f) => [f.rule, f.severity])).toEqual([['license-concerns/copyleft', 'info']]);
    expect(findings[0]!.message).toMatch(/gpl@1\.0\.0 is licensed GPL-3\.0-only \(GPL: strong copyleft\)/);
    const open = probe.run(
      await compositionFacts(files, { manifest: manifestWith({ license: 'Apache-2.0' }) }),
    );
    expect(open.map((f) => f.outcome)).toEqual(['not-applicable']);
    expect(open[0]!.message).toMatch(/not proprietary/);
    const none = probe.run(await compositionFacts(files));
    expect(none[0]!.message).toMatch(/declares no product licence/);
  });

  it('reports a collector failure as error', async () => {
    const [f] = probe.run(await compositionFacts({}, { failing: 'composition' }));
    expect(f?.outcome).toBe('error');
  });
});
