/**
 * Version strings built to hurt the parsers: repeated separators, digit runs, suffix markers and
 * control characters up to the 256-character bound. Every scheme must give an answer (parsed or
 * invalid), compare what it parsed consistently both ways, and never throw; a regex that
 * backtracks catastrophically would hang here until the test times out.
 */
import { describe, expect, it } from 'vitest';
import { matchAffected } from '../../src/vulnerabilities/match.js';
import { MAX_VERSION_LENGTH, schemes, type VersionScheme } from '../../src/vulnerabilities/versions/index.js';

const fill = (unit: string): string =>
  unit.repeat(Math.ceil(MAX_VERSION_LENGTH / unit.length)).slice(0, MAX_VERSION_LENGTH);

const HOSTILE = [
  fill('1.'),
  fill('9'),
  fill('0'),
  fill('.'),
  fill('-'),
  fill('a'),
  fill('1a'),
  fill('_p1'),
  fill('_alpha'),
  fill('~'),
  fill('^'),
  fill(':'),
  fill('1!'),
  `${fill('1.').slice(0, 200)}!x`,
  `${fill('1.').slice(0, 250)}+a_b!`,
  `1.0+${fill('a.').slice(0, 240)}-`,
  `1.0${fill('-r').slice(0, 250)}`,
  'v1\u0000.2\n',
  '<script>1.0</script>',
];

describe('hostile version strings', () => {
  for (const [id, scheme] of Object.entries(schemes) as [string, VersionScheme][]) {
    it(`${id} answers every one without throwing, consistently both ways`, () => {
      const parsed = HOSTILE.map((v) => scheme.parse(v)).filter((p) => p !== undefined);
      for (const a of parsed) {
        for (const b of parsed) expect(scheme.compare(a, b)).toBe(-scheme.compare(b, a) || 0);
      }
      expect(scheme.parse(`${fill('1.')}1`)).toBeUndefined();
    });
  }

  it('matching reports an over-long version as invalid instead of parsing it', () => {
    const affected = {
      package: { ecosystem: 'PyPI', name: 'x' },
      ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }] }],
    };
    expect(matchAffected(affected, `${fill('1.')}1`)).toMatchObject({ status: 'invalid-version' });
    expect(matchAffected(affected, fill('1.')).status).toBe('affected');
  });
});
