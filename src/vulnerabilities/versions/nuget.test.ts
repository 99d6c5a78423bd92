import { describe, it } from 'vitest';
import { expectAscending, expectBoundsRejected, expectEqual } from '../../../test/helpers/version-order.js';
import { nuget } from './nuget.js';

describe('nuget', () => {
  it('has four release numbers and case-insensitive pre-releases', () => {
    expectAscending(nuget, ['1.0.0-alpha', '1.0.0-beta', '1.0.0', '1.0.0.1', '1.0.1', '1.1']);
    expectEqual(nuget, ['1.0.0-BETA', '1.0.0-beta', '1.0.0-Beta+meta']);
    expectEqual(nuget, ['1.0.01', '1.0.1.0', '1.0.1']);
  });
  it('rejects empty and over-long strings', () => {
    expectBoundsRejected(nuget);
  });
});
