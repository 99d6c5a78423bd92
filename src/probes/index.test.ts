import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { collectors } from '../collectors/index.js';
import { collectFacts } from '../collectors/run.js';
import { memoryInventory } from '../inventory/memory.js';
import { probes } from './index.js';

describe('probe registry', () => {
  it('has unique ids, each with its own folder and test', () => {
    const ids = probes.map((p) => p.definition.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(existsSync(new URL(`./${id}/index.test.ts`, import.meta.url)), id).toBe(true);
    }
  });

  it('reads only facts from registered collectors', () => {
    const known = new Set(collectors.map((c) => c.fact.id));
    for (const p of probes)
      for (const f of p.definition.facts) expect(known.has(f), `${p.definition.id} -> ${f}`).toBe(true);
  });

  it('runs every probe on an empty and on a busy repository, producing well-formed findings', async () => {
    const busy = memoryInventory({
      'SECURITY.md':
        '# Security\nReport to security@acme.io. We respond within 2 days and publish an advisory.\n',
      'package.json': '{"dependencies":{"a":"1"}}',
      '.github/workflows/ci.yml':
        'on: push\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: npm test\n',
      '.github/dependabot.yml': 'version: 2\nupdates:\n  - package-ecosystem: npm\n    directory: /\n',
      CODEOWNERS: '* @acme/core\n',
    });
    for (const inventory of [memoryInventory({}), busy]) {
      const facts = await collectFacts(inventory, collectors);
      for (const c of collectors) expect(facts.error(c.fact), c.fact.id).toBeUndefined();
      for (const p of probes) {
        const findings = p.run(facts);
        for (const f of findings) {
          expect(f.rule.startsWith(p.definition.id)).toBe(true);
          // probe.yaml says what each outcome means: every outcome the probe gives is declared.
          expect(Object.keys(p.definition.outcomes), `${f.rule} ${f.outcome}`).toContain(f.outcome);
          expect(f.message).not.toMatch(/[\n\r]/);
          expect(f.fingerprint).toMatch(/^[0-9a-f]{16}$/);
          if (f.location) {
            expect(f.location.line ?? 1).toBeGreaterThanOrEqual(1);
            expect(f.location.column ?? 1).toBeGreaterThanOrEqual(1);
          }
        }
      }
    }
  });
});
