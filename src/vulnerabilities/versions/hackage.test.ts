import { describe, expect, it } from 'vitest';
import { expectAscending, expectBoundsRejected } from '../../../test/helpers/version-order.js';
import { hackage } from './hackage.js';

describe('hackage', () => {
  it('makes the longer version greater when the common numbers tie', () => {
    expectAscending(hackage, ['0.11.3.0', '1', '1.0', '1.0.0', '1.0.0.1', '1.1']);
  });
  it('accepts numbers only', () => {
    expect(hackage.parse('1.0-beta')).toBeUndefined();
    expect(hackage.parse('1.0.0+build')).toBeUndefined();
    expectBoundsRejected(hackage);
  });
});
