/**
 * The terminal summary of an assessment: principle table, counts, optionally every claim with its
 * wording and reason, failing findings (each, or the first few and how many more), top actions
 * with their remediation whole. Colour only when asked (the CLI asks on a TTY without NO_COLOR).
 * Every repository-derived string goes through oneLine.
 */
import type { AssessmentReport, CodeResult, PrincipleResult, Verdict } from '../../assessment/types.js';
import { oneLine, wordWrap } from '../../util/text.js';

export interface TextOptions {
  colour?: boolean;
  /** Each claim or provision under its principle: number, verdict, paraphrased title, reason. */
  claims?: boolean;
  /** The report was narrowed to what fails (selectReport): list it instead of the principle table. */
  onlyFailing?: boolean;
}

/** Failing findings listed before "… and N more" when not asked for all of them. */
const FINDINGS_SHOWN = 10;
/** Long enough for any remediation or reason we write; repository text is bounded by it too. */
const WHOLE = 4000;
const severityOrder = ['critical', 'high', 'medium', 'low', 'info'];

const colours: Record<Verdict, string> = {
  met: '\x1b[32m',
  partial: '\x1b[33m',
  'not-met': '\x1b[31m',
  unknown: '\x1b[90m',
  'not-applicable': '\x1b[90m',
};
const RESET = '\x1b[0m';
const BOLD = '\x1b[1m';

const codeNames: Record<string, string> = { sscop: 'SSCoP', aicop: 'AI CoP' };
const unitNames: Record<string, string> = { sscop: 'claims', aicop: 'provisions' };

function pad(s: string, n: number): string {
  return s.length >= n ? `${s.slice(0, n - 1)}… ` : s + ' '.repeat(n - s.length);
}

function location(l: { path: string; line?: number; column?: number } | undefined): string {
  if (!l) return '';
  return oneLine(`${l.path}${l.line ? `:${l.line}${l.column ? `:${l.column}` : ''}` : ''}`, 120);
}

function claimLines(p: PrincipleResult, paint: (v: Verdict, s: string) => string): string[] {
  const lines = [`  ${p.number} ${p.title}: ${paint(p.verdict, p.verdict)}`];
  const numberWidth = Math.max(...p.requirements.map((r) => r.number.length));
  for (const r of p.requirements) {
    const lead = `    ${r.number.padEnd(numberWidth)}  ${paint(r.verdict, r.verdict.padEnd(15))}`;
    const indent = ' '.repeat(4 + numberWidth + 2 + 15);
    const should = r.recommendation ? ' (should)' : '';
    lines.push(`${lead}${wordWrap(oneLine(`${r.title}${should}`, WHOLE), indent).slice(indent.length)}`);
    lines.push(wordWrap(`why: ${oneLine(r.reason, WHOLE)}`, `${indent}     `, indent));
  }
  return lines;
}

function codeSection(
  code: CodeResult,
  paint: (v: Verdict, s: string) => string,
  opts: TextOptions,
): string[] {
  const name = codeNames[code.id] ?? code.id;
  const lines = [`${name}: ${code.title}`];
  if (!code.applicable) {
    lines.push(`  not applicable: ${code.reason ?? ''}`, '');
    return lines;
  }
  if (opts.onlyFailing) {
    const unit = unitNames[code.id] ?? 'requirements';
    if (code.principles.length === 0) lines.push(`  no ${unit} not met or partly met`);
    for (const p of code.principles) lines.push(...claimLines(p, paint));
    lines.push('');
    return lines;
  }
  lines.push(`  ${pad('principle', 52)}${pad('verdict', 16)}met  partial  unknown  not-met  n/a`);
  for (const p of code.principles) {
    const c = (v: Verdict) => p.requirements.filter((r) => r.verdict === v).length;
    const counts = [c('met'), c('partial'), c('unknown'), c('not-met'), c('not-applicable')];
    const widths = [5, 9, 9, 9, 3];
    lines.push(
      `  ${pad(`${p.number} ${p.title}`, 52)}${paint(p.verdict, pad(p.verdict, 16))}${counts
        .map((n, i) => pad(String(n), widths[i] ?? 5))
        .join('')}`.trimEnd(),
    );
  }
  const total = Object.values(code.counts).reduce((a, b) => a + b, 0);
  const parts = (Object.keys(code.counts) as Verdict[])
    .filter((v) => code.counts[v] > 0)
    .map((v) => `${code.counts[v]} ${v}`);
  lines.push(`  ${total} ${unitNames[code.id] ?? 'requirements'}: ${parts.join(', ')}`);
  if (code.reason) lines.push(`  note: ${code.reason}`);
  if (opts.claims) {
    lines.push('');
    for (const p of code.principles) lines.push(...claimLines(p, paint));
  }
  lines.push('');
  return lines;
}

