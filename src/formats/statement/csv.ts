/**
 * The statement as CSV for spreadsheets and GRC tools: one row per claim or provision, RFC 4180
 * (CRLF records, fields quoted when they hold a comma, quote or line break, quotes doubled).
 * A cell that a spreadsheet would read as a formula (starting with = + - @, tab or CR) is
 * prefixed with an apostrophe, so repository text cannot run as a formula (CSV injection).
 */
import { oneLine } from '../../util/text.js';
import { ASSESSOR_UNNAMED, actionText, claimsOf, evidenceLine, type Statement } from './model.js';

const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV field: neutralised, then quoted when RFC 4180 needs it. */
export function csvField(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const CSV_COLUMNS = [
  'code',
  'principle',
  'principle title',
  'id',
  'ref',
  'kind',
  'strength',
  'requirement',
  'verdict',
  'basis',
  'reason',
  'argument',
  'evidence',
  'evidence hashes and dates',
  'open actions',
  'product',
  'vendor',
  'repository',
  'commit',
  'assessor',
  'statement date',
  'assessed at',
] as const;

export function renderStatementCsv(s: Statement): string {
  // Tabs and line breaks inside a value become spaces and bidi controls visible escapes: one
  // physical line per record reads the same in every tool.
  const text = (v: string | undefined, max = 4000) => oneLine(v ?? '', max);
  const product = `${s.product.name}${s.product.version ? ` ${s.product.version}` : ''}`;
  const records = [CSV_COLUMNS.join(',')];
  for (const [c, p, r] of claimsOf(s)) {
    const lines = r.evidence.map(evidenceLine);
    const values = [
      c.id,
      p.number,
      p.title,
      r.id,
      r.number,
      r.kind,
      r.strength,
      r.title,
      r.verdict,
      r.basis,
      r.reason,
      r.argument,
      lines.map((l) => l.text).join(' | '),
      lines
        .map((l) => [l.hash, l.dates].filter(Boolean).join(', '))
        .filter(Boolean)
        .join(' | '),
      r.actions.map(actionText).join(' | '),
      product,
      s.product.vendor,
      s.scope.remote ?? s.scope.repository,
      s.scope.commit,
      s.assessor ?? ASSESSOR_UNNAMED,
      s.date,
      s.assessedAt,
    ];
    records.push(values.map((v) => csvField(text(v))).join(','));
  }
  return `${records.join('\r\n')}\r\n`;
}
