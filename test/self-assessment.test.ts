/**
 * vouch eats its own cooking: on this repository every probe that applies passes.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { assess } from '../src/app/assess.js';
import { probes } from '../src/probes/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('vouch assess on vouch itself', () => {
  it('passes every probe that applies', async () => {
    const report = await assess(root);
    // The truth corpus under test/ holds other projects' files: the scope policy keeps them out.
    // Suppressed findings are reasoned, expiring exceptions declared in vouch.yaml (unsigned
    // commits, local merges, no release yet): true of this repository, and accepted there.
    const findings = report.findings.filter((f) => !f.suppressed);
    const failing = findings.filter((f) => f.outcome === 'fail');
    expect(failing.map((f) => `${f.rule} ${f.location?.path ?? ''}: ${f.message}`)).toEqual([]);
    // Facts only the host knows stay unknown without a token (the test runs offline), and so do
    // facts the tree cannot show (vouch publishes no release from CI yet), facts of the local
    // advisory store (an ignored artefact a CI job imports, absent here) and what only a person
    // can attest (that no incident happened).
    const unsure = findings.filter(
      (f) =>
        f.outcome === 'error' ||
        (f.outcome === 'unknown' &&
          !/the host was not asked|not visible in the tree|no advisory store|a person attests/.test(
            f.message,
          )),
    );
    expect(unsure.map((f) => `${f.rule}: ${f.message}`)).toEqual([]);
    // Every registered probe spoke, so "passes" is not silence.
    for (const p of probes) {
      expect(
        report.findings.some((f) => f.rule === p.definition.id || f.rule.startsWith(`${p.definition.id}/`)),
        p.definition.id,
      ).toBe(true);
    }
    expect(report.problems.manifest).toEqual([]);
    expect(report.product).toMatchObject({ name: 'vouch', declared: true });
  });
});