/** A product of several repositories: each, and how its findings are told apart. */
export function productRepositoryLines(report: AssessmentReport): string[] {
  if (!report.repositories) return [];
  return [
    `product of ${report.repositories.length} repositories, judged as one (findings outside ${oneLine(report.repositories[0]!.name, 80)} start with their repository's name):`,
    ...report.repositories.map(
      (r) =>
        `  ${oneLine(r.name, 80)}: ${r.primary ? 'holds vouch.yaml' : oneLine(r.url ?? r.path ?? '', 200)}${r.head ? ` @ ${r.head.slice(0, 12)}` : ''}, ${r.files} files${r.note ? ` (${oneLine(r.note, 160)})` : ''}`,
    ),
  ];
}

export function renderText(report: AssessmentReport, opts: TextOptions = {}): string {
  const paint = (v: Verdict, s: string) => (opts.colour ? `${colours[v]}${s}${RESET}` : s);
  const bold = (s: string) => (opts.colour ? `${BOLD}${s}${RESET}` : s);
  const r = report.repository;
  const lines: string[] = [
    bold(
      `vouch ${report.tool.version}: ${oneLine(report.product.name, 80)}${report.product.version ? ` ${oneLine(report.product.version, 40)}` : ''} (${report.product.vendorRole ?? 'role not declared'})`,
    ),
    `repository: ${oneLine(r.root, 200)}${r.head ? ` @ ${r.head.slice(0, 12)}` : ''}, ${r.files} files${r.note ? ` (${oneLine(r.note, 120)})` : ''}`,
    ...productRepositoryLines(report),
    '',
  ];
  for (const code of report.codes) lines.push(...codeSection(code, paint, opts));

  const failing = report.findings.filter((f) => f.outcome === 'fail' && !f.suppressed);
  const suppressed = report.findings.filter((f) => f.suppressed).length;
  const observations = report.findings.filter((f) => f.outcome === 'observation' && !f.suppressed).length;
  const bySeverity = ['critical', 'high', 'medium', 'low', 'info']
    .map((s) => [s, failing.filter((f) => f.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`);
  lines.push(
    `findings: ${failing.length} failing${bySeverity.length ? ` (${bySeverity.join(', ')})` : ''}, ${observations} ${observations === 1 ? 'observation' : 'observations'}, ${suppressed} suppressed, ${report.findings.length} in all`,
  );
  if (failing.length > 0) {
    const shown = opts.onlyFailing ? failing.length : Math.min(failing.length, FINDINGS_SHOWN);
    const sorted = [...failing].sort(
      (a, b) => severityOrder.indexOf(a.severity) - severityOrder.indexOf(b.severity),
    );
    lines.push('', bold('failing findings:'));
    for (const f of sorted.slice(0, shown)) {
      const where = location(f.location);
      lines.push(
        `  [${f.severity}] ${f.rule}${where ? ` at ${where}` : ''}`,
        wordWrap(oneLine(f.message, WHOLE), '      '),
      );
      if (opts.onlyFailing)
        lines.push(wordWrap(`fix: ${oneLine(f.remediation, WHOLE)}`, '           ', '      '));
    }
    if (failing.length > shown)
      lines.push(
        `  … and ${failing.length - shown} more (vouch assess --only failing lists every one with its fix)`,
      );
  }
  if (report.actions.length > 0 && !opts.onlyFailing) {
    lines.push('', bold('top actions:'));
    for (const a of report.actions) {
      const where = location(a.location);
      lines.push(
        `  [${a.severity}] ${a.rule}${where ? ` at ${where}` : ''}`,
        wordWrap(oneLine(a.text, WHOLE), '      '),
      );
    }
  }
  const problems = [
    ...report.problems.manifest.map(
      (p) => `${p.file}${p.line ? `:${p.line}:${p.column ?? 1}` : ''}: ${oneLine(p.message, 200)}`,
    ),
    ...report.problems.inventory.map((p) => `${oneLine(p.path, 120)}: ${p.kind}: ${oneLine(p.detail, 160)}`),
    ...report.problems.collectors.map((p) => `collector ${p.collector}: ${oneLine(p.error, 200)}`),
  ];
  if (problems.length > 0) {
    lines.push('', bold('problems (the assessment went on without these):'));
    for (const p of problems.slice(0, 20)) lines.push(`  ${p}`);
    if (problems.length > 20) lines.push(`  … and ${problems.length - 20} more (see --format json)`);
  }
  return `${lines.join('\n')}\n`;
}
