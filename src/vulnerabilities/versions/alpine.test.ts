import { describe, expect, it } from 'vitest';
import { expectAscending, expectBoundsRejected, expectEqual } from '../../../test/helpers/version-order.js';
import { alpine } from './alpine.js';

describe('alpine', () => {
  it('orders numbers, letter, suffixes and release', () => {
    expectAscending(alpine, [
      '1.2_alpha1',
      '1.2_beta',
      '1.2_pre2',
      '1.2_rc1',
      '1.2',
      '1.2-r1',
      '1.2_cvs',
      '1.2_svn1',
      '1.2_git1',
      '1.2_hg1',
      '1.2_p1',
      '1.2a',
      '1.2b_p1',
      '1.10',
    ]);
  });
  it('compares a later number with a leading zero as text', () => {
    expectAscending(alpine, ['1.002', '1.02', '1.1']);
    expectEqual(alpine, ['1-r1', '1-r01', '1~abc123-r1']);
  });
  it('sorts a malformed tail below the well-formed version', () => {
    expect(alpine.parse('1.0-x')?.malformed).toBe(true);
    expectAscending(alpine, ['1.0-x', '1.0']);
    expectBoundsRejected(alpine);
  });
});
