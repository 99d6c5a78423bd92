/** `vouch statement` end to end through the built bin: Markdown and CSV, from a repository or a saved report. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssessmentReport } from '../../src/assessment/types.js';
import { CSV_COLUMNS } from '../../src/formats/statement/csv.js';
import { ensureBuilt, runBin } from '../helpers/bin.js';
import {
  assessTo,
  HOSTILE_ASSESSOR,
  HOSTILE_PRODUCT,
  hostileRepo,
  reportPath,
} from '../helpers/statement-fixture.js';

/** RFC 4180 records: quoted fields may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}

const requirementIds = (r: AssessmentReport) =>
  r.codes.flatMap((c) => c.principles.flatMap((p) => p.requirements.map((q) => q.id)));

describe('vouch statement', () => {
  let root: string;
  let dir: string;
  let report: AssessmentReport;
  beforeAll(() => {
    ensureBuilt();
    root = hostileRepo();
    dir = mkdtempSync(join(tmpdir(), 'vouch-statement-'));
    report = assessTo(root, reportPath(dir));
  }, 300_000);
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes the Markdown self-assessment of a repository: every claim and provision, scope, assessor and date', () => {
    const out = join(dir, 'statement.md');
    const r = runBin([
      'statement',
      root,
      '--format',
      'markdown',
      '--output',
      out,
      '--today',
      '2026-12-01',
      '-q',
    ]);
    expect(r.code, r.err).toBe(0);
    const md = readFileSync(out, 'utf8');
    expect(md).toContain('| Statement date | 2026-12-01 |');
    expect(md).toContain(`at commit \`${report.repository.head}\``);
    // Hostile vouch.yaml strings are escaped: no raw tag, no raw bidi control.
    expect(md).not.toContain('<script>');
    expect(md).not.toContain('\u202E');
    expect(md).toContain('demo \\<script\\>window.pwned=1\\</script\\>');
    expect(md).toContain('\\\\u202E');
    for (const id of requirementIds(report)) {
      const number = id.split(':')[1]!;
      expect(md, id).toMatch(new RegExp(`^\\| ${number.replace(/\./g, '\\.')}( \\(should\\))? \\|`, 'm'));
    }
    // The machine's folders never reach the statement.
    expect(md).not.toContain(root);
  });

  it('writes one RFC 4180 CSV row per claim or provision with spreadsheet formulas neutralised', () => {
    const r = runBin(['statement', '--report', reportPath(dir), '--format', 'csv', '--today', '2026-12-02']);
    expect(r.code, r.err).toBe(0);
    expect(r.out.endsWith('\r\n')).toBe(true);
    const rows = parseCsv(r.out);
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    const body = rows.slice(1);
    expect(body.map((row) => row[3])).toEqual(requirementIds(report));
    expect(body.every((row) => row.length === CSV_COLUMNS.length)).toBe(true);
    const col = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);
    expect(new Set(body.map((row) => row[col('assessor')]))).toEqual(new Set([`'${HOSTILE_ASSESSOR}`]));
    expect(body[0]![col('product')]).toBe(`${HOSTILE_PRODUCT} 1.2.3`);
    expect(body[0]![col('statement date')]).toBe('2026-12-02');
    for (const row of body) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    // Each row's verdict is the report's.
    const verdicts = new Map(
      report.codes.flatMap((c) => c.principles.flatMap((p) => p.requirements.map((q) => [q.id, q.verdict]))),
    );
    for (const row of body) expect(row[col('verdict')]).toBe(verdicts.get(row[3]!));
    // A failing finding in the hostile workflow file is an open action on some claim.
    expect(body.some((row) => row[col('open actions')]!.includes('gha-unpinned-uses'))).toBe(true);
  });

  it('--assessor overrides vouch.yaml; a path and --report together, or a bad report, are usage errors', () => {
    const ok = runBin(['statement', '--report', reportPath(dir), '--assessor', 'A. Assessor, Example Ltd']);
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toContain('| Assessor | A. Assessor, Example Ltd |');
    const both = runBin(['statement', root, '--report', reportPath(dir)]);
    expect(both.code).toBe(2);
    expect(both.err).toContain('not both');
    const bad = runBin(['statement', '--report', join(dir, 'missing.json')]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('does not exist');
  });
});
