import { describe, expect, it } from 'vitest';
import { expectAscending, expectBoundsRejected, expectEqual } from '../../../test/helpers/version-order.js';
import { pep440 } from './pep440.js';

describe('pep440', () => {
  it('orders the PEP 440 summary example', () => {
    expectAscending(pep440, [
      '1.0.dev456',
      '1.0a1',
      '1.0a2.dev456',
      '1.0a12.dev456',
      '1.0a12',
      '1.0b1.dev456',
      '1.0b2',
      '1.0b2.post345.dev456',
      '1.0b2.post345',
      '1.0rc1.dev456',
      '1.0rc1',
      '1.0',
      '1.0+abc.5',
      '1.0+abc.7',
      '1.0+5',
      '1.0.post456.dev34',
      '1.0.post456',
      '1.0.15',
      '1.1.dev1',
      '1!0.1',
    ]);
  });
  it('normalises the alternative spellings', () => {
    expectEqual(pep440, ['1.0a1', '1.0-alpha-1', '1.0.ALPHA1', 'v1.0a1']);
    expectEqual(pep440, ['1.0rc1', '1.0c1', '1.0pre1', '1.0-preview.1']);
    expectEqual(pep440, ['1.0.post1', '1.0-1', '1.0rev1', '1.0-r-1']);
    expectEqual(pep440, ['1.0', '1.0.0', '0!1.0']);
  });
  it('reads non-PEP 440 strings as legacy versions below every PEP 440 one', () => {
    expect(pep440.parse('french toast')?.legacy).toBeDefined();
    expectAscending(pep440, ['-class.-jw.util.version.version-dev', '0.9-doduo', '0.9-eevee', '0.0.1']);
  });
  it('rejects empty and over-long strings', () => {
    expectBoundsRejected(pep440);
  });
});
