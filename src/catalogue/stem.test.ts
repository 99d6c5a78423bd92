import { describe, expect, it } from 'vitest';
import { searchCatalogue } from './load.js';
import { stem } from './stem.js';

describe('stem', () => {
  it('brings the forms of a word together', () => {
    for (const [a, b] of [
      ['training', 'trained'],
      ['trains', 'train'],
      ['stored', 'storing'],
      ['planned', 'plans'],
      ['applied', 'applies'],
      ['vulnerabilities', 'vulnerability'],
    ] as const)
      expect(stem(a), `${a} ~ ${b}`).toBe(stem(b));
  });
  it('leaves short words and -ss/-us/-is endings alone', () => {
    expect(stem('process')).toBe('process');
    expect(stem('status')).toBe('status');
    expect(stem('its')).toBe('its');
  });
});

describe('catalogue search with stemming', () => {
  it('"training" finds the claim that says "trained", and "trained" the provisions on training', () => {
    const training = searchCatalogue('training').map((h) => h.item.id);
    expect(training).toContain('sscop:1.1.2');
    // The exact word still ranks first.
    expect(searchCatalogue('training')[0]!.item.text.toLowerCase()).toContain('training');
    const trained = searchCatalogue('trained').map((h) => h.item.id);
    expect(trained).toContain('aicop:1.1');
  });
});
