import { describe, it } from 'vitest';
import { expectAscending, expectBoundsRejected, expectEqual } from '../../../test/helpers/version-order.js';
import { rpm } from './rpm.js';

describe('rpm', () => {
  it('follows rpmvercmp: "~" before the end, "^" after it, numbers beat letters', () => {
    expectAscending(rpm, ['1.0~rc1', '1.0~rc2', '1.0', '1.0^git1', '1.0a', '1.0.1', '1.01.2']);
    expectEqual(rpm, ['2_0', '2.0', '2+0']);
  });
  it('compares epoch, version and release', () => {
    expectAscending(rpm, ['1.0-1.el8', '1.0-2.el8', '1.1-1', '1:0.1-1']);
    expectEqual(rpm, ['0:1.0-1', '1.0-1', ':1.0-1']);
  });
  it('rejects empty and over-long strings', () => {
    expectBoundsRejected(rpm);
  });
});
