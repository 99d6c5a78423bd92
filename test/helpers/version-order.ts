/** Assertions on a version scheme's order, shared by the per-scheme unit tests. */
import { expect } from 'vitest';
import type { VersionScheme } from '../../src/vulnerabilities/versions/types.js';

function parsed(scheme: VersionScheme, v: string): unknown {
  const p = scheme.parse(v);
  expect(p, `${scheme.id} should parse "${v}"`).toBeDefined();
  return p;
}

/** Every pair of the list is ordered as listed, both ways (so the order is also transitive here). */
export function expectAscending(scheme: VersionScheme, versions: string[]): void {
  const ps = versions.map((v) => parsed(scheme, v));
  for (let i = 0; i < ps.length; i++) {
    for (let j = i + 1; j < ps.length; j++) {
      expect(scheme.compare(ps[i], ps[j]), `${versions[i]} < ${versions[j]}`).toBe(-1);
      expect(scheme.compare(ps[j], ps[i]), `${versions[j]} > ${versions[i]}`).toBe(1);
    }
  }
}

/** All versions of the list are equal to each other. */
export function expectEqual(scheme: VersionScheme, versions: string[]): void {
  const ps = versions.map((v) => parsed(scheme, v));
  for (let i = 1; i < ps.length; i++) {
    expect(scheme.compare(ps[0], ps[i]), `${versions[0]} = ${versions[i]}`).toBe(0);
    expect(scheme.compare(ps[i], ps[0]), `${versions[i]} = ${versions[0]}`).toBe(0);
  }
}

/** Strings every scheme rejects: empty, and longer than the bound. */
export function expectBoundsRejected(scheme: VersionScheme): void {
  expect(scheme.parse('')).toBeUndefined();
  expect(scheme.parse('1'.repeat(257))).toBeUndefined();
  expect(scheme.parse('1'.repeat(256))).toBeDefined();
}
