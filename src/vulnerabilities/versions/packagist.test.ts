import { describe, it } from 'vitest';
import { expectAscending, expectBoundsRejected, expectEqual } from '../../../test/helpers/version-order.js';
import { packagist } from './packagist.js';

describe('packagist', () => {
  it("follows PHP version_compare's special words", () => {
    expectAscending(packagist, [
      '1.0-dev',
      '1.0alpha1',
      '1.0a2',
      '1.0beta1',
      '1.0RC1',
      '1.0rc2',
      '1.0',
      '1.0.1',
      '1.0.1pl1',
      '1.0.2',
    ]);
  });
  it('reads "-", "_" and "+" as "." and drops a leading v', () => {
    expectEqual(packagist, ['v1.25.0-beta2.1', '1.25.0-b.2.1', 'V1.25.0_b2+1']);
  });
  it('rejects empty and over-long strings', () => {
    expectBoundsRejected(packagist);
  });
});

describe('packagist patch levels', () => {
  it('ranks "pl"/"p" above a number in the same place, as PHP does', () => {
    expectAscending(packagist, ['1.0.1', '1.0pl1', '1.1']);
  });
});
