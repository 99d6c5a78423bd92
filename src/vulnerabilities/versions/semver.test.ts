import { describe, expect, it } from 'vitest';
import { expectAscending, expectBoundsRejected, expectEqual } from '../../../test/helpers/version-order.js';
import { semver } from './semver.js';

describe('semver', () => {
  it('orders SemVer 2.0 precedence (spec item 11 example)', () => {
    expectAscending(semver, [
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
      '2.0.0',
      '2.1.0',
      '2.1.1',
    ]);
  });
  it('ignores build metadata and a leading v', () => {
    expectEqual(semver, ['1.2.3', 'v1.2.3', '1.2.3+build.5', '1.2.3+other']);
  });
  it('orders Go pseudo-versions by timestamp, below the release they precede', () => {
    expectAscending(semver, [
      'v0.0.0-20191109021931-daa7c04131f5',
      'v0.0.0-20200101000000-000000000000',
      'v0.1.0',
      'v1.2.4-0.20191109021931-daa7c04131f5',
      'v1.2.4',
    ]);
  });
  it('treats +incompatible as build metadata', () => {
    expectEqual(semver, ['v2.0.0+incompatible', 'v2.0.0']);
    expectAscending(semver, ['v2.0.0+incompatible', 'v2.0.1+incompatible', 'v3.0.0']);
  });
  it('compares numbers longer than 2^53 exactly and pads missing numbers with zeros', () => {
    expectAscending(semver, ['9007199254740993.0.0', '9007199254740994.0.0', '99999999999999999999.0.0']);
    expectEqual(semver, ['1', '1.0', '1.0.0', '01.00.000']);
  });
  it('reads a fourth number as a pre-release of the first three (lenient, like osv-scalibr)', () => {
    expectAscending(semver, ['1.1.3.4', '1.1.3']);
    expectEqual(semver, ['1.1.3.4.5', '1.1.3.4.5']);
  });
  it('rejects empty and over-long strings, and stays fast on hostile input', () => {
    expectBoundsRejected(semver);
    expect(semver.parse(`1.${'-.'.repeat(120)}`)).toBeDefined();
  });
});
