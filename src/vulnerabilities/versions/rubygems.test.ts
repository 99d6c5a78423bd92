import { describe, it } from 'vitest';
import { expectAscending, expectBoundsRejected, expectEqual } from '../../../test/helpers/version-order.js';
import { rubygems } from './rubygems.js';

describe('rubygems', () => {
  it('sorts pre-releases (any letter) below the release', () => {
    expectAscending(rubygems, [
      '1.0.a',
      '1.0.a.9',
      '1.0.a.10',
      '1.0.b1',
      '1.0.rc1',
      '1.0',
      '1.0.1',
      '3.2',
      '3.10',
    ]);
  });
  it('splits digit/letter boundaries and drops trailing zeros', () => {
    expectEqual(rubygems, ['1.0b1', '1.0.b.1', '1.0.0.b1']);
    expectEqual(rubygems, ['1', '1.0', '1.0.0']);
  });
  it('rejects empty and over-long strings', () => {
    expectBoundsRejected(rubygems);
  });
});
