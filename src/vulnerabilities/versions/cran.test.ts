import { describe, expect, it } from 'vitest';
import { expectAscending, expectBoundsRejected, expectEqual } from '../../../test/helpers/version-order.js';
import { cran } from './cran.js';

describe('cran', () => {
  it('reads "-" as "." and compares numbers, the longer winning a tie', () => {
    expectAscending(cran, ['0.01', '0.1-0', '0.1-1', '0.1-4', '0.1.10', '1.0', '1.0-0']);
    expectEqual(cran, ['0.1-4', '0.1.4', '00.01.04']);
  });
  it('rejects anything but numbers', () => {
    expect(cran.parse('1.0a')).toBeUndefined();
    expect(cran.parse('1..0')).toBeUndefined();
    expectBoundsRejected(cran);
  });
});
