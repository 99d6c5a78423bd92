import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Catalogue } from '../catalogue/types.js';
import { memoryInventory } from '../inventory/memory.js';
import type { Attestation, Suppression } from '../manifest/schema.js';
import { fingerprint } from '../probes/finding.js';
import type { Finding } from '../probes/types.js';
import { resolveAttestations } from './attestations.js';
import { applySuppressions } from './suppressions.js';

const catalogue = { version: 't', codes: [], byId: new Map([['sscop:1.1.2', {}]]) } as unknown as Catalogue;
const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const base: Attestation = {
  status: 'met',
  statement: 'trained',
  owner: 'CTO',
  expires: '2027-01-01',
  evidence: ['docs/training.md', 'https://example.invalid/records'],
};
const positions = new Map([['attestations.sscop:1.1.2', { line: 9, column: 3 }]]);

async function resolve(a: Attestation, files: Record<string, string>, today = '2026-11-28') {
  return resolveAttestations(
    { 'sscop:1.1.2': a },
    catalogue,
    memoryInventory(files),
    today,
    'vouch.yaml',
    positions,
  );
}

describe('resolveAttestations', () => {
  it('counts a current attestation and hashes its evidence file', async () => {
    const r = await resolve(base, { 'docs/training.md': 'v1' });
    // It counts, but nothing pins the evidence: that is said, once, at the attestation.
    expect(r.findings.map((f) => [f.rule, f.location?.line])).toEqual([['attestation-unpinned', 9]]);
    expect(r.valid.get('sscop:1.1.2')?.evidence).toEqual([
      { kind: 'file', path: 'docs/training.md', sha256: sha('v1') },
      { kind: 'url', url: 'https://example.invalid/records' },
    ]);
  });

  it('records a different hash when the evidence file changes', async () => {
    const a = await resolve(base, { 'docs/training.md': 'v1' });
    const b = await resolve(base, { 'docs/training.md': 'v2' });
    const hash = (r: typeof a) => (r.valid.get('sscop:1.1.2')!.evidence[0] as { sha256: string }).sha256;
    expect(hash(a)).not.toBe(hash(b));
  });

  it('does not count an expired attestation and raises a finding at its line', async () => {
    const r = await resolve(base, { 'docs/training.md': 'v1' }, '2027-01-02');
    expect(r.valid.size).toBe(0);
    expect(r.findings[0]).toMatchObject({
      rule: 'attestation-expired',
      outcome: 'fail',
      location: { path: 'vouch.yaml', line: 9, column: 3 },
    });
  });

  it('counts an attestation on its expiry day', async () => {
    expect((await resolve(base, { 'docs/training.md': 'v1' }, '2027-01-01')).valid.size).toBe(1);
  });

  it('does not count an attestation whose evidence is missing or changed since it was pinned', async () => {
    const missing = await resolve(base, {});
    expect(missing.valid.size).toBe(0);
    expect(missing.findings[0]?.rule).toBe('attestation-evidence');
    const pinned = { ...base, evidence: [{ path: 'docs/training.md', sha256: sha('v1') }] };
    expect((await resolve(pinned, { 'docs/training.md': 'v1' })).valid.size).toBe(1);
    const changed = await resolve(pinned, { 'docs/training.md': 'v2' });
    expect(changed.valid.size).toBe(0);
    expect(changed.findings[0]?.message).toMatch(
      /docs\/training\.md changed since it was reviewed \(vouch\.yaml pins/,
    );
    expect(changed.lost.get('sscop:1.1.2')).toMatch(/does not count: docs\/training\.md changed/);
  });

  it('compares unpinned evidence with vouch.lock: a change after review stops it counting', async () => {
    const lock = {
      lockVersion: 1 as const,
      attestations: { 'sscop:1.1.2': { 'docs/training.md': sha('v1') } },
    };
    const run = (content: string) =>
      resolveAttestations(
        { 'sscop:1.1.2': base },
        catalogue,
        memoryInventory({ 'docs/training.md': content }),
        '2026-11-28',
        'vouch.yaml',
        positions,
        lock,
      );
    const same = await run('v1');
    expect(same.valid.size).toBe(1);
    expect(same.findings).toEqual([]);
    const changed = await run('v2');
    expect(changed.valid.size).toBe(0);
    expect(changed.findings[0]).toMatchObject({ rule: 'attestation-evidence', location: { line: 9 } });
    expect(changed.findings[0]?.message).toContain(`vouch.lock has ${sha('v1').slice(0, 12)}`);
    expect(changed.lost.get('sscop:1.1.2')).toMatch(/changed since it was reviewed/);
  });

  it('says why an expired attestation stopped counting, for its claim', async () => {
    const r = await resolve(base, { 'docs/training.md': 'v1' }, '2027-01-02');
    expect(r.lost.get('sscop:1.1.2')).toBe(
      'the attestation in vouch.yaml does not count: it expired on 2027-01-01',
    );
  });

  it('expands a principle-level attestation to its claims; a claim-level one wins', async () => {
    const withPrinciple = {
      version: 't',
      codes: [],
      byId: new Map<string, unknown>([
        ['sscop:1.1', { requirements: [{ id: 'sscop:1.1.1' }, { id: 'sscop:1.1.2' }] }],
        ['sscop:1.1.1', {}],
        ['sscop:1.1.2', {}],
      ]),
    } as unknown as Catalogue;
    const claim = { ...base, evidence: [], owner: 'Head of Training' };
    const r = await resolveAttestations(
      { 'sscop:1.1': { ...base, evidence: [] }, 'sscop:1.1.2': claim },
      withPrinciple,
      memoryInventory({}),
      '2026-11-28',
      'vouch.yaml',
      new Map(),
    );
    expect(r.valid.get('sscop:1.1.1')).toMatchObject({ owner: 'CTO', principle: 'sscop:1.1' });
    expect(r.valid.get('sscop:1.1.2')).toMatchObject({ owner: 'Head of Training' });
    expect(r.valid.get('sscop:1.1.2')?.principle).toBeUndefined();
    const expired = await resolveAttestations(
      { 'sscop:1.1': { ...base, evidence: [], expires: '2026-01-01' } },
      withPrinciple,
      memoryInventory({}),
      '2026-11-28',
      'vouch.yaml',
      new Map(),
    );
    expect(expired.lost.get('sscop:1.1.1')).toMatch(
      /^the attestation of principle sscop:1\.1 .*expired on 2026-01-01/,
    );
    expect(expired.lost.get('sscop:1.1.2')).toBeDefined();
  });

  it('flags attestations for ids the catalogue does not know', async () => {
    const r = await resolveAttestations(
      { 'sscop:9.9.9': base },
      catalogue,
      memoryInventory({}),
      '2026-11-28',
      'vouch.yaml',
      new Map(),
    );
    expect(r.findings[0]?.rule).toBe('attestation-unknown-id');
  });
});

describe('applySuppressions', () => {
  const f: Finding = {
    rule: 'lockfile-committed/npm',
    outcome: 'fail',
    severity: 'medium',
    confidence: 'high',
    message: 'no lockfile',
    location: { path: 'web/package.json', line: 1 },
    remediation: 'commit it',
    fingerprint: fingerprint('lockfile-committed/npm', 'web/package.json', 'x'),
  };
  const s: Suppression = { rule: 'lockfile-committed', reason: 'prototype', expires: '2027-01-01' };

  it('marks matching findings suppressed, by rule prefix, path and fingerprint', () => {
    expect(applySuppressions([f], [s], '2026-11-28', 'vouch.yaml', new Map())[0]?.suppressed).toEqual({
      reason: 'prototype',
      expires: '2027-01-01',
    });
    expect(
      applySuppressions([f], [{ ...s, path: 'other/package.json' }], '2026-11-28', 'vouch.yaml', new Map())[0]
        ?.suppressed,
    ).toBeUndefined();
    expect(
      applySuppressions([f], [{ ...s, fingerprint: f.fingerprint }], '2026-11-28', 'vouch.yaml', new Map())[0]
        ?.suppressed,
    ).toBeDefined();
    expect(
      applySuppressions([f], [{ ...s, rule: 'lockfile' }], '2026-11-28', 'vouch.yaml', new Map())[0]
        ?.suppressed,
    ).toBeUndefined();
  });

  it('ignores an expired suppression and says so', () => {
    const out = applySuppressions(
      [f],
      [s],
      '2027-02-01',
      'vouch.yaml',
      new Map([['suppressions.0', { line: 20, column: 5 }]]),
    );
    expect(out[0]?.suppressed).toBeUndefined();
    expect(out[1]).toMatchObject({ rule: 'suppression-expired', location: { path: 'vouch.yaml', line: 20 } });
  });
});
