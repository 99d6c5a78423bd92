/**
 * The Markdown report: for a pull-request comment or a document a vendor sends to a customer.
 * Repository-derived text is escaped (no HTML or Markdown injection from file names or content,
 * and no HTML entities for the reader to decode); paths are relative to the repository, so the
 * document does not reveal the folders of the machine that wrote it.
 */
import { basename } from 'node:path';
import type { AssessmentReport, RequirementResult } from '../../assessment/types.js';
import { escapeMarkdown } from '../../util/text.js';

export function renderMarkdown(report: AssessmentReport): string {
  const root = report.repository.root;
  // Any mention of the repository's absolute path (in a reason or message) becomes relative.
  const relative = (s: string) => (root.length > 1 ? s.split(`${root}/`).join('').split(root).join('.') : s);
  const md = (s: string, max?: number) => escapeMarkdown(relative(s), max);
  const loc = (l: { path: string; line?: number; column?: number } | undefined) =>
    l ? md(`${l.path}${l.line ? `:${l.line}${l.column ? `:${l.column}` : ''}` : ''}`, 200) : '';
  const requirementRow = (r: RequirementResult) => {
    const tag = r.recommendation ? ' (should)' : '';
    return `| ${r.number}${tag} | ${md(r.title, 300)} | ${r.verdict} | ${r.basis} | ${md(r.reason, 400)} |`;
  };
  const out: string[] = [
    `# vouch assessment: ${md(report.product.name, 120)}${report.product.version ? ` ${md(report.product.version, 40)}` : ''}`,
    '',
    `- vouch ${report.tool.version}, catalogue ${md(report.tool.catalogueVersion)}, ${report.generatedAt}`,
    `- vendor role: ${report.product.vendorRole ?? 'not declared'}${report.product.declared ? '' : ' (assumed: no valid vouch.yaml)'}`,
    `- repository: ${md(basename(root) || '.', 200)}${report.repository.head ? ` at \`${report.repository.head.slice(0, 12)}\`` : ''}, ${report.repository.files} files`,
    ...(report.repositories
      ? [
          `- product of ${report.repositories.length} repositories, judged as one; findings outside ${md(report.repositories[0]!.name, 80)} start with their repository's name:`,
          ...report.repositories.map(
            (r) =>
              `  - ${md(r.name, 80)}: ${r.primary ? 'holds vouch.yaml' : md(r.url ?? r.path ?? '', 200)}${r.head ? ` at \`${r.head.slice(0, 12)}\`` : ''}, ${r.files} files`,
          ),
        ]
      : []),
    '',
  ];
  for (const code of report.codes) {
    out.push(`## ${md(code.title)}`, '', `Source: <${code.sourceUrl}>`, '');
    if (!code.applicable) {
      out.push(`Not applicable: ${md(code.reason ?? '', 400)}`, '');
      continue;
    }
    out.push('| principle | verdict |', '|---|---|');
    for (const p of code.principles) out.push(`| ${p.number} ${md(p.title)} | ${p.verdict} |`);
    out.push('');
    for (const p of code.principles) {
      out.push(
        `### ${p.number} ${md(p.title)}: ${p.verdict}`,
        '',
        `| id | ${code.id === 'sscop' ? 'claim' : 'provision'} | verdict | basis | reason |`,
        '|---|---|---|---|---|',
      );
      for (const r of p.requirements) out.push(requirementRow(r));
      out.push('');
    }
  }
  const failing = report.findings.filter((f) => f.outcome === 'fail');
  out.push('## Findings', '');
  if (failing.length === 0) out.push('No failing findings.', '');
  else {
    out.push('| severity | rule | location | message | fingerprint |', '|---|---|---|---|---|');
    for (const f of failing) {
      const s = f.suppressed ? ` (suppressed: ${md(f.suppressed.reason, 120)})` : '';
      out.push(
        `| ${f.severity} | ${md(f.rule)} | ${loc(f.location)} | ${md(f.message, 300)}${s} | \`${f.fingerprint}\` |`,
      );
    }
    out.push('');
  }
  if (report.actions.length > 0) {
    out.push('## Top actions', '');
    for (const a of report.actions)
      out.push(`1. **${md(a.rule)}** (${a.severity}) ${loc(a.location)}: ${md(a.text, 400)}`);
    out.push('');
  }
  return out.join('\n');
}
