/**
 * End to end, as a user runs it: `vouch assess` and `vouch sbom --ai` on a small AI product (an
 * SDK dependency, a prompt folder, a safetensors model with a card and a published hash, promptfoo
 * and garak results newer than the last commit).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateCycloneDx } from '../../src/formats/cyclonedx/validate.js';
import { makeAiProduct } from '../helpers/ai-product.js';
import { ensureBuilt, runBin } from '../helpers/bin.js';

let root: string;
let out: string;
beforeAll(() => {
  ensureBuilt();
  root = makeAiProduct('2026-01-15T12:00:00Z', '2026-02-01T09:12:44.512Z');
  out = mkdtempSync(join(tmpdir(), 'vouch-ai-out-'));
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });
});

interface Req {
  id: string;
  verdict: string;
  basis: string;
  reason: string;
}
interface Principle {
  number: string;
  verdict: string;
  requirements: Req[];
}

describe('an AI product, end to end', () => {
  it('vouch assess gives observed AI CoP verdicts for principles 5, 7, 8 and 9', () => {
    const r = runBin([
      'assess',
      root,
      '--format',
      'json',
      '--offline',
      '--quiet',
      '--today',
      '2026-02-10',
      '--code',
      'aicop',
    ]);
    expect(r.err).toBe('');
    const report = JSON.parse(r.out) as {
      codes: { id: string; applicable: boolean; principles: Principle[] }[];
    };
    const aicop = report.codes.find((c) => c.id === 'aicop');
    expect(aicop?.applicable).toBe(true);
    const byNumber = new Map(aicop!.principles.map((p) => [p.number, p]));
    for (const n of ['5', '7', '8', '9']) {
      const p = byNumber.get(n)!;
      const observed = p.requirements.filter((q) => q.basis === 'observed');
      expect(
        observed.length,
        `principle ${n}: ${JSON.stringify(p.requirements.map((q) => [q.id, q.verdict, q.reason]))}`,
      ).toBeGreaterThan(0);
      expect(['met', 'partial']).toContain(p.verdict);
    }
    const req = (id: string) => aicop!.principles.flatMap((p) => p.requirements).find((q) => q.id === id)!;
    expect(req('aicop:8.1.2')).toMatchObject({ verdict: 'met', basis: 'observed' });
    // Each provision shows the evidence that would satisfy it beside the evidence found.
    const inventory = req('aicop:5.1') as Req & { wouldSatisfy?: string[]; evidence: { rule?: string }[] };
    expect(inventory.wouldSatisfy?.length).toBeGreaterThan(0);
    expect(inventory.evidence.map((e) => e.rule)).toContain('ai-assets-inventoried');
    expect(req('aicop:9.1').reason).toContain('ai-evaluations-current');
    // Provisions addressed only to roles the product does not declare do not apply, and say why.
    expect(req('aicop:9.2')).toMatchObject({ verdict: 'not-applicable' });
    expect(req('aicop:9.2').reason).toMatch(
      /addressed to system-operator; the product declares the AI roles developer/,
    );
  });

  it('vouch sbom --ai writes an AI-BOM that validates against CycloneDX 1.6', async () => {
    const file = join(out, 'bom.json');
    const r = runBin(['sbom', root, '--ai', '--output', file]);
    expect(r.code).toBe(0);
    expect(r.err).toContain('vouch sbom --ai: 1 model (SHA-256 of each), 2 dataset or prompt files');
    const bom = JSON.parse(readFileSync(file, 'utf8')) as { components: Record<string, unknown>[] };
    const result = await validateCycloneDx(bom, '1.6');
    expect(result.errors).toEqual([]);
    const types = bom.components.map((c) => `${c.type}:${c.name}`).sort();
    expect(types).toEqual([
      'data:summarise.prompty',
      'data:system.txt',
      'library:openai',
      'machine-learning-model:acme-ticket-classifier',
    ]);
  });

  it('refuses --ai with SPDX, which has no model components', () => {
    const r = runBin(['sbom', root, '--ai', '--format', 'spdx']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--ai needs --format cyclonedx');
  });
});
