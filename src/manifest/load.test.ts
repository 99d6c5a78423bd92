import { describe, expect, it } from 'vitest';
import { formatManifestError, parseManifest } from './load.js';
import { manifestTemplate } from './template.js';

const valid = `schemaVersion: 1
product:
  name: demo
vendor:
  name: Demo Ltd
vendorRole: developer-and-distributor
attestations:
  sscop:1.1.2:
    status: met
    statement: trained
    owner: Head of Engineering
    expires: "2027-01-01"
`;

describe('parseManifest', () => {
  it('accepts a valid manifest and fills defaults', () => {
    const r = parseManifest(valid);
    expect(r.errors).toEqual([]);
    expect(r.manifest?.ai).toEqual({ uses: false, roles: [] });
    expect(r.manifest?.attestations['sscop:1.1.2']?.status).toBe('met');
    expect(r.positions.get('attestations.sscop:1.1.2')).toEqual({ line: 8, column: 3 });
  });

  it('points schema errors at file:line:column', () => {
    const r = parseManifest(valid.replace('vendorRole: developer-and-distributor', 'vendorRole: wholesaler'));
    expect(r.manifest).toBeUndefined();
    expect(r.errors).toHaveLength(1);
    expect(formatManifestError(r.errors[0]!)).toMatch(/^vouch\.yaml:6:13: vendorRole: /);
  });

  it('points at a bad attestation field', () => {
    const r = parseManifest(valid.replace('status: met', 'status: sorted'));
    expect(r.errors[0]).toMatchObject({ line: 9, column: 13 });
    expect(r.errors[0]?.message).toContain('attestations.sscop:1.1.2.status');
  });

  it('reports YAML syntax errors with a position', () => {
    const r = parseManifest('schemaVersion: 1\nproduct: [unclosed\n');
    expect(r.errors.length).toBeGreaterThan(0);
    expect(r.errors[0]?.line).toBeGreaterThanOrEqual(2);
  });

  it('refuses a YAML alias bomb', () => {
    let bomb = 'a: &a [x, x, x, x, x, x, x, x, x, x]\n';
    const names = 'bcdefghij';
    let prev = 'a';
    for (const n of names) {
      bomb += `${n}: &${n} [${Array(10).fill(`*${prev}`).join(', ')}]\n`;
      prev = n;
    }
    const r = parseManifest(bomb);
    expect(r.manifest).toBeUndefined();
    expect(r.errors[0]?.message).toMatch(/alias|resource/i);
  });

  it('rejects duplicate keys and unknown fields', () => {
    expect(parseManifest(`${valid}product:\n  name: again\n`).errors.length).toBeGreaterThan(0);
    expect(parseManifest(`${valid}surprise: 1\n`).errors[0]?.message).toMatch(/surprise|Unrecognized/);
  });

  it('requires a reason and an expiry on suppressions', () => {
    const r = parseManifest(`${valid}suppressions:\n  - rule: codeowners-present\n`);
    expect(r.errors.map((e) => e.message).join(' ')).toMatch(/reason/);
    expect(r.errors.map((e) => e.message).join(' ')).toMatch(/expires/);
  });

  it('the init template always parses, whatever was detected', () => {
    const text = manifestTemplate(
      {
        name: 'evil"\n  injected: true\n<script>',
        version: '1.0.0',
        vendor: 'A "quoted" vendor',
        remote: 'https://example.com/x\nkey: 1',
        aiSignals: ['npm library openai', 'model file a\nb.onnx'],
      },
      '2026-11-28',
    );
    const r = parseManifest(text);
    expect(r.errors).toEqual([]);
    expect(r.manifest?.product.name).toBe('evil"\n  injected: true\n<script>');
    expect(r.manifest?.ai).toEqual({ uses: true, roles: ['developer'] });
  });
});
