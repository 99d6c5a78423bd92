import { describe, expect, it } from 'vitest';
import { checkOsvRecord, normaliseTime } from './osv.js';

/** What normaliseTime gave before its direct path: Date.parse, then toISOString. */
function viaDate(text: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text)) return undefined;
  const t = Date.parse(text);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

describe('normaliseTime', () => {
  it('gives what Date.parse and toISOString give, for every field at and around its bounds', () => {
    const years = [0, 1, 1900, 1999, 2000, 2023, 2024, 2100, 9999];
    const months = [0, 1, 2, 4, 12, 13];
    const days = [0, 1, 28, 29, 30, 31, 32];
    const times = ['00:00:00', '23:59:59', '24:00:00', '23:60:00', '23:59:60', '12:34:56'];
    const fractions = ['', '.', '.1', '.12', '.123', '.1234', '.999999', '.123456789', '.x1'];
    let checked = 0;
    for (const y of years)
      for (const m of months)
        for (const d of days)
          for (const t of times)
            for (const f of fractions) {
              const text = `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}T${t}${f}Z`;
              expect(normaliseTime(text), text).toBe(viaDate(text));
              checked++;
            }
    expect(checked).toBe(years.length * months.length * days.length * times.length * fractions.length);
  });

  it('leaves other shapes to Date.parse: offsets, lower-case, no zone, junk', () => {
    for (const text of [
      '2024-03-01T10:00:00+01:00',
      '2024-03-01T10:00:00.5-05:30',
      '2024-03-01t10:00:00z',
      '2024-03-01T10:00:00z',
      '2024-03-01T10:00Z',
      '2024-03-01 10:00:00Z',
      '2024-3-01T10:00:00Z',
      '+002024-03-01T10:00:00Z',
      '2024-03-01T10:00:00ZZ',
      '２０２４-03-01T10:00:00Z',
      'not a date',
      '',
    ])
      expect(normaliseTime(text), text).toBe(viaDate(text));
    expect(normaliseTime(20240301)).toBeUndefined();
    expect(normaliseTime(undefined)).toBeUndefined();
  });
});

describe('checkOsvRecord: the index entry', () => {
  it('is the JSON of package, ranges and versions only, as JSON.stringify writes it', () => {
    const entry = {
      package: { ecosystem: 'PyPI', name: 'Some_Pkg', purl: 'pkg:pypi/some-pkg' },
      ranges: [
        { type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1.2"3' }], repo: 'x' },
        { type: 'GIT', repo: 'https://example.test/r', events: [{ introduced: 'abc' }, { limit: 'def' }] },
      ],
      versions: ['1.0', '1.1\u2028'],
      ecosystem_specific: { imports: [{ symbols: ['A', 'B'] }] },
      database_specific: { note: 'dropped' },
    };
    const value = {
      id: 'PYSEC-1',
      modified: '2024-01-02T03:04:05Z',
      affected: [entry, { ...entry, ranges: undefined }],
    };
    const checked = checkOsvRecord(value, JSON.stringify(value));
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    const [first, second] = checked.row.affected;
    expect(first!.entry).toBe(
      JSON.stringify({
        package: { ecosystem: 'PyPI', name: 'Some_Pkg' },
        ranges: entry.ranges.map((r) => ({ type: r.type, events: r.events })),
        versions: entry.versions,
      }),
    );
    expect(second!.entry).toBe(
      JSON.stringify({ package: { ecosystem: 'PyPI', name: 'Some_Pkg' }, versions: entry.versions }),
    );
    expect(checked.row.modified).toBe('2024-01-02T03:04:05.000Z');
  });

  it('keeps each alias once, in order, without the record id', () => {
    const value = {
      id: 'GHSA-x',
      modified: '2024-01-02T03:04:05Z',
      aliases: ['CVE-1', 'GHSA-x', 'CVE-2', 'CVE-1', 7, ''],
    };
    const checked = checkOsvRecord(value, JSON.stringify(value));
    expect(checked.ok && checked.row.aliases).toEqual(['CVE-1', 'CVE-2']);
  });

  it('refuses an event with two versions, or none', () => {
    for (const events of [[{ introduced: '0', fixed: '1' }], [{ note: 'x' }], [{ fixed: 1 }]]) {
      const value = {
        id: 'X-1',
        modified: '2024-01-02T03:04:05Z',
        affected: [{ package: { ecosystem: 'npm', name: 'x' }, ranges: [{ type: 'SEMVER', events }] }],
      };
      expect(checkOsvRecord(value, JSON.stringify(value))).toEqual({
        ok: false,
        reason: 'affected[0] has an event without exactly one version',
      });
    }
  });
});
