import { describe, it } from 'vitest';
import { expectAscending, expectBoundsRejected, expectEqual } from '../../../test/helpers/version-order.js';
import { maven } from './maven.js';

describe('maven', () => {
  it('orders qualifiers alpha < beta < milestone < rc < snapshot < release < sp', () => {
    expectAscending(maven, [
      '1-alpha-1',
      '1-beta-1',
      '1-milestone-1',
      '1-rc-1',
      '1-SNAPSHOT',
      '1',
      '1-sp',
      '1-1',
      '1.1',
    ]);
  });
  it('drops null items, knows the aliases, and splits at digit/letter boundaries', () => {
    expectEqual(maven, ['1', '1.0', '1.0.0', '1-ga', '1.0.Final', '1-RELEASE']);
    expectEqual(maven, ['1a1', '1-alpha-1', '1.0-ALPHA1']);
    expectEqual(maven, ['1cR', '1rC', '1-rc']);
    expectEqual(maven, ['1-1.foo-bar-1-baz-0.1', '1-1.foo-bar1baz-.1']);
  });
  it('puts unknown words after the known qualifiers and after the release', () => {
    expectAscending(maven, ['1.0-rc1', '1.0', '1.0-sp1', '1.0-foo', '1.0-xyz', '1.0.1']);
  });
  it('rejects empty and over-long strings', () => {
    expectBoundsRejected(maven);
  });
});
