import { describe, expect, it } from 'vitest';
import { expectAscending, expectBoundsRejected, expectEqual } from '../../../test/helpers/version-order.js';
import { debian } from './debian.js';

describe('debian', () => {
  it('sorts "~" before everything, even the end, and letters before other characters', () => {
    expectAscending(debian, ['1.0~~', '1.0~~a', '1.0~', '1.0', '1.0a', '1.0+', '1.0.1']);
  });
  it('compares epoch first, then upstream, then revision split at the last "-"', () => {
    expectAscending(debian, ['1.2.3-1~deb7u1', '1.2.3-1', '1.2.3-1+deb10u1', '1.2.3-2', '1:0.1-1']);
    expectEqual(debian, ['0.0.0', '0:0.0.0', '0.0.0-0', ' 0.0.0 ']);
    expect(debian.parse('1.0-rc-1')).toEqual({ epoch: '0', upstream: '1.0-rc', revision: '1' });
  });
  it('rejects a non-numeric epoch and bounds the length', () => {
    expect(debian.parse('a:1.0')).toBeUndefined();
    expectBoundsRejected(debian);
  });
});
