import { describe, it } from 'vitest';
import { expectAscending, expectBoundsRejected } from '../../../test/helpers/version-order.js';
import { pub } from './pub.js';

describe('pub', () => {
  it('orders build metadata after everything else', () => {
    expectAscending(pub, ['1.0.0-pre', '1.0.0-pre+build', '1.0.0', '1.0.0+1', '1.0.0+a', '1.0.1']);
  });
  it('rejects empty and over-long strings', () => {
    expectBoundsRejected(pub);
  });
});
